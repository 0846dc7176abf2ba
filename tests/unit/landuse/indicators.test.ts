/**
 * Every sub-indicator on hand-computed small grids (cells of 100 m = 1 ha). Class codes:
 * 1 housing, 2 shops, 3 industry, 4 farm, 5 forest, 6 park, 7 water (see fixtures.ts).
 */
import { describe, expect, test } from 'vitest';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { contributionMap, StandaloneContributionBasis } from '../../../engine/src/landuse/objectives/contribution.js';
import { squaredDistanceTransform } from '../../../engine/src/gis/index.js';
import { layoutMap, NO_CLASS } from '../../../engine/src/landuse/model/study-area.js';
import { walkingDisk } from '../../../engine/src/landuse/objectives/access.js';
import { countRuns, wordsPerRow, writeBit } from '../../../engine/src/landuse/objectives/bits.js';
import { LAYERS_HEADER, tinyStudyArea, type TinyGrid } from './fixtures.js';

/** The value of the single indicator of objective `a` for today's layout. */
function indicatorValue(objectiveA: string, grid: TinyGrid, layers = ''): number {
  const { area } = tinyStudyArea(
    `${LAYERS_HEADER}${layers}objectives:\n  a: { indicators: { ${objectiveA} } }\n  b: { indicators: { carbon: {} } }\n`,
    grid,
  );
  const evaluator = new LandUseEvaluator(area);
  const report = evaluator.report(currentGenome(area));
  return report.indicators[0]!.value;
}

const GRID: TinyGrid = {
  codes: [
    '1 1 4', //
    '4 5 5',
    '3 6 7',
  ],
};

describe('economic sub-indicators', () => {
  test('landValue without accessibility is sum of per-class values x area, in M€', () => {
    // housing 2 x 300 + farm 2 x 20 + forest 2 x 5 + industry 200 (+ park, water 0) = 850 k€.
    expect(indicatorValue('landValue: {}', GRID)).toBeCloseTo(0.85, 10);
  });

  test('landValue with a bid-rent premium decaying with distance to a layer', () => {
    const grid: TinyGrid = { codes: ['1 4'], layers: { centre: ['1 0'] } };
    // housing at d=0: 300 x (0.5 + 0.5 x 1); farm at d=100 m, decay 100 m, sensitivity 0.1: 20 x (0.9 + 0.1 e^-1).
    const expected = (300 + 20 * (0.9 + 0.1 * Math.exp(-1))) / 1000;
    expect(
      indicatorValue('landValue: { accessFrom: centre, decay: 100 m }', grid, '  centre: { path: c.geojson }\n'),
    ).toBeCloseTo(expected, 10);
  });

  test('conversionCost is minus the from-to cost of every changed cell', () => {
    const { area } = tinyStudyArea(
      `${LAYERS_HEADER}objectives:\n  a: { indicators: { conversionCost: { toBuilt: 50, other: 5, costs: [ { from: farm, to: park, cost: 2 } ] } } }\n  b: { indicators: { carbon: {} } }\n`,
      {
        codes: ['4 4 4 1'],
      },
    );
    const evaluator = new LandUseEvaluator(area);
    // farm -> housing (50), farm -> park (2), farm -> forest (5), housing stays.
    const genome = Uint8Array.from([0, 5, 4, 0]);
    expect(evaluator.report(genome).indicators[0]!.value).toBeCloseTo(-(50 + 2 + 5) / 1000, 12);
  });

  test('developmentCost charges newly built cells for slope and road distance', () => {
    const grid: TinyGrid = { codes: ['4 4 1'], layers: { slope: ['10 2 30'], roads: ['1 0 0'] } };
    const { area } = tinyStudyArea(
      `${LAYERS_HEADER}  slope: { path: s.tif }\n  roads: { path: r.geojson }\nobjectives:\n  a: { indicators: { developmentCost: { slope: slope, perDegree: 4, roads: roads, perKm: 100 } } }\n  b: { indicators: { carbon: {} } }\n`,
      grid,
    );
    const evaluator = new LandUseEvaluator(area);
    // Cell 0 farm -> housing: 4 x 10 + 100 x 0 km; cell 1 farm -> shops: 4 x 2 + 100 x 0.1 km; cell 2 already built: free.
    const genome = Uint8Array.from([0, 1, 0].slice(0, area.geneCells.length));
    const value = evaluator.report(genome).indicators[0]!.value;
    expect(value).toBeCloseTo(-(40 + 8 + 10) / 1000, 8); // x is stored as float32
  });
});

