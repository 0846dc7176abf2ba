/**
 * The land-use allocation problem for the optimiser core, and the factory that assembles it with
 * its spatial operators.
 *
 * Build it from a prepared study area (plain typed arrays, structured-cloneable): in the main
 * thread from `prepareScenario(path)`, or inside a worker from the same data posted to it.
 */
import type { EvaluationBatch, ObjectiveDirection, Problem, VariableSpace } from '../optimizer/core/problem.js';
import { countsAsChanged, currentGenome, startGenome, type StudyArea } from './model/study-area.js';
import type { OptimizerSettings } from './scenario/types.js';
import { boundShortfall } from './model/objective-bounds.js';
import { areaToCells } from './scenario/units.js';
import { LandUseEvaluator } from './objectives/evaluator.js';
import type { CompiledObjectives } from './objectives/compile.js';
import { buildRegions, type Regions } from './model/regions.js';
import { RegionCrossover } from './operators/crossover.js';
import { LinearGain } from './operators/linear-gain.js';
import { RegionMutation } from './operators/mutation.js';
import { LandUseImprovement } from './operators/improvement.js';
import { LocalSearch } from './operators/local-search.js';
import { parsimonyTolerances, PatchReversion } from './operators/reversion.js';
import { DemandRepair } from './operators/repair.js';
import { LandUseSampling } from './operators/sampling.js';
import { layoutChangesEncoding } from './model/compact-layouts.js';
import type { RowEncoding } from '../optimizer/archive/archive-rows.js';

export class LandUseProblem implements Problem<Uint8Array> {
  readonly name: string;
  readonly numberOfVariables: number;
  readonly numberOfObjectives: number;
  /**
   * One column: cells out of bounds of the demands, plus genes holding a forbidden class, plus
   * changed cells above the change limit (0 after repair), plus a steered run's objective
   * shortfall (model/objective-bounds.ts).
   */
  readonly numberOfConstraints = 1;
  readonly variables: VariableSpace;
  readonly directions: readonly ObjectiveDirection[];
  readonly objectiveNames: readonly string[];
  readonly evaluator: LandUseEvaluator;
  private readonly objectiveBuffer: Float64Array;
  private readonly countBuffer: Int32Array;
  /** Today's class and the start class of every gene (see `violation`); null when every start class is today's. */
  private readonly todayGenes: Uint8Array;
  private readonly startGenes: Uint8Array | null;
  /** Genes whose class today their cell may not take (counted once; see `violation`). */
  private readonly forbiddenToday: number;

  constructor(
    readonly area: StudyArea,
    evaluator: LandUseEvaluator = new LandUseEvaluator(area),
  ) {
    this.name = `land-use: ${area.name}`;
    this.numberOfVariables = area.geneCells.length;
    this.numberOfObjectives = area.objectives.length;
    this.variables = { kind: 'categorical', cardinality: area.classes.length };
    this.directions = area.objectives.map(() => 'maximize' as const);
    this.objectiveNames = area.objectives.map((o) => o.id);
    this.evaluator = evaluator;
    this.objectiveBuffer = new Float64Array(this.numberOfObjectives);
    this.countBuffer = new Int32Array(area.classes.length);
    this.todayGenes = currentGenome(area);
    const start = startGenome(area);
    this.startGenes = start.every((c, g) => c === this.todayGenes[g]) ? null : start;
    let forbiddenToday = 0;
    for (let g = 0; g < this.todayGenes.length; g++) forbiddenToday += notAllowed(area.allowed, g, this.todayGenes[g]!);
    this.forbiddenToday = forbiddenToday;
  }

  createVariables(rows: number): Uint8Array {
    return new Uint8Array(rows * this.numberOfVariables);
  }

  /**
   * Full evaluation of every row (the fused fast path; a row close to today's map from today's
   * state plus its changes, see `LandUseEvaluator.evaluate`, whose sums over the changes are taken
   * tile by tile and remembered, so that a child pays them only for the tiles in which it differs
   * from the layouts this thread evaluated before, its parents above all: tile-sums.ts).
   * Evaluation stays a pure function of the genome, so results do not depend on batch order,
   * worker count or what a worker evaluated before.
   */
  evaluate(batch: EvaluationBatch<Uint8Array>): void {
    const n = this.numberOfVariables;
    const M = this.numberOfObjectives;
    for (let r = 0; r < batch.size; r++) {
      const row = batch.variables.subarray(r * n, (r + 1) * n);
      this.evaluator.evaluate(row, this.objectiveBuffer);
      batch.objectives.set(this.objectiveBuffer, r * M);
      const { classCounts, changedGenes } = this.evaluator;
      batch.violations[r] = this.violation(row, this.objectiveBuffer, classCounts, changedGenes);
    }
  }

