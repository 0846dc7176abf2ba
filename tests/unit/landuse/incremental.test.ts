import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DistanceScratch, diskOffsets, squaredDistanceTransform } from '../../../engine/src/landuse/model/distance.js';
import { currentGenome, type StudyArea } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import {
  EVERY_INDICATOR,
  expectSameIndicators,
  LAYERS_HEADER,
  randomLandscape,
  randomSource,
  relativeError,
  scramble,
  tinyStudyArea,
} from './fixtures.js';
import { ReferenceEvaluator } from './reference-evaluator.js';

const EVERYTHING = `${LAYERS_HEADER}  flood: { path: f.geojson }
  roads: { path: r.geojson }
objectives:
  economic: { indicators: { landValue: { accessFrom: roads, decay: 300 m }, conversionCost: {}, developmentCost: { roads: roads } } }
  social:
    indicators:
      greenAccess: { distance: 250 m }
      serviceAccess: { distance: 150 m }
      amenityAccess: { layers: [roads], distance: 200 m }
      housingSupply: { dwellings: 200 }
      compatibility: { pairs: [ { a: housing, b: industry, score: -1 }, { a: housing, b: park, score: 1 }, { a: farm, b: forest, score: 0.3 } ] }
  ecological: { indicators: { habitatValue: {}, habitatCore: {}, floodExposure: { layer: flood }, protectedEdge: { layer: flood, distance: 100 m }, carbon: { weight: 0.01 } } }
`;

function randomGrid(width: number, height: number, seed: number): string[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => 1 + Math.floor(next() * 7)).join(' '),
  );
}

/** A 0/1 layer grid of the same size as `codes`, 1 where `on(x, y)`. */
function layerGrid(codes: string[], on: (x: number, y: number) => boolean): string[] {
  return codes.map((row, y) =>
    row
      .split(' ')
      .map((_, x) => (on(x, y) ? 1 : 0))
      .join(' '),
  );
}

/** The (gene, class) pairs of `changes` (arbitrary naturals) taken modulo the genes and classes, allowed ones only. */
function allowedChanges(area: StudyArea, changes: readonly [number, number][]): [number, number][] {
  const genes = area.allowed.length;
  if (genes === 0) return [];
  const K = area.classes.length;
  return changes
    .map(([g, c]): [number, number] => [g % genes, c % K])
    .filter(([gene, cls]) => ((area.allowed[gene]! >> cls) & 1) === 1);
}