describe('social sub-indicators', () => {
  test('greenAccess: share of housing within walking distance of green classes', () => {
    // Housing at x=0 and x=4; forest at x=2. 150 m reaches x=1..3 only.
    const grid: TinyGrid = { codes: ['1 4 5 4 4 1'] };
    expect(indicatorValue('greenAccess: { distance: 150 m }', grid)).toBe(0);
    expect(indicatorValue('greenAccess: { distance: 200 m }', grid)).toBe(50);
    expect(indicatorValue('greenAccess: { distance: 300 m }', grid)).toBe(100);
  });

  test('greenAccess measures Euclidean distance: a diagonal of 141 m is within 150 m', () => {
    expect(indicatorValue('greenAccess: { distance: 150 m }', { codes: ['1 4', '4 6'] })).toBe(100);
    expect(indicatorValue('greenAccess: { distance: 140 m }', { codes: ['1 4', '4 6'] })).toBe(0);
  });

  test('serviceAccess uses classes marked services (or those listed)', () => {
    const grid: TinyGrid = { codes: ['1 2 4 4 1 4 3'] };
    expect(indicatorValue('serviceAccess: { distance: 100 m }', grid)).toBe(50);
    expect(indicatorValue('serviceAccess: { distance: 100 m, classes: [shops, industry] }', grid)).toBe(50);
    expect(indicatorValue('serviceAccess: { distance: 300 m, classes: [industry] }', grid)).toBe(50);
  });

  test('amenityAccess averages over amenity layers the share of housing within reach', () => {
    const grid: TinyGrid = { codes: ['1 4 4 4 1'], layers: { schools: ['1 0 0 0 0'], stops: ['0 0 0 0 1'] } };
    // Each housing cell reaches one of the two layers within 100 m: 50 %.
    expect(
      indicatorValue(
        'amenityAccess: { layers: [schools, stops], distance: 100 m }',
        grid,
        '  schools: { path: s.geojson }\n  stops: { path: t.geojson }\n',
      ),
    ).toBe(50);
  });

  test('housingSupply: new housing area x density against the dwellings needed, capped at 100 %', () => {
    const { area } = tinyStudyArea(
      `${LAYERS_HEADER}objectives:\n  a: { indicators: { housingSupply: { dwellings: 100, density: 40 } } }\n  b: { indicators: { carbon: {} } }\n`,
      {
        codes: ['1 4 4 4'],
      },
    );
    const evaluator = new LandUseEvaluator(area);
    expect(evaluator.report(Uint8Array.from([0, 3, 3, 3])).indicators[0]!.value).toBe(0);
    expect(evaluator.report(Uint8Array.from([0, 0, 3, 3])).indicators[0]!.value).toBe(40);
    expect(evaluator.report(Uint8Array.from([0, 0, 0, 0])).indicators[0]!.value).toBe(100);
  });

  test('compatibility: mean pair score over 8-neighbour pairs, x100', () => {
    // 2 x 2 grid: 6 pairs (2 horizontal, 2 vertical, 2 diagonal). housing-industry -1, housing-park +1.
    const grid: TinyGrid = { codes: ['1 3', '6 4'] };
    // Pairs: (1,3) -1, (6,4) 0, (1,6) +1, (3,4) 0, (1,4) 0, (3,6) 0 -> sum 0.
    const pairs =
      'compatibility: { pairs: [ { a: housing, b: industry, score: -1 }, { a: housing, b: park, score: 1 }, { a: industry, b: park, score: -0.5 } ] }';
    expect(indicatorValue(pairs, grid)).toBeCloseTo((100 * (-1 + 1 - 0.5)) / 6, 12);
  });
});

