/**
 * `paretoplan score` and `paretoplan monitor` through the built CLI on the Riverbend data: today's
 * map scores as the engine scores today's layout; a layout missing a demand is reported with its
 * shortfall; an exported front layout scores back to its front row and sits on the front; monitor
 * reports exactly the areas of known changes (its map read back with GDAL); bad inputs exit 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff, writeGeoTiff, type GridSpec, type RasterArray } from '../../../engine/src/gis/index.js';
import { createLandUseProblem, currentGenome, prepareScenario } from '../../../engine/src/landuse/index.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { balancedScenario, readFront, repoRoot, runCli, SMALL_BUDGET } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-score-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const landUse = path.join(repoRoot, 'gis-data/riverbend/landuse.tif');
const runDir = path.join(tmp, 'run');
const knee = path.join(tmp, 'knee.tif');

interface Scored {
  objectives: { id: string; value: number }[];
  indicators: { objective: string; indicator: string; value: number }[];
  changedHa: number;
  demands: { classId: string; ha: number; status: string; shortfallHa: number; excessHa: number }[];
  violations: { rule: string; fromClass: string; toClass: string; cells: number; ha: number }[];
  feasible: boolean;
  warnings: string[];
  layout: { resampled: boolean };
  front: {
    equals: number[];
    dominatedBy: unknown[];
    nonDominated: boolean;
  } | null;
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/** A copy of a raster with some cells changed, as a GeoTIFF on the same (or another) grid. */
async function edited(
  source: string,
  name: string,
  edit: (data: RasterArray) => void,
  grid?: (g: GridSpec) => GridSpec,
): Promise<string> {
  const raster = await readGeoTiff(source);
  const data = raster.data.slice();
  edit(data);
  const file = path.join(tmp, name);
  await writeGeoTiff(file, {
    grid: grid ? grid(raster.grid) : raster.grid,
    data,
    ...(raster.nodata === null ? {} : { nodata: raster.nodata }),
  });
  return file;
}

let today: Awaited<ReturnType<typeof prepareScenario>>;
let frontRows: number[][];

beforeAll(async () => {
  const run = await runCli(['run', balancedScenario, '--out', runDir, '--quiet', ...SMALL_BUDGET]);
  expect(run.code, run.stderr).toBe(0);
  const exported = await runCli(['export', runDir, '--format', 'geotiff', '--solution', 'compromise', '--out', knee]);
  expect(exported.code, exported.stderr).toBe(0);
  today = await prepareScenario(balancedScenario);
  frontRows = parseCsv(readFront(runDir).csv.toString('utf8'))
    .slice(1)
    .map((r) => r.map(Number));
});

