/**
 * The Score, Monitor and cross-run requests as the window sends them (untrusted): argument shapes
 * checked by the dispatch module, GeoTIFF paths by the path policy, run folders confined, each
 * refusal naming the argument. The views' numbers: tests/integration/desktop/scoring-views.test.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanService } from '../../../engine/src/api/index.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';

let home: string;
let service: PlanService;
const scenario = path.resolve('scenarios/riverbend-balanced.yaml');

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-scoring-requests-'));
  service = new PlanService({ homeDir: path.join(home, 'app') });
});

afterAll(async () => {
  await service.close();
  await rm(home, { recursive: true, force: true });
});

describe('scoring requests', () => {
  it('refuses a layout that is not a regular GeoTIFF by its path alone, naming the argument', async () => {
    await expect(dispatch(service, 'scoreLayout', [{ layout: scenario, scenario }])).rejects.toThrow(
      /^layout: .*riverbend-balanced\.yaml must end in \.tif or \.tiff\.$/,
    );
    const folder = path.join(home, 'folder.tif');
    await mkdir(folder);
    await expect(dispatch(service, 'scoreLayout', [{ layout: folder, scenario }])).rejects.toThrow(
      /^layout: .*folder\.tif is not a regular file/,
    );
    await expect(dispatch(service, 'scoreLayout', [{ layout: path.join(home, 'none.tif') }])).rejects.toThrow(
      /^layout: .*none\.tif does not exist\.$/,
    );
    await expect(dispatch(service, 'scoreLayout', [null])).rejects.toThrow('scoreLayout needs a request object.');
  });

  it('reads a run folder or a scenario only inside the folders the user opened', async () => {
    const layout = path.join(home, 'layout.tif');
    await writeFile(layout, 'not read');
    const elsewhere = path.join(home, 'elsewhere');
    await mkdir(elsewhere);
    await expect(dispatch(service, 'scoreLayout', [{ layout, run: elsewhere }])).rejects.toThrow(
      /^run: .*elsewhere is outside the folders you opened/,
    );
    await expect(
      dispatch(service, 'monitorPlan', [
        { scenario: path.join(elsewhere, 's.yaml'), plan: { file: layout }, observed: layout },
      ]),
    ).rejects.toThrow(/^scenario: .*s\.yaml is outside the folders you opened/);
    await expect(dispatch(service, 'relatedRuns', [elsewhere])).rejects.toThrow(/outside the folders you opened/);
    await expect(dispatch(service, 'crossRunAgreement', [[{ dir: elsewhere, ids: [0] }]])).rejects.toThrow(
      /^picks\[0\]\.dir: .*elsewhere is outside the folders you opened/,
    );
  });

  it('checks the shape of a plan and of the picks across runs', async () => {
    await expect(
      dispatch(service, 'monitorPlan', [{ scenario, plan: { run: home, id: -1 }, observed: 'x.tif' }]),
    ).rejects.toThrow('plan.id must be a whole number of at least 0, got -1.');
    await expect(dispatch(service, 'monitorPlan', [{ scenario, plan: 'plan.tif', observed: 'x.tif' }])).rejects.toThrow(
      'monitorPlan plan needs a request object.',
    );
    await expect(dispatch(service, 'crossRunAgreement', [[]])).rejects.toThrow(/^picks must be a list of runs/);
    const nine = Array.from({ length: 9 }, () => ({ dir: home, ids: [0] }));
    await expect(dispatch(service, 'crossRunAgreement', [nine])).rejects.toThrow(
      'picks lists 9 runs; at most 8 are compared at once.',
    );
    await expect(dispatch(service, 'crossRunAgreement', [[{ dir: home, ids: [0, 'a'] }]])).rejects.toThrow(
      'picks[0].ids[1] must be a whole number of at least 0, got "a".',
    );
  });

  it('has no file dialog for a layout in browser mode', async () => {
    await expect(dispatch(service, 'chooseFile', ['open-layout'])).resolves.toBeNull();
  });
});
