/**
 * Land-use evaluation throughput on synthetic grids (200 x 200, 500 x 500, 2000 x 2000 cells of
 * 25 m, seven classes, three objectives with every sub-indicator family): full evaluation of a
 * layout (evaluations per second on one core), and incremental evaluation of a 100-cell change
 * (the 100 genes nearest the centre become housing or park; applied, objectives read, undone).
 * Targets (issue 5): full 500 x 500 < 20 ms on one core; incremental 100-cell change < 0.2 ms.
 */
import { benchmark } from './harness.js';
import { buildStudyArea, type StudyArea } from '../engine/src/landuse/model/study-area.js';
import { currentGenome } from '../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator, type IncrementalState } from '../engine/src/landuse/objectives/evaluator.js';
import { parseScenarioText } from '../engine/src/landuse/scenario/parse.js';

const SCENARIO = `
name: synthetic
current: landuse
layers:
  landuse: { path: landuse.tif, kind: categorical }
  slope: { path: slope.tif }
  roads: { path: roads.geojson }
  flood: { path: flood.geojson }
classes:
  - { id: housing, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 300, carbon: 20 }
  - { id: shops, code: 2, color: "#d64541", built: true, services: true, landValue: 400, carbon: 10 }
  - { id: industry, code: 3, color: "#7f5ba6", built: true, landValue: 200, carbon: 10 }
  - { id: farm, code: 4, color: "#f1e08a", landValue: 20, habitat: 0.2, carbon: 60 }
  - { id: forest, code: 5, color: "#2f7d32", natural: true, green: true, landValue: 5, habitat: 1, carbon: 150 }
  - { id: park, code: 6, color: "#8fd18a", green: true, habitat: 0.4, carbon: 70 }
  - { id: water, code: 7, color: "#3b7dd8", natural: true, habitat: 0.5 }
rules: { fixed: [water], maxSlope: { housing: 15 deg }, slope: slope }
objectives:
  economic: { indicators: { landValue: { accessFrom: roads }, conversionCost: {}, developmentCost: { roads: roads } } }
  social:
    indicators:
      greenAccess: { distance: 500 m }
      serviceAccess: { distance: 500 m }
      housingSupply: { dwellings: 5000 }
      compatibility: { pairs: [ { a: housing, b: industry, score: -1 }, { a: housing, b: park, score: 1 } ] }
  ecological: { indicators: { habitatValue: {}, habitatCore: {}, floodExposure: { layer: flood }, carbon: { weight: 0.01 } } }
`;

/** A deterministic blocky landscape: 8 x 8-cell patches of pseudo-random classes, a road grid, a flood strip. */
export function syntheticStudyArea(side: number): StudyArea {
  const n = side * side;
  const codes = new Uint8Array(n);
  const slope = new Float32Array(n);
  const roads = new Float32Array(n);
  const flood = new Float32Array(n);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const patch = new Uint8Array(Math.ceil(side / 8) ** 2).map(() => {
    const r = next();
    return r < 0.1 ? 1 : r < 0.13 ? 2 : r < 0.15 ? 3 : r < 0.45 ? 4 : r < 0.85 ? 5 : r < 0.9 ? 6 : 7;
  });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const i = y * side + x;
      codes[i] = patch[(y >> 3) * Math.ceil(side / 8) + (x >> 3)]!;
      slope[i] = (Math.sin(x / 17) + Math.cos(y / 23) + 2) * 6;
      roads[i] = x % 40 === 0 || y % 40 === 0 ? 1 : 0;
      flood[i] = Math.abs(y - side / 2) < side / 20 ? 1 : 0;
    }
  }
  const scenario = parseScenarioText(SCENARIO, 'synthetic.yaml', { checkFiles: false });
  return buildStudyArea({
    scenario,
    width: side,
    height: side,
    cellSizeX: 25,
    cellSizeY: 25,
    codes,
    nodata: 0,
    layers: { slope, roads, flood },
  }).studyArea;
}

interface State {
  evaluator: LandUseEvaluator;
  genome: Uint8Array;
  out: Float64Array;
  incremental: IncrementalState;
  genes: Int32Array;
  classes: Uint8Array;
  undo: Uint8Array;
}

for (const side of [200, 500, 2000]) {
  const setup = (): State => {
    const area = syntheticStudyArea(side);
    const evaluator = new LandUseEvaluator(area);
    const genome = currentGenome(area);
    // A 100-cell change: the 100 genes nearest the centre (a compact blob, ring by ring) each
    // become housing where allowed, else park (genes already of that class are skipped).
    const genes: number[] = [];
    const classes: number[] = [];
    for (let ring = 0; genes.length < 100 && ring < side / 2; ring++) {
      for (let y = side / 2 - ring; y <= side / 2 + ring && genes.length < 100; y++) {
        for (let x = side / 2 - ring; x <= side / 2 + ring && genes.length < 100; x++) {
          if (Math.max(Math.abs(x - side / 2), Math.abs(y - side / 2)) !== ring) continue;
          const g = area.geneOfCell[y * side + x]!;
          if (g < 0) continue;
          const target = area.allowed[g]! & 1 ? 0 : (area.allowed[g]! >> 5) & 1 ? 5 : -1;
          if (target < 0 || target === genome[g]) continue;
          genes.push(g);
          classes.push(target);
        }
      }
    }
    const geneArray = Int32Array.from(genes);
    return {
      evaluator,
      genome,
      out: new Float64Array(3),
      incremental: evaluator.createState(genome),
      genes: geneArray,
      classes: Uint8Array.from(classes),
      undo: Uint8Array.from(geneArray, (g) => genome[g]!),
    };
  };
  const repetitions = side >= 2000 ? 5 : 20;
  benchmark<State>({
    name: `landuse full evaluation ${side}x${side}`,
    params: { side, cells: side * side, objectives: 3 },
    repetitions,
    warmup: 3,
    setup,
    run: (s, context) => {
      const start = process.hrtime.bigint();
      s.evaluator.evaluate(s.genome, s.out);
      context.record('evaluationsPerSecond', 1e9 / Number(process.hrtime.bigint() - start));
      context.record('genes', s.genome.length);
    },
  });
  benchmark<State>({
    name: `landuse incremental 100-cell change ${side}x${side}`,
    params: { side, cells: side * side, objectives: 3, changedCells: 100 },
    repetitions: 20,
    warmup: 3,
    setup,
    run: (s, context) => {
      // 100 rounds of (apply the change, read the objectives, undo it): report the mean per change.
      const start = process.hrtime.bigint();
      for (let r = 0; r < 100; r++) {
        s.incremental.apply(s.genes, s.classes);
        s.incremental.objectives(s.out);
        s.incremental.apply(s.genes, s.undo);
      }
      const perChangeMs = Number(process.hrtime.bigint() - start) / 1e6 / 200;
      context.record('msPerChange', perChangeMs);
      context.record('changesPerSecond', 1000 / perChangeMs);
      context.record('changedGenes', s.genes.length);
    },
  });
}