describe('distance transform', () => {
  test('matches brute force on random masks with non-square cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.boolean(), { minLength: 81, maxLength: 81 }),
        (w, h, bits) => {
          const mask = bits.slice(0, w * h);
          const out = new Float64Array(w * h);
          squaredDistanceTransform((i) => mask[i]!, w, h, 20, 30, out, new DistanceScratch(9));
          for (let i = 0; i < w * h; i++) {
            let best = Infinity;
            for (let j = 0; j < w * h; j++) {
              if (!mask[j]) continue;
              const dx = (i % w) - (j % w);
              const dy = Math.floor(i / w) - Math.floor(j / w);
              best = Math.min(best, dy * dy * 900 + dx * dx * 400);
            }
            expect(out[i]).toBe(best);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test('disk offsets use the same criterion as the transform', () => {
    const disk = diskOffsets(100, 50, 50);
    expect(disk.length / 2).toBe(13); // radius 2 cells: 13 cells with dx^2 + dy^2 <= 4
  });
});

describe('incremental evaluation', () => {
  test('agrees with full evaluation after random sequences of changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 40 }),
        (seed, changes) => {
          const codes = randomGrid(9, 8, seed);
          const flood = layerGrid(codes, (x, y) => (x + y) % 5 === 0);
          const roads = layerGrid(codes, (x, y) => y === 3 || x === 0);
          const { area } = tinyStudyArea(EVERYTHING, { codes, cellSize: 50, layers: { flood, roads } });
          const evaluator = new LandUseEvaluator(area);
          const genome = currentGenome(area);
          const state = evaluator.createState(genome);
          const full = new Float64Array(3);
          const incremental = new Float64Array(3);
          const fullIndicators = new Float64Array(evaluator.compiled.indicators.length);
          const incIndicators = new Float64Array(evaluator.compiled.indicators.length);
          for (const [gene, cls] of allowedChanges(area, changes)) {
            genome[gene] = cls;
            state.set(gene, cls);
          }
          evaluator.evaluate(genome, full, fullIndicators);
          state.objectives(incremental, incIndicators);
          for (let k = 0; k < fullIndicators.length; k++) expect(incIndicators[k]).toBeCloseTo(fullIndicators[k]!, 6);
          for (let m = 0; m < 3; m++) expect(incremental[m]).toBeCloseTo(full[m]!, 6);
          expect([...state.genome]).toEqual([...genome]);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('a state built for one objective gives exactly its value, and NaN for the objectives it does not track', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 60 }),
        (seed, changes) => {
          const codes = randomGrid(9, 8, seed);
          const flood = layerGrid(codes, (x, y) => (x * 3 + y) % 7 === 0);
          const roads = layerGrid(codes, (x) => x === 4);
          const { area } = tinyStudyArea(EVERYTHING, { codes, cellSize: 50, layers: { flood, roads } });
          const evaluator = new LandUseEvaluator(area);
          const genome = currentGenome(area);
          const whole = evaluator.createState(genome);
          const focused = [0, 1, 2].map((m) => evaluator.createState(genome, m));
          for (const [gene, cls] of allowedChanges(area, changes)) {
            whole.set(gene, cls);
            for (const state of focused) state.set(gene, cls);
          }
          const all = whole.objectives(new Float64Array(3));
          focused.forEach((state, m) => {
            const values = state.objectives(new Float64Array(3));
            expect(values[m]).toBe(all[m]); // the very same sums, in the same order
            expect([...state.genome]).toEqual([...whole.genome]);
            // Social weighs walking access, ecological the core area: each is left out of the others.
            for (let j = 0; j < 3; j++) if (j !== m && j !== 0) expect(values[j]).toBeNaN();
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Classes with a mixed-use class that is housing and a service target at once (codes 1..7). */
const MIXED_USE_CLASSES = `
classes:
  - { id: housing, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 300, carbon: 20 }
  - { id: mixed, code: 2, color: "#d64541", built: true, housing: true, services: true, landValue: 400, carbon: 10 }
  - { id: industry, code: 3, color: "#7f5ba6", built: true, landValue: 200, carbon: 10 }
  - { id: farm, code: 4, color: "#f1e08a", landValue: 20, habitat: 0.2, carbon: 60 }
  - { id: forest, code: 5, color: "#2f7d32", natural: true, green: true, landValue: 5, habitat: 1, carbon: 150 }
  - { id: park, code: 6, color: "#8fd18a", green: true, habitat: 0.4, carbon: 70 }
  - { id: water, code: 7, color: "#3b7dd8", natural: true, habitat: 0.5 }
`;

/**
 * Random rounds of changes (rectangular patches taking one class, scattered cells, and undoing a
 * previous round), checking the state against a full evaluation and the reference after each.
 */
function checkRandomRounds(area: StudyArea, seed: number, rounds: number): void {
  const next = randomSource(seed);
  const evaluator = new LandUseEvaluator(area);
  const reference = new ReferenceEvaluator(area);
  const genome = currentGenome(area);
  scramble(area, genome, 0.2, next);
  const state = evaluator.createState(genome);
  const K = area.classes.length;
  const L = evaluator.compiled.indicators.length;
  const [full, incremental, expected] = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
  const [fullIndicators, incIndicators, expectedIndicators] = [
    new Float64Array(L),
    new Float64Array(L),
    new Float64Array(L),
  ];
  let undo: { gene: number; previous: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const changes: { gene: number; previous: number }[] = [];
    const change = (gene: number, cls: number) => {
      if (!((area.allowed[gene]! >> cls) & 1) || genome[gene] === cls) return;
      changes.push({ gene, previous: genome[gene]! });
      genome[gene] = cls;
      state.set(gene, cls);
    };
    const kind = next();
    if (kind < 0.2 && undo.length > 0) {
      for (let k = undo.length - 1; k >= 0; k--) change(undo[k]!.gene, undo[k]!.previous);
    } else if (kind < 0.7) {
      // A rectangle of up to 12 x 12 cells takes one class (often housing), row by row (as a patch mutation would).
      const cls = next() < 0.4 ? 0 : Math.floor(next() * K);
      const x0 = Math.floor(next() * area.width);
      const y0 = Math.floor(next() * area.height);
      const w = 1 + Math.floor(next() * 12);
      const h = 1 + Math.floor(next() * 12);
      for (let y = y0; y < Math.min(area.height, y0 + h); y++) {
        for (let x = x0; x < Math.min(area.width, x0 + w); x++) {
          const gene = area.geneOfCell[y * area.width + x]!;
          if (gene >= 0) change(gene, cls);
        }
      }
    } else {
      for (let k = 0; k < 30 && genome.length > 0; k++)
        change(Math.floor(next() * genome.length), Math.floor(next() * K));
    }
    undo = changes;
    evaluator.evaluate(genome, full, fullIndicators);
    reference.evaluate(genome, expected, expectedIndicators);
    state.objectives(incremental, incIndicators);
    expectSameIndicators(evaluator.compiled.indicators, fullIndicators, expectedIndicators);
    expectSameIndicators(evaluator.compiled.indicators, incIndicators, fullIndicators);
    for (let m = 0; m < 3; m++) expect(relativeError(incremental[m]!, full[m]!)).toBeLessThan(1e-9);
    expect(state.genome).toEqual(genome);
  }
}

describe('incremental evaluation on larger grids', () => {
  test('500 m walks to green and services on 25 m cells (one shared 41-row disk): agrees after random patch, cell and undo rounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 20, max: 80 }),
        fc.integer({ min: 15, max: 60 }),
        (seed, width, height) => {
          const area = randomLandscape(width, height, seed, {
            cellSizeX: 25,
            scenario: EVERY_INDICATOR.replace('distance: 250 m', 'distance: 500 m').replace(
              'distance: 400 m',
              'distance: 500 m',
            ),
          });
          checkRandomRounds(area, seed + 1, 12);
        },
      ),
      { numRuns: 12 },
    );
  });

  test('short walks (100 m on 25 m cells, shared by green and services): counts often fall to zero and rise again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const area = randomLandscape(40, 30, seed, {
          cellSizeX: 25,
          scenario: EVERY_INDICATOR.replace('distance: 250 m', 'distance: 100 m').replace(
            'distance: 400 m',
            'distance: 100 m',
          ),
        });
        checkRandomRounds(area, seed + 3, 15);
      }),
      { numRuns: 10 },
    );
  });

  test('non-square cells, nodata holes, and a mixed-use class that is housing and a service target', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const area = randomLandscape(45, 33, seed, {
          cellSizeX: 30,
          cellSizeY: 20,
          nodata: 0.1,
          patch: 3,
          classes: MIXED_USE_CLASSES,
          scenario: EVERY_INDICATOR.replace('{ a: housing, b: park, score: 1 }', '{ a: mixed, b: park, score: 1 }'),
        });
        checkRandomRounds(area, seed + 2, 12);
      }),
      { numRuns: 10 },
    );
  });
});
