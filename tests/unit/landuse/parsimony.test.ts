/**
 * Parsimony (operators/reversion.ts) and the exact local changes it decides with
 * (objectives/delta.ts): hand-made grids where a swap serves nothing and where a change is
 * needed, and properties on random landscapes checked by an independent oracle
 * (parsimony-oracle.ts: its own patches, the scenario's own demand areas, full evaluations).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cellNeighbour4,
  currentGenome,
  classCounts,
  changedCells,
  type StudyArea,
} from '../../../engine/src/landuse/model/study-area.js';
import { ChangeEvaluator } from '../../../engine/src/landuse/objectives/delta.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { changedPatches, patchScratch, PatchReversion } from '../../../engine/src/landuse/operators/reversion.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import { createRandom } from '../../../engine/src/optimizer/core/random.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import {
  EVERY_INDICATOR,
  LAYERS_HEADER,
  randomLandscape,
  randomSource,
  scramble,
  STANDARD_CLASSES,
  tinyStudyArea,
} from './fixtures.js';
import { findPatches, parsimonyFailures } from './parsimony-oracle.js';
import { ReferenceEvaluator } from './reference-evaluator.js';

const FARM = 3;
const FOREST = 4;
const HOUSING = 0;

/** Economic return (land value and conversion cost) against ecology (habitat), on 1 ha cells. */
const TRADE_OFF = `${LAYERS_HEADER}demands:
  housing: { min: 2 ha }
objectives:
  economic: { indicators: { landValue: {}, conversionCost: { toBuilt: 10, other: 5 } } }
  ecological: { indicators: { habitatValue: {} } }
`;

const FIELDS = [
  '4 4 4 4 5 5 5 5', //
  '4 4 4 4 5 5 5 5',
  '4 4 1 4 5 5 5 5',
  '4 4 4 4 5 5 5 5',
];

function genomeWith(area: ReturnType<typeof tinyStudyArea>['area'], changes: [number, number, number][]): Uint8Array {
  const genome = currentGenome(area);
  for (const [x, y, c] of changes) genome[area.geneOfCell[y * area.width + x]!] = c;
  return genome;
}

describe('reverting changes that serve nothing', () => {
  const { area } = tinyStudyArea(TRADE_OFF, { codes: FIELDS });
  const evaluator = new LandUseEvaluator(area);
  const reversion = new PatchReversion(area, evaluator);

  test('a farm <-> forest swap that changes nothing but costs conversions is undone', () => {
    // One farm cell planted, one forest cell cleared: same habitat, same land value, twice the conversion cost.
    const genome = genomeWith(area, [
      [0, 0, FOREST],
      [7, 3, FARM],
      [1, 2, HOUSING], // the housing the demand needs
    ]);
    expect(findPatches(area, genome)).toHaveLength(3);
    reversion.revert(genome);
    const left = findPatches(area, genome);
    expect(left).toHaveLength(1);
    expect(left[0]!.to).toBe(HOUSING);
  });

  test('a change the demands need, and a change that trades one objective for another, stay', () => {
    // Housing on farmland (needed by the demand), and a forest planted on farmland (ecology up, land value down).
    const genome = genomeWith(area, [
      [1, 2, HOUSING],
      [3, 3, FOREST],
    ]);
    const before = genome.slice();
    reversion.revert(genome);
    expect(genome).toEqual(before);
  });

  test('a change worse on every objective is undone even without a partner', () => {
    // Forest to farm next to the town: land value rises by less than the conversion cost, habitat falls.
    const { area: costly } = tinyStudyArea(
      `${LAYERS_HEADER}objectives:
  economic: { indicators: { landValue: {}, conversionCost: { other: 50 } } }
  ecological: { indicators: { habitatValue: {} } }
`,
      { codes: FIELDS },
    );
    const genome = genomeWith(costly, [[6, 1, FARM]]);
    new PatchReversion(costly, new LandUseEvaluator(costly)).revert(genome);
    expect(findPatches(costly, genome)).toHaveLength(0);
  });

  test('the independent oracle agrees: before, the pointless swap fails; after, nothing does', () => {
    const { area: a, input } = tinyStudyArea(TRADE_OFF, { codes: FIELDS });
    const full = new LandUseEvaluator(a);
    const genome = genomeWith(a, [
      [0, 0, FOREST],
      [7, 3, FARM],
      [1, 2, HOUSING],
    ]);
    const demands = input.scenario.demands;
    expect(parsimonyFailures(a, demands, full, genome).map((f) => f.kind)).toEqual(['pair']);
    new PatchReversion(a, full).revert(genome);
    expect(parsimonyFailures(a, demands, full, genome)).toEqual([]);
  });
});