describe('ecological sub-indicators', () => {
  test('habitatValue sums per-class values x area, optionally scaled by a layer', () => {
    // farm 0.2 x 2 + forest 1 x 2 + park 0.4 + water 0.5 = 3.3
    expect(indicatorValue('habitatValue: {}', GRID)).toBeCloseTo(3.3, 12);
    const grid: TinyGrid = { codes: ['5 5'], layers: { quality: ['0.5 1'] } };
    expect(indicatorValue('habitatValue: { layer: quality }', grid, '  quality: { path: q.tif }\n')).toBeCloseTo(
      1.5,
      12,
    );
  });

  test('habitatCore counts natural cells whose study-area neighbours are all natural', () => {
    // Forest/water block with one farm cell in a corner: core cells are those not touching it.
    const grid: TinyGrid = { codes: ['5 5 5 5', '5 5 5 5', '5 5 7 5', '5 5 5 4'] };
    // Non-core: the farm (not natural) and its 3 natural neighbours -> 16 - 4 = 12 ha.
    expect(indicatorValue('habitatCore: {}', grid)).toBe(12);
    // Nodata cells (0) do not break the core.
    expect(indicatorValue('habitatCore: {}', { codes: ['5 0', '5 5'] })).toBe(3);
  });

  test('floodExposure: minus built area in the flood layer', () => {
    const grid: TinyGrid = { codes: ['1 2 4 3'], layers: { flood: ['1 0 1 1'] } };
    expect(indicatorValue('floodExposure: { layer: flood }', grid, '  flood: { path: f.geojson }\n')).toBe(-2);
  });

  test('protectedEdge: minus built area within the buffer of protected areas', () => {
    const grid: TinyGrid = { codes: ['5 1 1 1'], layers: { reserve: ['1 0 0 0'] } };
    expect(
      indicatorValue('protectedEdge: { layer: reserve, distance: 200 m }', grid, '  reserve: { path: r.geojson }\n'),
    ).toBe(-2);
  });

  test('carbon sums per-class stocks x area', () => {
    // housing 20 x 2 + farm 60 x 2 + forest 150 x 2 + industry 10 + park 70 = 540 t C
    expect(indicatorValue('carbon: {}', GRID)).toBe(540);
  });
});

