/**
 * The handlers behind both transports refuse paths outside the folders the user opened, never
 * echo a file's contents, and cap list arguments (issue 15). The run-folder cases (exports,
 * reports, agreement maps) are in handlers.test.ts, next to the run they use.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEvent } from '../../../engine/src/api/contract.js';
import { PlanService } from '../../../engine/src/api/index.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const balanced = path.join(root, 'scenarios/riverbend-balanced.yaml');
// Lines shaped like /etc/passwd, so the test holds on any machine.
const SECRET = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

let tmp: string;
let api: PlanService;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-confine-'));
  await mkdir(path.join(tmp, 'home'));
  await mkdir(path.join(tmp, 'elsewhere'));
  await writeFile(path.join(tmp, 'elsewhere', 'passwd'), SECRET);
  await mkdir(path.join(tmp, 'opened'));
  await writeFile(path.join(tmp, 'elsewhere', 'passwd.yaml'), SECRET);
  await writeFile(path.join(tmp, 'opened', 'passwd.yaml'), SECRET);
  api = new PlanService({ homeDir: path.join(tmp, 'home') });
});

afterAll(async () => {
  await api.close();
  await rm(tmp, { recursive: true, force: true });
});

const failure = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as Error & { kind: string },
  );

describe('no file contents in any answer', () => {
  it('openScenario on a file that is not a scenario file says so without reading it', async () => {
    for (const file of ['/etc/passwd', path.join(tmp, 'elsewhere', 'passwd')]) {
      const error = await failure(api.openScenario(file));
      expect(error.kind).toBe('input');
      expect(error.message).toMatch(/must end in \.yaml or \.yml or \.json/);
      expect(error.message).not.toMatch(/root:|daemon/);
    }
  });

  it('a .yaml file that is not a scenario is reported without its text', async () => {
    // Opening it grants its folder (tmp/opened), as for any scenario the user opens.
    const opened = await api.openScenario(path.join(tmp, 'opened', 'passwd.yaml'));
    expect(opened.ok).toBe(false);
    expect(opened.name).toBe('passwd.yaml');
    expect(opened.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(opened)).not.toMatch(/root:|daemon|nologin/);
  });
});

describe('paths outside the folders the user opened', () => {
  it('are refused for reading a study area, saving, running and exploring', async () => {
    const secret = path.join(tmp, 'elsewhere', 'passwd.yaml');
    const fresh = new PlanService({ homeDir: path.join(tmp, 'home2') });
    try {
      await expect(fresh.studyArea(secret)).rejects.toThrow(/outside the folders you opened/);
      await expect(fresh.startRun({ scenario: secret })).rejects.toThrow(/outside the folders you opened/);
      await expect(fresh.layoutMap(path.join(tmp, 'elsewhere'), 0)).rejects.toThrow(/outside the folders/);
      await expect(fresh.agreementMap('/etc', [0])).rejects.toThrow(/outside the folders/);
      await expect(fresh.exportLayout({ dir: '/etc', format: 'csv' })).rejects.toThrow(/outside the folders/);
      await expect(fresh.createReport({ dir: '/etc', format: 'html' })).rejects.toThrow(/outside the folders/);
    } finally {
      await fresh.close();
    }
  });

  it('"save as" writes only inside opened folders, with a scenario extension, never over a file unasked', async () => {
    const opened = await api.openScenario(balanced);
    const settings = opened.settings!;
    await expect(api.saveScenarioAs(balanced, settings, path.join(tmp, 'elsewhere', 'copy.yaml'))).rejects.toThrow(
      /target: .* is outside the folders you opened/,
    );
    await expect(api.saveScenarioAs(balanced, settings, path.join(tmp, 'home', 'copy.sh'))).rejects.toThrow(
      /must end in \.yaml or \.yml/,
    );
    const copy = path.join(tmp, 'home', 'copy.yaml');
    await writeFile(copy, '# mine\n');
    await expect(api.saveScenarioAs(balanced, settings, copy)).rejects.toThrow(/already exists/);
    expect(await readFile(copy, 'utf8')).toBe('# mine\n');
    const saved = await api.saveScenarioAs(balanced, settings, copy, { overwrite: true });
    expect(saved.ok).toBe(true);
  });

  it('a run folder must be inside an opened folder', async () => {
    await expect(
      api.startRun({ scenario: balanced, outDir: path.join(tmp, 'elsewhere', 'run'), generations: 1 }),
    ).rejects.toThrow(/outDir: .* is outside the folders you opened/);
  });
});

describe('runs that fail while setting up', () => {
  it('are reported failed, with the reason, in the event and in the run list', async () => {
    const events: PlanEvent[] = [];
    const home = path.join(tmp, 'home-failing');
    const failing = new PlanService({ homeDir: home, onEvent: (event) => events.push(event) });
    try {
      await failing.openScenario(balanced);
      // The run folder's parent is a file: the engine fails when it creates the folder.
      await mkdir(home, { recursive: true });
      await writeFile(path.join(home, 'not-a-folder'), '');
      const started = await failing.startRun({
        scenario: balanced,
        outDir: path.join(home, 'not-a-folder', 'run'),
        generations: 1,
      });
      const failed = await new Promise<PlanEvent>((resolve) => {
        const timer = setInterval(() => {
          const end = events.find((e) => e.type === 'run-failed' || e.type === 'run-finished');
          if (!end) return;
          clearInterval(timer);
          resolve(end);
        }, 20);
      });
      expect(failed).toMatchObject({
        type: 'run-failed',
        runId: started.runId,
        message: expect.stringMatching(/not a folder|is a file/),
      });
    } finally {
      await failing.close();
    }
  });
});

describe('argument bounds', () => {
  it('caps list arguments and argument counts before any work', async () => {
    const ids = Array.from({ length: 100_000 }, () => 0);
    const error = await failure(dispatch(api, 'agreementMap', [path.join(tmp, 'home'), ids]));
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/ids lists 100000 items; at most 10,000 are accepted/);
    await expect(dispatch(api, 'info', new Array(9).fill(0))).rejects.toThrow(/at most 8 arguments/);
    await expect(dispatch(api, 'cancelRun', ['x'.repeat(300)])).rejects.toThrow(/longer than 256 characters/);
    await expect(
      dispatch(api, 'exportLayout', [
        { dir: path.join(tmp, 'home'), format: 'csv', out: path.join(tmp, 'home', 'f.csv'), overwrite: 'yes' },
      ]),
    ).rejects.toThrow(/overwrite must be true or false, got "yes"/);
  });
});
