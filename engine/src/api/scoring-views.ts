/**
 * The app's Score, Monitor and cross-run views (scoring-contract.ts), computed in the background
 * worker beside the explorer's views (views.ts), with which they share the front cache. The
 * numbers are the CLI's: `scoreLayout`, `monitorPlan` (runs/scoring) and the agreement across
 * runs (runs/cross-run-agreement.ts).
 */
import { sameGrid, type GridSpec } from '../gis/index.js';
import { prepareScenario, type PreparedScenario, type ResolvedScenario } from '../landuse/index.js';
import { fillBy } from '../io/typed-map.js';
// Module by module rather than through runs/index.js (see explore.ts).
import { checkSameStudyArea, crossRunAgreement } from '../runs/cross-run-agreement.js';
import { RunInputError } from '../runs/errors.js';
import { frontLayoutChanges, type LoadedFront } from '../runs/front-io.js';
import { MONITOR_CATEGORIES, monitorLayouts, readLayoutRaster, scorePreparedLayout } from '../runs/scoring/index.js';
import { NO_CLASS } from '../rules/index.js';
import type { ClassInfo } from './contract.js';
import { layoutClasses, type FrontCache } from './explore.js';
import type {
  CrossRunAgreementView,
  MapFrame,
  MonitorRequest,
  MonitorView,
  RunPick,
  ScoreRequest,
  ScoreView,
} from './scoring-contract.js';
import { gridBytes } from './views.js';

export class ScoringViews {
  constructor(private readonly fronts: FrontCache) {}

  /** A layout GeoTIFF scored on the request's scenario (or its run's), placed against the run's front. */
  async score(request: ScoreRequest): Promise<ScoreView> {
    const run = request.run === undefined ? null : await this.fronts.get(request.run);
    const prepared =
      request.scenario !== undefined
        ? await prepareScenario(request.scenario)
        : run
          ? await prepareScenario(run.manifest.scenario.parsed as ResolvedScenario)
          : null;
    if (!prepared) throw new RunInputError('Choose a scenario (or open a run) to score the layout on.');
    const { scored, classes } = await scorePreparedLayout(prepared, request.layout, run ? { run: run.dir } : {});
    return { ...scored, ...mapFrame(prepared), map: gridBytes(classes) };
  }

  /** A plan against an observed land cover (docs/scoring.md, "Monitoring a plan"). */
  async monitor(request: MonitorRequest): Promise<MonitorView> {
    const prepared = await prepareScenario(request.scenario);
    const plan =
      'file' in request.plan
        ? await readLayoutRaster(request.plan.file, prepared)
        : await this.runLayout(prepared, request.plan.run, request.plan.id);
    const observed = await readLayoutRaster(request.observed, prepared);
    const baseline = request.baseline === undefined ? null : await readLayoutRaster(request.baseline, prepared);
    const { map, baselineClasses, result } = monitorLayouts(prepared, { plan, observed, baseline });
    const { classes: byClass, files: _files, ...rest } = result;
    return {
      ...rest,
      ...mapFrame(prepared),
      totals: { ...result.totals },
      byClass: [...byClass],
      warnings: [...result.warnings],
      categories: MONITOR_CATEGORIES.map((c) => ({ ...c })),
      map: gridBytes(map),
      planMap: gridBytes(plan.classes),
      observedMap: gridBytes(observed.classes),
      baselineMap: gridBytes(baselineClasses),
    };
  }

  /** Agreement of layouts picked from several opened runs (the runs must share the study area). */
  async crossRunAgreement(picks: readonly RunPick[]): Promise<CrossRunAgreementView> {
    const fronts: LoadedFront[] = [];
    for (const pick of picks) {
      const front = await this.fronts.get(pick.dir);
      if (fronts.some((f) => f.dir === front.dir))
        throw new RunInputError(`The run folder ${front.dir} is picked twice; list each run once with its layouts.`);
      for (const id of pick.ids) layoutClasses(front, id); // checks the id
      if (fronts[0]) checkSameStudyArea(fronts[0], front);
      fronts.push(front);
    }
    if (fronts.length === 0) throw new RunInputError('Pick layouts from at least one run.');
    const first = fronts[0]!;
    const agreement = crossRunAgreement(
      first.current,
      fronts.map((f, r) => ({
        geneCells: f.geneCells,
        layouts: frontLayoutChanges(f),
        ids: [...new Set(picks[r]!.ids)],
      })),
      first.manifest.classes.length,
    );
    const mode = Uint8Array.from(first.current);
    const frequency = fillBy(new Uint8Array(first.current.length), (i) => (first.current[i] === NO_CLASS ? 0 : 255));
    let contested = 0;
    agreement.cells.forEach((cell, k) => {
      mode[cell] = agreement.mode[k]!;
      const count = agreement.modeCount[k]!;
      frequency[cell] = Math.round((255 * count) / agreement.layouts);
      if (count < agreement.layouts) contested++;
    });
    let inside = 0;
    for (const c of first.current) if (c !== NO_CLASS) inside++;
    const cellHa = first.manifest.cellAreaHa;
    return {
      picks: fronts.map((f, r) => ({ dir: f.dir, ids: [...new Set(picks[r]!.ids)] })),
      layouts: agreement.layouts,
      mode: gridBytes(mode),
      frequency: gridBytes(frequency),
      unanimousHa: (inside - contested) * cellHa,
      contestedHa: contested * cellHa,
    };
  }

  /** A layout of an opened run as a plan on the scenario's grid: the run must share its grid, classes and boundary. */
  private async runLayout(prepared: PreparedScenario, dir: string, id: number | 'today') {
    const front = await this.fronts.get(dir);
    const area = prepared.studyArea;
    const manifest = front.manifest;
    const refuse = (what: string) => {
      throw new RunInputError(
        `The run in ${front.dir} is not on the study area of scenario "${prepared.scenario.name}": ${what}. Choose a layout of a run of that study area, or its GeoTIFF.`,
      );
    };
    if (!sameGrid(manifest.grid as GridSpec, prepared.grid))
      refuse(
        `its grid is ${manifest.grid.width} x ${manifest.grid.height} cells, the scenario's ${prepared.grid.width} x ${prepared.grid.height}`,
      );
    const ids = (list: readonly { id: string }[]) => list.map((c) => c.id).join(', ');
    if (ids(manifest.classes) !== ids(area.classes))
      refuse(`its classes are ${ids(manifest.classes)}, the scenario's ${ids(area.classes)}`);
    const classes = layoutClasses(front, id);
    const outside = classes.findIndex((c, i) => (c === NO_CLASS) !== (area.current[i] === NO_CLASS));
    if (outside >= 0) refuse(`its study-area boundary differs (first at cell ${outside})`);
    return { file: `${front.dir} layout ${id === 'today' ? 'today' : `#${id}`}`, classes, warnings: [] };
  }
}

/** The grid, classes and today's map of a prepared scenario, as the app draws them. */
function mapFrame(prepared: PreparedScenario): MapFrame {
  const area = prepared.studyArea;
  const classes: ClassInfo[] = area.classes.map((c) => ({ id: c.id, name: c.name, color: c.color }));
  return {
    grid: { width: prepared.grid.width, height: prepared.grid.height, cellSizeM: prepared.grid.pixelWidth },
    classes,
    current: gridBytes(area.current),
  };
}