describe('objectives and contribution maps', () => {
  test('an objective is the weighted sum of its sub-indicators, and its contribution map sums to it', () => {
    const { area } = tinyStudyArea(
      `${LAYERS_HEADER}objectives:\n  eco: { indicators: { habitatValue: { weight: 2 }, habitatCore: { weight: 0.5 }, carbon: { weight: 0.01 } } }\n  soc: { indicators: { greenAccess: { distance: 150 m }, housingSupply: { dwellings: 80 }, compatibility: { pairs: [ { a: housing, b: forest, score: 0.5 } ] } } }\n`,
      { codes: ['1 4 5 5', '4 4 5 5', '1 6 5 7', '4 4 4 7'] },
    );
    const evaluator = new LandUseEvaluator(area);
    const genome = currentGenome(area);
    genome[1] = 0; // a farm cell becomes housing
    const report = evaluator.report(genome);
    for (let m = 0; m < 2; m++) {
      const fromIndicators = report.indicators
        .filter((i) => i.objective === ['eco', 'soc'][m])
        .reduce((s, i) => s + i.contribution, 0);
      expect(report.objectives[m]).toBeCloseTo(fromIndicators, 10);
      const map = evaluator.contributionMap(genome, m);
      let sum = 0;
      for (const v of map) if (!Number.isNaN(v)) sum += v;
      expect(sum).toBeCloseTo(report.objectives[m]!, 4);
      // The app's contribution maps come from a basis built without an evaluator: the same map.
      expect(contributionMap(new StandaloneContributionBasis(area), genome, m)).toEqual(map);
    }
  });

  test('walking access and habitat core contributions are the cells their definitions give', () => {
    // 70 x 45 cells (rows of 2.2 words: bits across word ends), housing, parks, forests and shops
    // scattered at random (a fixed LCG): green access with common targets (homes probe for them),
    // service access with rare ones (their runs are dilated).
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    // A wood of 12 x 8 cells across the first word's end, for core cells.
    const codes = Array.from({ length: 45 }, (_, y) =>
      Array.from({ length: 70 }, (_, x) => {
        const r = next();
        if (x >= 26 && x < 38 && y >= 10 && y < 18) return 5;
        return r < 0.01 ? 2 : r < 0.3 ? 5 : r < 0.45 ? 6 : r < 0.6 ? 1 : 4;
      }).join(' '),
    );
    const { area } = tinyStudyArea(
      `${LAYERS_HEADER}objectives:\n  soc: { indicators: { greenAccess: { distance: 150 m }, serviceAccess: { distance: 450 m, weight: 2 } } }\n  b: { indicators: { habitatCore: { weight: 0.5 } } }\n`,
      { codes },
    );
    const evaluator = new LandUseEvaluator(area);
    const genome = currentGenome(area);
    for (let g = 0; g < genome.length; g += 13) genome[g] = next() < 0.5 ? 0 : 3;
    const map = layoutMap(area, genome, new Uint8Array(area.current.length));
    const K = area.classes.length;
    const housing = (c: number) => c < K && area.classes[c]!.housing;
    let homes = 0;
    for (const c of map) if (c !== NO_CLASS && housing(c)) homes++;
    // The reference: the exact distance transform of each access's targets, thresholded.
    const expected = new Float64Array(map.length);
    for (const [flag, distance, weight, probing] of [
      ['green', 150, 1, true],
      ['services', 450, 2, false],
    ] as const) {
      // Which of countAccessible's two exact strategies (access.ts) the map takes: both are tested.
      const grid = { width: area.width, height: area.height, wordsPerRow: wordsPerRow(area.width) };
      const targets = new Int32Array(grid.height * grid.wordsPerRow);
      map.forEach((c, i) => {
        if (c === NO_CLASS || !area.classes[c]![flag]) return;
        const [x, y] = [i % grid.width, Math.floor(i / grid.width)];
        writeBit(targets, grid.wordsPerRow, x, y, true);
      });
      const rows = walkingDisk(distance, area.cellSizeX, area.cellSizeY).dy.length;
      expect(countRuns(targets, grid.height, grid.wordsPerRow) * rows > 4 * homes, flag).toBe(probing);
      const squared = squaredDistanceTransform(
        (i) => map[i] !== NO_CLASS && area.classes[map[i]!]![flag],
        area.width,
        area.height,
        area.cellSizeX,
        area.cellSizeY,
        new Float64Array(map.length),
      );
      for (let i = 0; i < map.length; i++)
        if (map[i] !== NO_CLASS && housing(map[i]!) && squared[i]! <= distance * distance)
          expected[i]! += (weight * 100) / homes;
    }
    const contribution = contributionMap(new StandaloneContributionBasis(area), genome, 0);
    let reached = 0;
    for (let i = 0; i < map.length; i++) {
      expect(contribution[i]).toBeCloseTo(expected[i]!, 6); // a Float32 map
      if (expected[i]! > 0) reached++;
    }
    // Some homes reach the targets and some do not, so the test tells the two apart.
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(homes);
    let sum = 0;
    for (const v of contribution) sum += v;
    expect(sum).toBeCloseTo(evaluator.report(genome).objectives[0]!, 4);

    // Habitat core: natural cells whose study-area 8-neighbours are all natural (the definition,
    // cell by cell; the map finds them on bitsets).
    const natural = (c: number) => c !== NO_CLASS && area.classes[c]!.natural;
    const isCore = (i: number) => {
      const [x, y] = [i % area.width, Math.floor(i / area.width)];
      if (!natural(map[i]!)) return false;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= area.width || ny >= area.height) continue;
          const d = map[ny * area.width + nx]!;
          if (d !== NO_CLASS && !natural(d)) return false;
        }
      return true;
    };
    const core = contributionMap(new StandaloneContributionBasis(area), genome, 1);
    let cores = 0;
    for (let i = 0; i < map.length; i++) {
      expect(core[i], `cell ${i}`).toBe(map[i] === NO_CLASS ? NaN : isCore(i) ? 0.5 * area.cellAreaHa : 0);
      if (isCore(i)) cores++;
    }
    expect(cores).toBeGreaterThan(10);
  });
});
