/**
 * The app's Score, Monitor and cross-run views through the service both transports call
 * (PlanService, via the transport-neutral dispatch): two short runs of the balanced scenario
 * (seeds 1 and 2); a plan exported from the first and an "observed" map made from it with known
 * differences; the view's numbers are the CLI's engine functions' (scoreLayout, monitorPlan,
 * agreementAcrossRuns), and a plan taken from the run's front equals its exported GeoTIFF.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreementAcrossRuns,
  monitorPlan,
  PlanService,
  runScenario,
  scoreLayout,
  type FrontView,
  type MonitorView,
} from '../../../engine/src/api/index.js';
import { writeObservedMap } from '../../support/observed-map.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';
import { repoRoot } from '../../e2e/support/harness.js';

const scenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
const landUse = path.join(repoRoot, 'gis-data/riverbend/landuse.tif');
const BUDGET = { population: 12, generations: 5, workers: 1 };

let home: string;
let service: PlanService;
let runs: [string, string];
let fronts: [FrontView, FrontView];
let planFile: string;
let observedFile: string;
let planned: number;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-scoring-views-'));
  service = new PlanService({ homeDir: home });
  runs = [path.join(home, 'runs', 'seed-1'), path.join(home, 'runs', 'seed-2')];
  for (const [k, dir] of runs.entries()) await runScenario({ scenario, outDir: dir, seed: k + 1, ...BUDGET });
  fronts = [await service.loadFront(runs[0]), await service.loadFront(runs[1])];
  planFile = (await service.exportLayout({ dir: runs[0], format: 'geotiff', solution: fronts[0].highlights.knee }))
    .file;
  observedFile = path.join(home, 'observed.tif');
  ({ planned } = await writeObservedMap(planFile, landUse, observedFile));
}, 120_000);

afterAll(async () => {
  await service?.close();
  await rm(home, { recursive: true, force: true });
});

const cellHa = 0.0625;

describe('the Monitor view', () => {
  it('reports exactly the known differences, as `paretoplan monitor` does', async () => {
    const view = (await dispatch(service, 'monitorPlan', [
      { scenario, plan: { file: planFile }, observed: observedFile },
    ])) as MonitorView;
    expect(view.totals.notRealised).toBe(7 * cellHa);
    expect(view.totals.unplanned).toBe(5 * cellHa);
    expect(view.totals.realised).toBe((planned - 7) * cellHa);
    const byClass = new Map(view.byClass.map((c) => [c.id, c]));
    expect(byClass.get('forest')!.unplannedGainHa).toBe(5 * cellHa);
    expect(byClass.get('agriculture')!.unplannedLossHa).toBe(5 * cellHa);
    const cli = await monitorPlan(planFile, observedFile, { scenario });
    expect(view.totals).toEqual(cli.totals);
    expect(view.byClass).toEqual(cli.classes);
    expect(view.scores).toEqual(cli.scores);
    // The category map counts the same cells.
    const map = view.map;
    const count = (value: number) => map.reduce((n, v) => n + (v === value ? 1 : 0), 0);
    expect([count(2), count(3), count(4)]).toEqual([planned - 7, 7, 5]);
  });

  it("takes the plan from the run's front as well as from its exported GeoTIFF", async () => {
    const fromFile = (await service.monitorPlan({
      scenario,
      plan: { file: planFile },
      observed: observedFile,
    })) as MonitorView;
    const fromRun = await service.monitorPlan({
      scenario,
      plan: { run: runs[0], id: fronts[0].highlights.knee },
      observed: observedFile,
    });
    expect(fromRun.totals).toEqual(fromFile.totals);
    expect(fromRun.byClass).toEqual(fromFile.byClass);
    expect(fromRun.map).toEqual(fromFile.map);
    expect(fromRun.plan).toMatch(/layout #\d+$/);
  });

  it('names a file that is not a GeoTIFF, and a missing one', async () => {
    await expect(
      dispatch(service, 'monitorPlan', [{ scenario, plan: { file: scenario }, observed: observedFile }]),
    ).rejects.toThrow(/plan: .*riverbend-balanced\.yaml must end in \.tif or \.tiff/);
    await expect(
      service.monitorPlan({ scenario, plan: { file: planFile }, observed: path.join(home, 'nowhere.tif') }),
    ).rejects.toThrow(/observed: .*nowhere\.tif does not exist/);
  });
});

describe('the Score view', () => {
  it("scores today's map as `paretoplan score` does, placed against the run's front", async () => {
    const view = await service.scoreLayout({ layout: landUse, scenario, run: runs[0] });
    const cli = await scoreLayout(scenario, landUse, { run: runs[0] });
    expect(view.objectives).toEqual(cli.objectives);
    expect(view.indicators).toEqual(cli.indicators);
    expect(view.demands).toEqual(cli.demands);
    expect(view.front).toEqual(cli.front);
    expect(view.changedHa).toBe(0);
    expect(view.front!.dominatedBy.length).toBeGreaterThan(0);
    expect(view.map).toEqual(view.current);
  });

  it("scores on the run's own scenario when none is given", async () => {
    const view = await service.scoreLayout({ layout: planFile, run: runs[0] });
    expect(view.front!.equals).toEqual([fronts[0].highlights.knee]);
    expect(view.scenario.name).toBe(fronts[0].scenarioName);
  });
});

describe('comparing across runs', () => {
  it('lists the runs of the same study area with their seeds', async () => {
    const related = await service.relatedRuns(runs[0]);
    expect(related.map((r) => [r.dir, r.seed]).sort()).toEqual([
      [runs[0], 1],
      [runs[1], 2],
    ]);
  });

  it('computes the agreement of layouts of two runs as `paretoplan agreement` does', async () => {
    const picks = [
      { dir: runs[0], ids: [fronts[0].highlights.knee, 0] },
      { dir: runs[1], ids: [fronts[1].highlights.knee] },
    ];
    const view = await service.crossRunAgreement(picks);
    const written = await agreementAcrossRuns(runs, {
      solutions: ['compromise'],
      out: path.join(home, 'agreement.tif'),
    });
    expect(view.layouts).toBe(3);
    expect(view.unanimousHa + view.contestedHa).toBeCloseTo(written.unanimousHa + written.contestedHa, 9);
    const two = await service.crossRunAgreement([
      { dir: runs[0], ids: [fronts[0].highlights.knee] },
      { dir: runs[1], ids: [fronts[1].highlights.knee] },
    ]);
    expect(two.contestedHa).toBeCloseTo(written.contestedHa, 9);
    expect(two.unanimousHa).toBeCloseTo(written.unanimousHa, 9);
    await expect(dispatch(service, 'crossRunAgreement', [[{ dir: runs[0], ids: [9999] }]])).rejects.toThrow(
      /Solution 9999 does not exist/,
    );
  });
});
