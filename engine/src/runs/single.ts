/**
 * The single-objective baseline (`paretoplan run <scenario> --single <objective>`): how good can
 * one objective get on its own? A first-improvement local search with the incremental evaluator
 * and moves that keep every hard constraint (operators/local-search.ts), started from today's
 * layout (repaired to meet the demands) and, given a run folder, from that front's best layout
 * for the objective. Each start spends the same number of evaluations as the run it is compared
 * with (its NSGA-II evaluations plus its local-search moves, see {@link runEvaluationBudget}), or
 * stops earlier once `patience` sampled moves in a row have not improved.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  createLandUseProblem,
  prepareScenario,
  scenarioProblemOptions,
  type LandUseSetup,
  type PreparedScenario,
} from '../landuse/index.js';
import { createRandom } from '../optimizer/index.js';
import { RunInputError } from './errors.js';
import { genomeOf, loadFront } from './front-io.js';
import { writeJsonAtomic } from './files.js';
import { writeLayoutGeoTiff } from './outputs.js';
import { manifestClasses } from './run-folder.js';
import { frontHighlights } from '../decision/index.js';
import { polishBudget } from './polish.js';

/** Sampled moves in a row without improvement after which a start stops. */
export const DEFAULT_SINGLE_PATIENCE = 5000;

export interface SingleObjectiveOptions {
  readonly scenario: string;
  /** Objective id. */
  readonly objective: string;
  /** Evaluations per start. Default: the scenario's run budget ({@link runEvaluationBudget}). */
  readonly evaluations?: number;
  /** A run folder of the same scenario: also start from its front's best layout for the objective. */
  readonly from?: string;
  readonly seed?: number;
  readonly patience?: number;
  /** Folder to write `single-<objective>.json` and the best layout `single-<objective>.tif` into. */
  readonly out?: string;
}

export interface SingleObjectiveStart {
  readonly start: 'today' | 'front';
  /** The objective before and after the search (natural units, maximised). */
  readonly initial: number;
  readonly value: number;
  readonly evaluations: number;
  readonly improvements: number;
  /** True when it stopped because no sampled move improved (`patience` in a row). */
  readonly converged: boolean;
  /** Every objective of the layout found. */
  readonly objectives: number[];
}

export interface SingleObjectiveResult {
  readonly scenario: string;
  readonly objective: string;
  readonly budget: number;
  readonly patience: number;
  readonly starts: SingleObjectiveStart[];
  /** The better start. */
  readonly best: SingleObjectiveStart;
  readonly files: string[];
}

/**
 * Evaluations of a run of the scenario: population x generations full evaluations, plus at most
 * (objectives + 1) local searches of `localSearch.evaluations` moves every `localSearch.every`
 * generations, plus the final polish of each objective's best layout (`localSearch.polish`
 * moves, capped by {@link polishBudget}). An upper bound: the memetic step may improve fewer layouts, and searches may stop early.
 */
export function runEvaluationBudget(prepared: PreparedScenario, population?: number, generations?: number): number {
  const o = prepared.scenario.optimizer;
  const N = population ?? o.population;
  const G = generations ?? o.generations;
  const searches = o.localSearch.every > 0 ? Math.floor((G - 1) / o.localSearch.every) : 0;
  const M = prepared.scenario.objectives.length;
  return N * G + searches * (M + 1) * o.localSearch.evaluations + M * polishBudget(o.localSearch.polish, N * G);
}

/** Run the baseline (see the module comment). */
export async function runSingleObjective(options: SingleObjectiveOptions): Promise<SingleObjectiveResult> {
  const prepared = await prepareScenario(path.resolve(options.scenario));
  const area = prepared.studyArea;
  const setup = createLandUseProblem(area, scenarioProblemOptions(prepared.scenario.optimizer, area));
  const ids = setup.metadata.objectiveIds;
  const m = ids.indexOf(options.objective);
  if (m < 0)
    throw new RunInputError(
      `${options.scenario} has no objective "${options.objective}"; its objectives are ${ids.join(', ')}.`,
    );
  const budget = options.evaluations ?? runEvaluationBudget(prepared);
  if (!Number.isInteger(budget) || budget < 1)
    throw new RunInputError(`--evaluations must be a whole number of at least 1, got ${budget}.`);
  const patience = options.patience ?? DEFAULT_SINGLE_PATIENCE;
  const seed = options.seed ?? prepared.scenario.optimizer.seed;
  const starts: { start: 'today' | 'front'; row: Uint8Array }[] = [];
  const today = new Uint8Array(area.geneCells.length);
  setup.sampling.sampleRow(today, 0, createRandom(seed));
  starts.push({ start: 'today', row: today });
  if (options.from) starts.push({ start: 'front', row: await bestOfFront(options.from, setup, m) });
  const results = starts.map(({ start, row }, k) => searchFrom(setup, start, row, m, budget, patience, seed + k + 1));
  const bestIndex = results[1] && results[1].value > results[0]!.value ? 1 : 0;
  const files: string[] = [];
  if (options.out) {
    const dir = path.resolve(options.out);
    await mkdir(dir, { recursive: true });
    const stem = path.join(dir, `single-${options.objective}`);
    files.push(
      await writeLayoutGeoTiff(
        `${stem}.tif`,
        { classes: manifestClasses(prepared.scenario) },
        prepared.landUse,
        area.current,
        area.geneCells,
        starts[bestIndex]!.row,
      ),
    );
  }
  const result: SingleObjectiveResult = {
    scenario: path.resolve(options.scenario),
    objective: options.objective,
    budget,
    patience,
    starts: results,
    best: results[bestIndex]!,
    files,
  };
  if (options.out) {
    const file = path.join(path.resolve(options.out), `single-${options.objective}.json`);
    await writeJsonAtomic(file, result);
    files.push(file);
  }
  return result;
}

function searchFrom(
  setup: LandUseSetup,
  start: 'today' | 'front',
  row: Uint8Array,
  m: number,
  budget: number,
  patience: number,
  seed: number,
): SingleObjectiveStart {
  const objectives = new Float64Array(setup.problem.numberOfObjectives);
  setup.evaluator.evaluate(row, objectives);
  const initial = objectives[m]!;
  const outcome = setup.search.run(row, createRandom(seed), m, { evaluations: budget, patience });
  setup.evaluator.evaluate(row, objectives);
  return {
    start,
    initial,
    value: objectives[m]!,
    evaluations: outcome.evaluations,
    improvements: outcome.improvements,
    converged: outcome.converged,
    objectives: [...objectives],
  };
}

/** The best layout of a run's front for objective m (a copy). */
async function bestOfFront(runDir: string, setup: LandUseSetup, m: number): Promise<Uint8Array> {
  const front = await loadFront(runDir);
  if (front.manifest.studyArea.genes !== setup.problem.numberOfVariables)
    throw new RunInputError(
      `${runDir} was run on a study area with ${front.manifest.studyArea.genes} changeable cells, this scenario has ${setup.problem.numberOfVariables}; give a run of the same scenario.`,
    );
  const rows = front.manifest.front?.rows ?? 0;
  if (rows === 0) throw new RunInputError(`${runDir} has no front yet.`);
  const M = setup.problem.numberOfObjectives;
  const objectives = new Float64Array(rows * M);
  const out = new Float64Array(M);
  for (let id = 0; id < rows; id++) {
    setup.evaluator.evaluate(genomeOf(front, id), out);
    objectives.set(out, id * M);
  }
  const { extremes } = frontHighlights(objectives, rows, setup.problem.directions);
  return genomeOf(front, extremes[m]!).slice();
}
