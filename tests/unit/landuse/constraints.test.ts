/**
 * Hard constraints hold for every layout the optimiser reports, on random small scenarios:
 * random maps, fixed classes, protected cells, slope limits, no-build zones, forbidden
 * conversions and demands. Checked by the independent checker (constraints/check.ts), which reads
 * the rules directly rather than the optimiser's precomputed masks.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkLayout } from '../../../engine/src/landuse/constraints/check.js';
import { buildStudyArea, currentGenome, layoutMap } from '../../../engine/src/landuse/model/study-area.js';
import { checkFeasibility } from '../../../engine/src/landuse/model/feasibility.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import { createRandom } from '../../../engine/src/optimizer/core/random.js';
import { NSGA2 } from '../../../engine/src/optimizer/nsga2/nsga2.js';
import { MaxGenerations } from '../../../engine/src/optimizer/termination/criteria.js';
import { LAYERS_HEADER, STANDARD_CLASSES, tinyStudyArea } from './fixtures.js';

const CLASS_IDS = ['housing', 'shops', 'industry', 'farm', 'forest', 'park', 'water'];

const scenarioArbitrary = fc.record({
  width: fc.integer({ min: 3, max: 8 }),
  height: fc.integer({ min: 3, max: 8 }),
  seed: fc.integer({ min: 1, max: 1e9 }),
  fixed: fc.subarray(['water', 'park'], { maxLength: 1 }),
  forbid: fc.array(fc.tuple(fc.constantFrom(...CLASS_IDS), fc.constantFrom(...CLASS_IDS)), { maxLength: 4 }),
  slack: fc.integer({ min: 0, max: 3 }),
  housingSlope: fc.integer({ min: 2, max: 30 }),
});

/** The random scenario's layers and rules (the objectives follow). */
function layersAndRules(spec: { fixed: string[]; forbid: [string, string][]; housingSlope: number }): string {
  const forbid = spec.forbid.map(([a, b]) => `{ from: ${a}, to: ${b} }`).join(', ');
  return `${LAYERS_HEADER}  reserve: { path: r.geojson }\n  flood: { path: f.geojson }\n  slope: { path: s.tif }
rules:
  fixed: [${spec.fixed.join(', ')}]
  protectedAreas: reserve
  noBuild: [flood]
  maxSlope: { housing: ${spec.housingSlope} deg, industry: 5 deg }
  conversions: { forbid: [${forbid}] }
`;
}