  /**
   * Cells by which the layout misses its demands, plus genes holding a class their cell may not
   * take, plus changed cells above `rules.maxChange`, plus, with objective bounds, how far its
   * objectives lie outside them relative to each bound ({@link boundShortfall}).
   * @param objectives the layout's objectives when already evaluated (natural units); evaluated here when needed and absent.
   * @param counts its class counts, when already counted.
   * @param changes the genes in which it differs from today, when the evaluation listed them
   *   (`LandUseEvaluator.changedGenes`): then only those genes are visited.
   */
  violation(row: Uint8Array, objectives?: ArrayLike<number>, counts?: Int32Array, changes?: Int32Array | null): number {
    const area = this.area;
    let total = 0;
    if (area.objectiveBounds) {
      if (!objectives) this.evaluator.evaluate(row, (objectives = this.objectiveBuffer));
      total += boundShortfall(area.objectiveBounds, objectives);
    }
    // One pass for the forbidden genes and changedCells, and the class counts when not given.
    // Branch-free sums: the pass over a 2,000 x 2,000 genome is a tenth of an evaluation's time.
    const { allowed } = area;
    const today = this.todayGenes;
    const start = this.startGenes;
    let forbidden = 0;
    let changed = 0;
    if (!counts) {
      counts = this.countBuffer;
      counts.set(area.fixedCounts);
      for (let g = 0; g < row.length; g++) counts[row[g]!]!++;
    }
    if (start === null && changes && counts) {
      forbidden = this.forbiddenToday;
      for (let j = 0; j < changes.length; j++) {
        const g = changes[j]!;
        forbidden += notAllowed(allowed, g, row[g]!) - notAllowed(allowed, g, today[g]!);
      }
      changed = changes.length;
    } else if (start === null) {
      for (let g = 0; g < row.length; g++) {
        const c = row[g]!;
        forbidden += ((allowed[g]! >> c) & 1) ^ 1;
        changed += c !== today[g] ? 1 : 0;
      }
    } else {
      for (let g = 0; g < row.length; g++) {
        const c = row[g]!;
        forbidden += ((allowed[g]! >> c) & 1) ^ 1;
        if (countsAsChanged(c, today[g]!, start[g]!)) changed++;
      }
    }
    total += forbidden;
    total += Math.max(0, changed - area.maxChangedCells);
    for (let c = 0; c < counts.length; c++) {
      total += Math.max(0, area.minCells[c]! - counts[c]!) + Math.max(0, counts[c]! - area.maxCells[c]!);
    }
    return total;
  }
}

export interface LandUseProblemOptions {
  readonly crossoverProbability?: number;
  readonly mutationCells?: number | null;
  readonly seedSearchSteps?: number;
  /** The map regions crossover and mutation work on (model/regions.ts). */
  readonly regions?: { readonly boundaries?: readonly string[]; readonly maxCells?: number };
  /** Make every layout parsimonious before it is evaluated (operators/reversion.ts). Default true. */
  readonly parsimony?: boolean;
}

/**
 * The read-only parts of a setup that take longest to build and hold the most memory (at 2,000 x
 * 2,000 cells about 2.5 s and 200 MB): the compiled indicators (distance transforms, gene-ordered
 * covariates), the map regions and the parsimony tolerances. A run builds them once on the main
 * thread and its workers receive them in shared memory (parallel/problem-spec.ts) instead of
 * building their own. Nothing writes to them after they are built.
 */
export interface LandUseSharedParts {
  readonly compiled: CompiledObjectives;
  readonly regions: Regions;
  readonly tolerances: Float64Array;
}

/** What the engine, the workers and the CLI need to run the land-use problem. */
export interface LandUseSetup {
  readonly problem: LandUseProblem;
  readonly sampling: LandUseSampling;
  readonly crossover: RegionCrossover;
  readonly mutation: RegionMutation;
  readonly repair: DemandRepair;
  /** Local search on elite copies, then the parsimony reversion, on every row (see improvement.ts). */
  readonly improvement: LandUseImprovement;
  /** The local search alone (the memetic step's, and the single-objective baseline's). */
  readonly search: LocalSearch;
  readonly evaluator: LandUseEvaluator;
  /**
   * A layout's objectives, its sub-indicator values (compiled order) and its cells per class
   * (the whole study area): what the front table holds per layout. Workers compute them for the
   * layouts a run writes out (parallel `RowDetails`).
   */
  readonly details: LandUseReportValues;
  readonly regions: Regions;
  readonly metadata: LandUseMetadata;
  /** The parts a run's workers take from this setup instead of building them. */
  readonly shared: LandUseSharedParts;
  /** How a run's compact archive encodes a layout (model/compact-layouts.ts): the workers encode the layouts they finish. */
  readonly encoding: RowEncoding<Uint8Array>;
}

/** See {@link LandUseSetup.details}. */
export interface LandUseReportValues {
  readonly name: 'land-use report';
  /** Objectives + sub-indicators + classes. */
  readonly width: number;
  compute(genome: Uint8Array, out: Float64Array): void;
}