async function score(args: string[]): Promise<Scored> {
  const result = await runCli(['score', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Scored;
}

describe('paretoplan score', () => {
  it("scores today's map as the engine scores today's layout", async () => {
    const result = await score([balancedScenario, landUse]);
    const expected = createLandUseProblem(today.studyArea).evaluator.report(currentGenome(today.studyArea));
    result.objectives.forEach((o, m) => expect(relativeError(o.value, expected.objectives[m]!)).toBeLessThan(1e-9));
    result.indicators.forEach((i, k) =>
      expect(relativeError(i.value, expected.indicators[k]!.value)).toBeLessThan(1e-9),
    );
    expect(result.changedHa).toBe(0);
    expect(result.violations).toEqual([]);
    // Today has 2,479 residential cells of 0.0625 ha; the demand asks for 281 ha = 4,496 cells.
    const residential = result.demands.find((d) => d.classId === 'residential')!;
    expect(residential).toMatchObject({ ha: 2479 * 0.0625, status: 'below', shortfallHa: (4496 - 2479) * 0.0625 });
    expect(result.feasible).toBe(false);
  });

  it('reports a demand missed with its shortfall and a broken rule with its area', async () => {
    const area = today.studyArea;
    const todayCodes = today.landUse.data;
    const min = area.minCells[0]!; // residential
    const file = await edited(knee, 'short.tif', (data) => {
      // One wetland cell (a fixed class) built on, then enough newly built homes reverted to
      // today's use that 10 cells of the residential demand are missing.
      const wetland = [...todayCodes.keys()].find((i) => todayCodes[i] === 7)!;
      data[wetland] = 1;
      let residential = 0;
      for (let i = 0; i < data.length; i++) if (data[i] === 1) residential++;
      let revert = residential - (min - 10);
      for (let i = 0; i < data.length && revert > 0; i++) {
        if (data[i] === 1 && todayCodes[i] !== 1 && i !== wetland) {
          data[i] = todayCodes[i]!;
          revert--;
        }
      }
    });
    const result = await score([balancedScenario, file]);
    expect(result.demands.find((d) => d.classId === 'residential')).toMatchObject({
      status: 'below',
      shortfallHa: 10 * 0.0625,
    });
    expect(result.violations).toContainEqual(
      expect.objectContaining({
        rule: 'fixed-class',
        fromClass: 'wetland',
        toClass: 'residential',
        cells: 1,
        ha: 0.0625,
      }),
    );
    expect(result.feasible).toBe(false);
    const text = await runCli(['score', balancedScenario, file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Residential: [\d.,]+ ha \(demand 281\.0-300\.0 ha\) MISSED: short by 0\.6 ha/);
    expect(text.stdout).toContain('fixed-class: wetland -> residential on 1 cell, 0.1 ha');
  });

  it('scores an exported front layout back to its front values and places it on the front', async () => {
    for (const solution of ['compromise', 'best-economic']) {
      const file = path.join(tmp, `${solution}.tif`);
      const exported = await runCli([
        'export',
        runDir,
        '--format',
        'geotiff',
        '--solution',
        solution,
        '--out',
        file,
        '--json',
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      const id = (JSON.parse(exported.stdout) as { solution: number }).solution;
      const row = frontRows[id]!;
      const result = await score([balancedScenario, file, '--run', runDir]);
      result.objectives.forEach((o, m) => expect(relativeError(o.value, row[1 + m]!)).toBeLessThan(1e-9));
      result.indicators.forEach((i, k) => expect(relativeError(i.value, row[4 + k]!)).toBeLessThan(1e-9));
      expect(result.feasible).toBe(true);
      expect(result.front!.equals).toContain(id);
      expect(result.front!.dominatedBy).toEqual([]);
      expect(result.front!.nonDominated).toBe(true);
    }
  });

  it('resamples a layout on another grid by nearest neighbour, with a warning', async () => {
    const coarse = path.join(tmp, 'coarse.tif');
    execFileSync('gdalwarp', ['-q', '-tr', '50', '50', '-r', 'near', landUse, coarse]);
    const result = await runCli(['score', balancedScenario, coarse, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: .*coarse\.tif: on another grid .* resampled by nearest neighbour/);
    expect((JSON.parse(result.stdout) as Scored).layout.resampled).toBe(true);
  });
});

describe('paretoplan monitor', () => {
  it('reports exactly the areas of known differences between the plan and an observed map', async () => {
    const plan = await readGeoTiff(knee);
    const todayCodes = today.landUse.data;
    const cellHa = today.studyArea.cellAreaHa;
    const plannedCells = [...plan.data.keys()].filter((i) => plan.data[i] !== 0 && plan.data[i] !== todayCodes[i]);
    // Seven planned changes not made (the cell kept today's code), five farm cells with no change
    // planned became forest.
    const notMade = plannedCells.filter((_, k) => k % 13 === 0).slice(0, 7);
    const newForest = [...plan.data.keys()].filter((i) => plan.data[i] === 4 && todayCodes[i] === 4).slice(0, 5);
    expect(notMade).toHaveLength(7);
    const observed = await edited(knee, 'observed.tif', (data) => {
      for (const i of notMade) data[i] = todayCodes[i]!;
      for (const i of newForest) data[i] = 5;
    });
    const out = path.join(tmp, 'monitor');
    const result = await runCli(['monitor', knee, observed, '--scenario', balancedScenario, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      totals: Record<string, number>;
      classes: {
        id: string;
        plannedHa: number;
        realisedHa: number;
        notRealisedHa: number;
        unplannedGainHa: number;
        unplannedLossHa: number;
      }[];
      scores: Record<'plan' | 'observed' | 'baseline', Scored>;
      files: { map: string; summary: string };
    };
    const valid = today.studyArea.validCells;
    expect(report.totals).toEqual({
      kept: (valid - plannedCells.length - 5) * cellHa,
      realised: (plannedCells.length - 7) * cellHa,
      notRealised: 7 * cellHa,
      unplanned: 5 * cellHa,
    });
    const classIds = today.studyArea.classes.map((c) => c.id);
    const byClass = new Map(report.classes.map((c) => [c.id, c]));
    for (const [k, id] of classIds.entries()) {
      const code = k + 1; // Riverbend codes are 1..10 in class order
      const planned = plannedCells.filter((i) => plan.data[i] === code).length;
      const missed = notMade.filter((i) => plan.data[i] === code).length;
      expect(byClass.get(id)).toEqual({
        id,
        name: today.studyArea.classes[k]!.name,
        plannedHa: planned * cellHa,
        realisedHa: (planned - missed) * cellHa,
        notRealisedHa: missed * cellHa,
        unplannedGainHa: id === 'forest' ? 5 * cellHa : 0,
        unplannedLossHa: id === 'agriculture' ? 5 * cellHa : 0,
      });
    }
    // The plan's objectives are its front row's; the baseline's are today's.
    const kneeId = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')).front.highlights.knee as number;
    report.scores.plan.objectives.forEach((o, m) =>
      expect(relativeError(o.value, frontRows[kneeId]![1 + m]!)).toBeLessThan(1e-9),
    );
    const todayScore = createLandUseProblem(today.studyArea).evaluator.report(currentGenome(today.studyArea));
    report.scores.baseline.objectives.forEach((o, m) =>
      expect(relativeError(o.value, todayScore.objectives[m]!)).toBeLessThan(1e-9),
    );
    expect(report.scores.plan.demands.every((d) => d.status === 'met')).toBe(true);
    // The map, read back with GDAL: cells per category.
    const histogram = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import sys; from osgeo import gdal; import numpy as np; a = gdal.Open(sys.argv[1]).ReadAsArray(); print(",".join(str(int((a == v).sum())) for v in range(5)))',
        report.files.map,
      ],
      { encoding: 'utf8' },
    ).trim();
    expect(histogram).toBe(
      `${today.grid.width * today.grid.height - valid},${valid - plannedCells.length - 5},${plannedCells.length - 7},7,5`,
    );
    // An explicit baseline (today's raster) gives the same comparison.
    const explicit = await runCli([
      'monitor',
      knee,
      observed,
      '--scenario',
      balancedScenario,
      '--baseline',
      landUse,
      '--json',
    ]);
    expect(explicit.code, explicit.stderr).toBe(0);
    expect((JSON.parse(explicit.stdout) as { totals: unknown }).totals).toEqual(report.totals);
    const text = await runCli(['monitor', knee, observed, '--scenario', balancedScenario]);
    expect(text.stdout).toMatch(/Planned change not realised\s+0\.4 ha/);
  });
});

describe('bad input', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

  it('a missing layout or observed file: exit 2 naming the file', async () => {
    const missing = path.join(tmp, 'nowhere.tif');
    for (const args of [
      ['score', balancedScenario, missing],
      ['monitor', knee, missing, '--scenario', balancedScenario],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(missing);
      noStack(result.stderr);
    }
  });

  it('a layout on a grid that does not overlap the study area: exit 2', async () => {
    const far = await edited(
      landUse,
      'far.tif',
      () => {},
      (g) => ({ ...g, originX: g.originX + 1_000_000 }),
    );
    const result = await runCli(['score', balancedScenario, far]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/far\.tif: does not overlap the study area/);
    noStack(result.stderr);
  });

  it('a code no class declares: exit 2 naming the code and the codes to use', async () => {
    const odd = await edited(knee, 'odd.tif', (data) => {
      data[today.studyArea.geneCells[0]!] = 99;
    });
    for (const args of [
      ['score', balancedScenario, odd],
      ['monitor', knee, odd, '--scenario', balancedScenario],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /odd\.tif: study-area cells hold codes that no class .* declares: 99 \(1 cell\).*1 residential/,
      );
      noStack(result.stderr);
    }
  });

  it('monitor without --scenario, and score with --run naming a folder that is no run: exit 2', async () => {
    const result = await runCli(['monitor', knee, knee]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--scenario <file>' not specified");
    const notRun = await runCli(['score', balancedScenario, knee, '--run', tmp]);
    expect(notRun.code).toBe(2);
    noStack(notRun.stderr);
  });
});