describe('hard constraints', () => {
  test('each cell may take exactly the classes the rules leave it', () => {
    // The study area's masks against the rules read one by one; slopes include cells without a
    // value (NaN), which take none of the slope-limited classes but keep today's.
    const BUILT = new Set([0, 1, 2]);
    fc.assert(
      fc.property(scenarioArbitrary, (spec) => {
        let s = spec.seed;
        const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
        const cells = (f: () => number) => Array.from({ length: spec.width * spec.height }, f);
        const asRows = (values: number[]) =>
          Array.from({ length: spec.height }, (_, y) => values.slice(y * spec.width, (y + 1) * spec.width).join(' '));
        const codes = cells(() => (next() < 0.05 ? 0 : 1 + Math.floor(next() * 7)));
        const reserve = cells(() => (next() < 0.15 ? 1 : 0));
        const flood = cells(() => (next() < 0.2 ? 1 : 0));
        const slope = cells(() => (next() < 0.1 ? Number.NaN : Math.floor(next() * 30)));
        const { area } = tinyStudyArea(
          `${layersAndRules(spec)}objectives:
  eco: { indicators: { habitatValue: {} } }
  econ: { indicators: { landValue: {} } }
`,
          { codes: asRows(codes), layers: { reserve: asRows(reserve), flood: asRows(flood), slope: asRows(slope) } },
        );
        const fixed = new Set(spec.fixed.map((id) => CLASS_IDS.indexOf(id)));
        const forbidden = new Set(spec.forbid.map(([a, b]) => `${CLASS_IDS.indexOf(a)}>${CLASS_IDS.indexOf(b)}`));
        const maxSlope = new Map([
          [0, spec.housingSlope],
          [2, 5],
        ]);
        for (let i = 0; i < codes.length; i++) {
          if (codes[i] === 0) continue;
          const cur = codes[i]! - 1;
          let mask = 1 << cur;
          if (!fixed.has(cur) && !reserve[i]) {
            for (let c = 0; c < 7; c++) {
              if (c === cur || fixed.has(c) || forbidden.has(`${cur}>${c}`)) continue;
              if (BUILT.has(cur) && !BUILT.has(c)) continue; // builtToUnbuilt: forbid, the default
              if (flood[i] && BUILT.has(c)) continue;
              const limit = maxSlope.get(c);
              if (limit !== undefined && !(slope[i]! <= limit)) continue;
              mask |= 1 << c;
            }
          }
          const gene = area.geneOfCell[i]!;
          if (mask === 1 << cur) expect(gene).toBe(-1);
          else expect(area.allowed[gene]).toBe(mask);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('every layout NSGA-II reports passes the independent constraint check', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (spec) => {
        let s = spec.seed;
        const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
        const n = spec.width * spec.height;
        const rows = (f: () => number) =>
          Array.from({ length: spec.height }, () => Array.from({ length: spec.width }, f).join(' '));
        const codes = rows(() => (next() < 0.05 ? 0 : 1 + Math.floor(next() * 7)));
        const layers = {
          reserve: rows(() => (next() < 0.15 ? 1 : 0)),
          flood: rows(() => (next() < 0.2 ? 1 : 0)),
          slope: rows(() => Math.floor(next() * 30)),
        };
        const base = `${layersAndRules(spec)}objectives:
  eco: { indicators: { habitatValue: {}, habitatCore: {} } }
  soc: { indicators: { greenAccess: { distance: 150 m }, compatibility: { pairs: [ { a: housing, b: industry, score: -1 } ] } } }
  econ: { indicators: { landValue: {}, conversionCost: {} } }
`;
        // Demands from a random allowed layout, so that they can always be met.
        const probe = tinyStudyArea(base, { codes, layers }).area;
        const target = currentGenome(probe);
        const random = createRandom(spec.seed);
        for (let g = 0; g < target.length; g++) {
          const options = [...Array(7).keys()].filter((c) => (probe.allowed[g]! >> c) & 1);
          target[g] = options[random.nextInt(options.length)]!;
        }
        const counts = new Array<number>(7).fill(0);
        const map = layoutMap(probe, target);
        for (let i = 0; i < n; i++) if (map[i]! < 7) counts[map[i]!]!++;
        const demands = CLASS_IDS.map(
          (id, c) =>
            `  ${id}: { min: ${Math.max(0, counts[c]! - spec.slack)} cells, max: ${counts[c]! + spec.slack} cells }`,
        ).join('\n');
        const { area, input } = tinyStudyArea(`${base}demands:\n${demands}\n`, { codes, layers });
        expect(checkFeasibility(input.scenario as never, area, []).errors).toEqual([]);
        if (area.geneCells.length < 2) return;
        const setup = createLandUseProblem(area, { seedSearchSteps: 20 });
        // An evaluation's violations (class counts and changed genes taken from the evaluator)
        // equal the check's own count, on layouts with forbidden classes and missed demands too:
        // three random layouts (the full pass) and three close to today (evaluated from today's state).
        const genes = area.geneCells.length;
        const rough = Uint8Array.from({ length: 6 * genes }, () => random.nextInt(7));
        const today = currentGenome(area);
        for (let r = 3; r < 6; r++) {
          rough.set(today, r * genes);
          for (let g = 0; g < genes; g++) if (random.nextInt(20) === 0) rough[r * genes + g] = random.nextInt(7);
        }
        const batch = {
          size: 6,
          variables: rough,
          objectives: new Float64Array(6 * setup.problem.numberOfObjectives),
          violations: new Float64Array(6),
        };
        setup.problem.evaluate(batch);
        for (let r = 0; r < 6; r++) {
          const row = rough.subarray(r * genes, (r + 1) * genes);
          expect(batch.violations[r]).toBe(setup.problem.violation(row));
        }
        const nsga = new NSGA2(setup.problem, {
          populationSize: 8,
          seed: spec.seed,
          sampling: setup.sampling,
          crossover: setup.crossover,
          mutation: setup.mutation,
          repair: setup.repair,
          termination: new MaxGenerations(4),
        });
        const result = nsga.runSync();
        for (const set of [result.front, result.population]) {
          for (let r = 0; r < set.size; r++) {
            const layout = layoutMap(area, set.variables.subarray(r * genes, (r + 1) * genes));
            expect(checkLayout(input, layout)).toEqual([]);
            expect(set.violations[r]).toBe(0);
          }
        }
        // A sampled row the sampling says it left repaired (today's and the random layouts, once
        // their repair met every demand and the change limit) is one the repair leaves as it is,
        // drawing nothing: the preparation does not repair it again (core/preparation.ts).
        for (let index = 0; index < 8; index++) {
          const [repaired, sampled] = [new Uint8Array(genes), new Uint8Array(genes)];
          const [first, second] = [createRandom(spec.seed + index), createRandom(spec.seed + index)];
          if (setup.sampling.sampleRow(repaired, index, first) !== true) continue;
          setup.repair.repair(repaired, first);
          setup.sampling.sampleRow(sampled, index, second);
          expect(repaired).toEqual(sampled);
          expect(first.nextDouble()).toBe(second.nextDouble());
        }
        // The repair keeps its pools between calls (today's layout, changes undone): after the run's
        // repairs it repairs a row exactly as a new repair does.
        const fresh = createLandUseProblem(area, { seedSearchSteps: 20 }).repair;
        for (let r = 0; r < 6; r++) {
          const used = rough.slice(r * genes, (r + 1) * genes);
          const unused = used.slice();
          setup.repair.repair(used, createRandom(spec.seed + r));
          fresh.repair(unused, createRandom(spec.seed + r));
          expect(used).toEqual(unused);
          expect(checkLayout(input, layoutMap(area, used))).toEqual([]);
        }
        // A repair under a seeded layout's options sharing the used repair's tables of the study
        // area (withOptions) repairs exactly as one sharing a fresh repair's: the run's repairs
        // left the tables as they were built.
        const weights = setup.evaluator.compiled.objectiveIds.map((_, m) => (m === 0 ? 1 : 0));
        const options = { objectiveWeights: weights, objectiveBias: 20, candidates: 16 };
        const sharing = setup.repair.withOptions(options);
        const afresh = fresh.withOptions(options);
        for (let r = 0; r < 6; r++) {
          const shared = rough.slice(r * genes, (r + 1) * genes);
          const own = shared.slice();
          sharing.repair(shared, createRandom(spec.seed + r));
          afresh.repair(own, createRandom(spec.seed + r));
          expect(shared).toEqual(own);
          expect(checkLayout(input, layoutMap(area, shared))).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });

  test('the checker catches each kind of violation', () => {
    const text = `name: t\ncurrent: landuse\n${STANDARD_CLASSES}${LAYERS_HEADER}  reserve: { path: r.geojson }\n  flood: { path: f.geojson }\n  slope: { path: s.tif }
rules: { fixed: [water], protectedAreas: reserve, noBuild: [flood], maxSlope: { housing: 10 deg } }
demands: { farm: { min: 2 cells } }
objectives: { a: { indicators: { carbon: {} } }, b: { indicators: { habitatValue: {} } } }
`;
    const scenario = parseScenarioText(text, 't.yaml', { checkFiles: false });
    const f = (v: number[]) => Float32Array.from(v);
    const input = {
      scenario,
      width: 6,
      height: 1,
      cellSizeX: 100,
      cellSizeY: 100,
      codes: f([7, 4, 4, 4, 1, 4]),
      nodata: 0,
      layers: { reserve: f([0, 1, 0, 0, 0, 0]), flood: f([0, 0, 1, 0, 0, 0]), slope: f([0, 0, 0, 20, 0, 0]) },
    };
    expect(buildStudyArea(input).studyArea.geneCells.length).toBe(4);
    // water->park (fixed), reserve farm->park (protected), flood farm->housing (no-build), steep farm->housing (slope),
    // housing->farm (built to unbuilt), and only one farm cell left (demand).
    const layout = Uint8Array.from([5, 5, 0, 0, 3, 4]);
    const rules = checkLayout(input, layout).map((v) => v.rule);
    expect(rules).toEqual(['fixed-class', 'protected', 'no-build', 'slope', 'forbidden-conversion', 'demand-min']);
  });
});