export interface LandUseMetadata {
  readonly objectiveIds: readonly string[];
  readonly objectiveLabels: readonly string[];
  readonly directions: readonly ObjectiveDirection[];
  readonly indicators: readonly { objective: string; indicator: string; unit: string; weight: number }[];
  readonly classes: readonly { id: string; name: string; color: string; built: boolean; natural: boolean }[];
  readonly cellAreaHa: number;
  readonly genes: number;
  /** Hectares per class today. */
  readonly currentAreaHa: readonly number[];
  readonly minAreaHa: readonly number[];
  readonly maxAreaHa: readonly number[];
}

/**
 * The problem options a scenario's optimizer settings ask for (regions sized in cells of this
 * study area); add `seedSearchSteps` or `parsimony` for tests and benchmarks.
 */
export function scenarioProblemOptions(optimizer: OptimizerSettings, area: StudyArea): LandUseProblemOptions {
  const cellAreaM2 = area.cellSizeX * area.cellSizeY;
  return {
    crossoverProbability: optimizer.crossoverProbability,
    mutationCells: optimizer.mutationCells,
    regions: {
      boundaries: [...optimizer.regions.boundaries],
      maxCells: Math.max(1, Math.round(areaToCells(optimizer.regions.size, area.validCells, cellAreaM2))),
    },
  };
}

/**
 * Assemble the problem and its operators from a prepared study area.
 * @param shared another setup's `shared` parts for the same study area and options (a worker's
 *   from the main thread's); built here when absent.
 * @example
 * const { studyArea, scenario } = await prepareScenario('scenarios/riverbend-balanced.yaml');
 * const setup = createLandUseProblem(studyArea, { crossoverProbability: scenario.optimizer.crossoverProbability });
 */
export function createLandUseProblem(
  area: StudyArea,
  options: LandUseProblemOptions = {},
  shared?: LandUseSharedParts,
): LandUseSetup {
  const evaluator = new LandUseEvaluator(area, shared?.compiled);
  const problem = new LandUseProblem(area, evaluator);
  const gain = new LinearGain(evaluator);
  const regions = shared?.regions ?? buildRegions(area, options.regions ?? {});
  const repair = new DemandRepair(area, gain, {}, regions);
  const mutationOptions = options.mutationCells != null ? { cells: options.mutationCells } : {};
  const samplingOptions = options.seedSearchSteps !== undefined ? { seedSearchSteps: options.seedSearchSteps } : {};
  const crossoverOptions =
    options.crossoverProbability !== undefined ? { probability: options.crossoverProbability } : {};
  const tolerances = shared?.tolerances ?? parsimonyTolerances(evaluator);
  const search = new LocalSearch(area, evaluator, tolerances, regions);
  const reversion = options.parsimony === false ? null : () => new PatchReversion(area, evaluator, tolerances);
  const today = new Int32Array(area.classes.length);
  for (let i = 0; i < area.current.length; i++) if (area.current[i]! < area.classes.length) today[area.current[i]!]!++;
  const ha = (cells: number) => cells * area.cellAreaHa;
  const objectives = evaluator.numberOfObjectives;
  const indicators = evaluator.compiled.indicators.length;
  return {
    problem,
    evaluator,
    details: {
      name: 'land-use report',
      width: objectives + indicators + area.classes.length,
      compute: (genome, out) => {
        evaluator.evaluate(genome, out.subarray(0, objectives), out.subarray(objectives, objectives + indicators));
        // The evaluation counted the classes already (a pass over the genome less per layout).
        out.set(evaluator.classCounts, objectives + indicators);
      },
    },
    repair,
    encoding: layoutChangesEncoding(() => currentGenome(area)),
    improvement: new LandUseImprovement(search, reversion),
    search,
    regions,
    shared: { compiled: evaluator.compiled, regions, tolerances },
    sampling: new LandUseSampling(area, evaluator, gain, repair, regions, samplingOptions),
    crossover: new RegionCrossover(regions, crossoverOptions),
    mutation: new RegionMutation(area, regions, mutationOptions),
    metadata: {
      objectiveIds: problem.objectiveNames,
      objectiveLabels: evaluator.compiled.objectiveLabels,
      directions: problem.directions,
      indicators: evaluator.compiled.indicators.map((indicator, k) => ({
        objective: evaluator.compiled.objectiveIds[evaluator.compiled.objectiveOf[k]!]!,
        indicator: indicator.name,
        unit: evaluator.compiled.units[k]!,
        weight: indicator.weight,
      })),
      classes: area.classes.map((c) => ({
        id: c.id,
        name: c.name,
        color: c.color,
        built: c.built,
        natural: c.natural,
      })),
      cellAreaHa: area.cellAreaHa,
      genes: area.geneCells.length,
      currentAreaHa: [...today].map(ha),
      minAreaHa: [...area.minCells].map(ha),
      maxAreaHa: [...area.maxCells].map(ha),
    },
  };
}

/** 1 when gene g's cell may not take class c, else 0. */
function notAllowed(allowed: ArrayLike<number>, g: number, c: number): number {
  return ((allowed[g]! >> c) & 1) ^ 1;
}