describe('exact local changes (ChangeEvaluator) against full evaluations', () => {
  // Walking access is answered by testing disks, or from the target counts near every home.
  test.each([
    ['testing disks', 1000],
    ['counts near homes', 0],
  ])('every objective change of random change sets, also after earlier changes were applied (%s)', (_, probed) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 60 }), (seed, size) => {
        const area = randomLandscape(24, 20, seed);
        const evaluator = new LandUseEvaluator(area);
        const next = randomSource(seed + 7);
        const genome = currentGenome(area);
        scramble(area, genome, 0.3, next);
        // With today's genome the evaluator lists the changed genes and builds its map and bitsets from them.
        const change = new ChangeEvaluator(evaluator, probed, probed === 0 ? currentGenome(area) : null);
        change.load(genome);
        const M = evaluator.numberOfObjectives;
        // Three change sets in a row, each applied after it is checked (the state follows the layout).
        for (let round = 0; round < 3; round++) {
          const genes: number[] = [];
          const classes: number[] = [];
          const taken = new Set<number>();
          for (let t = 0; t < size * 4 && genes.length < size; t++) {
            const g = Math.floor(next() * genome.length);
            const c = Math.floor(next() * area.classes.length);
            if (taken.has(g) || c === genome[g] || !((area.allowed[g]! >> c) & 1)) continue;
            taken.add(g);
            genes.push(g);
            classes.push(c);
          }
          const delta = change.measure(genes, classes, genes.length, change.createDelta());
          const lower = new Float64Array(M);
          const upper = new Float64Array(M);
          change.bounds(delta, lower, upper);
          const before = new Float64Array(M);
          const after = new Float64Array(M);
          evaluator.evaluate(genome, before);
          const changed = genome.slice();
          genes.forEach((g, k) => (changed[g] = classes[k]!));
          evaluator.evaluate(changed, after);
          const exactAccess = Float64Array.from({ length: change.accessCount }, (_, p) =>
            change.exactAccess(genes, classes, genes.length, p),
          );
          change.measureSpatial(genes, classes, genes.length, delta);
          const exactLower = new Float64Array(M);
          const exactUpper = new Float64Array(M);
          change.bounds(delta, exactLower, exactUpper, exactAccess);
          for (let m = 0; m < M; m++) {
            const truth = after[m]! - before[m]!;
            const slack = 1e-9 * Math.max(1, Math.abs(before[m]!));
            // The cheap bounds hold the truth; the exact parts give it.
            expect(lower[m]!).toBeLessThanOrEqual(truth + slack);
            expect(upper[m]!).toBeGreaterThanOrEqual(truth - slack);
            expect(exactLower[m]).toBe(exactUpper[m]);
            expect(exactLower[m]!).toBeCloseTo(truth, 9);
          }
          // Apply it: every second round without the exact access change (the state must recount).
          if (round === 1) exactAccess.fill(NaN);
          change.apply(genes, classes, genes.length, delta, exactAccess);
          genome.set(changed);
          expect(Array.from(change.genome)).toEqual(Array.from(genome));
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('changed patches', () => {
  /** Breadth-first over the 4-neighbours right, left, down, up of each cell, seeds in gene order; genes sorted. */
  function referencePatches(area: StudyArea, genome: Uint8Array): { from: number; to: number; genes: number[] }[] {
    const today = currentGenome(area);
    const seen = new Uint8Array(genome.length);
    const patches: { from: number; to: number; genes: number[] }[] = [];
    for (let seed = 0; seed < genome.length; seed++) {
      if (genome[seed] === today[seed] || seen[seed]) continue;
      const patch = { from: today[seed]!, to: genome[seed]!, genes: [seed] };
      seen[seed] = 1;
      for (let head = 0; head < patch.genes.length; head++) {
        const cell = area.geneCells[patch.genes[head]!]!;
        for (let d = 0; d < 4; d++) {
          const next = cellNeighbour4(cell, d, area.width, area.height);
          const g = next < 0 ? -1 : area.geneOfCell[next]!;
          if (g < 0 || seen[g] || today[g] !== patch.from || genome[g] !== patch.to) continue;
          seen[g] = 1;
          patch.genes.push(g);
        }
      }
      patch.genes.sort((a, b) => a - b);
      patches.push(patch);
    }
    return patches;
  }

  test('are found in order of their first gene, each with its genes ascending, with or without the list of changes', () => {
    let large = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0.05, max: 0.8 }), (seed, share) => {
        // Nodata cells (no gene) inside the grid: a neighbour in the row is not always the next gene.
        const area = randomLandscape(23, 17, seed, { nodata: 0.15 });
        const genome = currentGenome(area);
        const random = randomSource(seed);
        scramble(area, genome, share, random);
        // And a block of one class, for patches of many cells in several rows.
        const [x0, y0, to] = [Math.floor(random() * 15), Math.floor(random() * 10), Math.floor(random() * 3)];
        for (let y = y0; y < y0 + 7; y++)
          for (let x = x0; x < x0 + 8; x++)
            if (area.geneOfCell[y * area.width + x]! >= 0) genome[area.geneOfCell[y * area.width + x]!] = to;
        const expected = referencePatches(area, genome);
        if (expected.some((p) => p.genes.length > 8)) large++;
        const today = currentGenome(area);
        const scratch = patchScratch(area);
        const changes = Int32Array.from(genome.keys()).filter((g) => genome[g] !== today[g]);
        for (const changed of [undefined, { genes: changes, count: changes.length }]) {
          const found = changedPatches(area, genome, today, scratch, changed);
          const patches = Array.from({ length: found.count }, (_, p) => ({
            from: found.from[p]!,
            to: found.to[p]!,
            genes: Array.from(found.genes.subarray(found.start[p]!, found.start[p + 1]!)),
          }));
          expect(patches).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
    expect(large).toBeGreaterThan(20);
  });
});

describe('every layout the reversion leaves is parsimonious', () => {
  const SCENARIO = `${EVERY_INDICATOR}demands:
  housing: { min: 8 %, max: 30 % }
  farm: { min: 10 % }
`;

  test('random landscapes and layouts, checked by the oracle with the reference evaluator', () => {
    // Later passes skip the trials whose answer cannot have changed; the oracle checks those layouts too.
    let skipped = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const area = randomLandscape(20, 16, seed, { scenario: SCENARIO });
        const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
        const demands = parseScenarioText(`name: test\ncurrent: landuse\n${STANDARD_CLASSES}${SCENARIO}`, 'test.yaml', {
          checkFiles: false,
        }).demands;
        const genome = currentGenome(area);
        scramble(area, genome, 0.25, randomSource(seed));
        setup.repair.repair(genome, createRandom(seed));
        setup.improvement.finish!(genome);
        skipped += setup.improvement.reversionStats!.trialsSkipped;
        const reference = new ReferenceEvaluator(area);
        expect(parsimonyFailures(area, demands, reference, genome)).toEqual([]);
        // Everything the patch finder of the engine finds, the oracle finds too.
        expect(changedPatches(area, genome).count).toBe(findPatches(area, genome).length);
      }),
      { numRuns: 25 },
    );
    expect(skipped).toBeGreaterThan(0);
  });
});

describe('the change limit (rules.maxChange)', () => {
  const LIMITED = `${EVERY_INDICATOR.replace('rules: { fixed: [water],', 'rules: { fixed: [water], maxChange: 12 %,')}demands:
  housing: { min: 20 % }
`;

  test('the repair meets it with the demands on any layout, and the optimiser never reports more change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 0.9 }), (seed, share) => {
        const area = randomLandscape(20, 16, seed, { scenario: LIMITED });
        expect(area.maxChangedCells).toBe(Math.floor(0.12 * area.geneCells.length + 1e-9));
        const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
        const genome = currentGenome(area);
        scramble(area, genome, share, randomSource(seed));
        setup.repair.repair(genome, createRandom(seed));
        if (setup.repair.lastShortfall > 0) return; // the demands cannot be met on this landscape at all
        expect(changedCells(area, genome)).toBeLessThanOrEqual(area.maxChangedCells);
        expect(setup.problem.violation(genome)).toBe(0);
        const counts = classCounts(area, genome);
        expect(counts[HOUSING]!).toBeGreaterThanOrEqual(area.minCells[HOUSING]!);
      }),
      { numRuns: 40 },
    );
  });
});
