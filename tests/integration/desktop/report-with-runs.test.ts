/**
 * The report's "Agreement across runs" through the service both transports call (PlanService, via
 * the transport-neutral dispatch): `createReport` with `withRuns` writes the chapter with the share
 * `agreementAcrossRuns` computes; an other run outside the folders the window may use is refused,
 * naming the argument, and the request's shape is checked.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementAcrossRuns, PlanService, runScenario, type ReportDone } from '../../../engine/src/api/index.js';
import { formatPercent } from '../../../engine/src/report/format.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';
import { repoRoot } from '../../e2e/support/harness.js';

const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const BUDGET = { population: 12, generations: 3, workers: 1 };

let home: string;
let service: PlanService;
let runs: [string, string];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-report-with-runs-'));
  service = new PlanService({ homeDir: home });
  runs = [path.join(home, 'runs', 'seed-1'), path.join(home, 'runs', 'seed-2')];
  for (const [k, dir] of runs.entries()) await runScenario({ scenario, outDir: dir, seed: k + 1, ...BUDGET });
}, 120_000);

afterAll(async () => {
  await service?.close();
  await rm(home, { recursive: true, force: true });
});

describe('createReport with other runs', () => {
  it('adds the chapter with the share of the changeable area `agreementAcrossRuns` computes', async () => {
    const done = (await dispatch(service, 'createReport', [
      { dir: runs[0], format: 'html', withRuns: [runs[1]], agreementSolutions: ['all'] },
    ])) as ReportDone;
    const html = await readFile(done.html!, 'utf8');
    const expected = await agreementAcrossRuns(runs, { out: path.join(home, 'agreement.tif') });
    expect(html).toContain(`<b data-agreed-share>${formatPercent(expected.agreedShareOfChangeable)}</b>`);
  });

  it('refuses an other run outside the folders the window may use, naming the argument', async () => {
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-elsewhere-'));
    try {
      await expect(
        dispatch(service, 'createReport', [{ dir: runs[0], format: 'html', withRuns: [elsewhere] }]),
      ).rejects.toThrow(/^withRuns\[0\]: .* is outside the folders you opened/);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('checks the shape of withRuns and agreementSolutions', async () => {
    const base = { dir: runs[0], format: 'html' };
    await expect(dispatch(service, 'createReport', [{ ...base, withRuns: runs[1] }])).rejects.toThrow(
      'withRuns must be a list of run folders.',
    );
    const eight = Array.from({ length: 8 }, () => runs[1]);
    await expect(dispatch(service, 'createReport', [{ ...base, withRuns: eight }])).rejects.toThrow(
      "withRuns lists 8 runs; at most 7 are compared with the report's run.",
    );
    await expect(
      dispatch(service, 'createReport', [{ ...base, withRuns: [runs[1]], agreementSolutions: [3] }]),
    ).rejects.toThrow('agreementSolutions[0] must be a non-empty text, got 3.');
    // A folder that is not a run: the message names it.
    const other = path.join(home, 'runs', 'not-a-run');
    await mkdir(other, { recursive: true });
    await expect(dispatch(service, 'createReport', [{ ...base, withRuns: [other] }])).rejects.toThrow(/not-a-run/);
  });
});
