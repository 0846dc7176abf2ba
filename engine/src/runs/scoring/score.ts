/**
 * `score`: a layout GeoTIFF evaluated on a scenario (every objective and sub-indicator, areas,
 * demands, rule violations) and, given a run folder, placed against that run's front.
 */
import path from 'node:path';
import { prepareScenario, type PreparedScenario } from '../../landuse/index.js';
import { RunInputError } from '../errors.js';
import { frontRows, loadFront, type LoadedFront } from '../front-io.js';
import { sha256File } from '../files.js';
import { LayoutScorer, type LayoutEvaluation } from './evaluate.js';
import { readLayoutRaster } from './layout-raster.js';
import { placeOnFront, type FrontPlacement } from './placement.js';

export interface ScoreOptions {
  /** A run folder of the same scenario: place the layout against its front. */
  readonly run?: string;
}

export interface ScoredLayout extends LayoutEvaluation {
  readonly scenario: { readonly file: string; readonly name: string };
  readonly layout: { readonly file: string; readonly resampled: boolean; readonly cellsWithoutValue: number };
  readonly cellAreaHa: number;
  readonly warnings: readonly string[];
  /** With a run folder: where the layout stands against its front. */
  readonly front: (FrontPlacement & { readonly run: string; readonly layouts: number }) | null;
}

/**
 * Score a layout GeoTIFF on a scenario.
 * @throws input errors (exit code 2) for an invalid scenario, an unreadable or non-overlapping
 *   layout, unknown class codes, or a run folder of another study area or other objectives.
 */
export async function scoreLayout(
  scenarioFile: string,
  layoutFile: string,
  options: ScoreOptions = {},
): Promise<ScoredLayout> {
  return (await scorePreparedLayout(await prepareScenario(scenarioFile), layoutFile, options)).scored;
}

/**
 * {@link scoreLayout} on a scenario already prepared (the app's view also draws the layout, so it
 * gets the class map read from the file as well).
 */
export async function scorePreparedLayout(
  prepared: PreparedScenario,
  layoutFile: string,
  options: ScoreOptions = {},
): Promise<{ scored: ScoredLayout; classes: Uint8Array }> {
  const scenarioFile = prepared.scenario.file;
  const layout = await readLayoutRaster(layoutFile, prepared);
  const evaluation = new LayoutScorer(prepared).evaluate(layout.classes);
  const warnings = [...layout.warnings];
  let front: ScoredLayout['front'] = null;
  if (options.run !== undefined) {
    const loaded = await loadFront(options.run);
    warnings.push(...(await checkRunMatches(loaded, prepared)));
    const directions = loaded.manifest.objectives.map((o) => o.direction);
    const points = frontRows(loaded);
    front = {
      run: loaded.dir,
      layouts: loaded.rows,
      ...placeOnFront(
        evaluation.objectives.map((o) => o.value),
        points,
        directions,
      ),
    };
  }
  const scored: ScoredLayout = {
    scenario: { file: path.resolve(scenarioFile), name: prepared.scenario.name },
    layout: {
      file: path.resolve(layoutFile),
      resampled: layout.resampled,
      cellsWithoutValue: layout.cellsWithoutValue,
    },
    cellAreaHa: prepared.studyArea.cellAreaHa,
    ...evaluation,
    warnings,
    front,
  };
  return { scored, classes: layout.classes };
}

/**
 * A front can be compared only on the same objectives and study-area grid; another version of the
 * scenario (other weights, demands or rules) is allowed with a warning.
 * @returns warnings
 */
async function checkRunMatches(front: LoadedFront, prepared: PreparedScenario): Promise<string[]> {
  const manifest = front.manifest;
  const ids = prepared.scenario.objectives.map((o) => o.id);
  const runIds = manifest.objectives.map((o) => o.id);
  if (ids.join(',') !== runIds.join(',')) {
    throw new RunInputError(
      `--run ${front.dir}: the run's objectives are ${runIds.join(', ')}, the scenario's are ${ids.join(', ')}; a layout can be placed only against a run of the same objectives.`,
    );
  }
  const g = manifest.grid;
  const grid = prepared.grid;
  const same =
    g.width === grid.width &&
    g.height === grid.height &&
    Math.abs(g.originX - grid.originX) <= 1e-6 * Math.max(1, Math.abs(grid.originX)) &&
    Math.abs(g.originY - grid.originY) <= 1e-6 * Math.max(1, Math.abs(grid.originY)) &&
    Math.abs(g.pixelWidth - grid.pixelWidth) <= 1e-9 * grid.pixelWidth;
  if (!same) {
    throw new RunInputError(
      `--run ${front.dir}: the run's study-area grid (${g.width} x ${g.height} cells at ${g.originX}, ${g.originY}) is not the scenario's (${grid.width} x ${grid.height} at ${grid.originX}, ${grid.originY}); use a run of the same study area.`,
    );
  }
  const sha = await sha256File(prepared.scenario.file).catch(() => null);
  return sha === manifest.scenario.sha256
    ? []
    : [
        `--run ${front.dir}: the run was made with ${manifest.scenario.path} ("${manifest.scenario.name}"), which differs from ${prepared.scenario.file}; the front's values come from that version of the scenario.`,
      ];
}
