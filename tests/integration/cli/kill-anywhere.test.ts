/**
 * kill -9 at 20 moments of a run: during set-up, while generations are recorded, while checkpoints
 * and fronts are written (some in the middle of a write), at manifest switches, and during the
 * final writes. The moments are file-system changes numbered by a crash injector preloaded into
 * the CLI process (tests/support/kill-at.mjs), which SIGKILLs the process exactly there; killing
 * between two changes leaves the disk as killing just before the next one, so these moments cover
 * every state a killed run can leave.
 *
 * After each kill: the manifest, if there is one, names only files that exist with the SHA-256 it
 * records; `resume` then ends with the byte-identical front of an uninterrupted run and leaves no
 * stray files. A folder without a manifest is reported by `resume` as never started.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, repoRoot, runCli, sameFront } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-kill-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const injector = pathToFileURL(path.join(repoRoot, 'tests/support/kill-at.mjs')).href;
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const RUN = ['run', scenario, '--checkpoint-every', '3', '--quiet'];

/** The built CLI with the crash injector preloaded (inactive unless PP_KILL_AT or PP_FS_LOG is set). */
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: tmp, env, entry: ['--import', injector, builtCli] });

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Files the manifest of `dir` names that are missing or differ from their recorded SHA-256. */
function badReferences(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    scenario: { copy: string; sha256: string };
    studyArea: Record<'currentClasses' | 'geneCells', { file: string; sha256: string }>;
    checkpoint: { file: string; sha256: string } | null;
    front: {
      file: string;
      sha256: string;
      csv: { file: string; sha256: string };
      rasters?: { file: string; sha256: string }[];
    } | null;
  };
  const refs = [
    { file: manifest.scenario.copy, sha256: manifest.scenario.sha256 },
    manifest.studyArea.currentClasses,
    manifest.studyArea.geneCells,
    ...(manifest.checkpoint ? [manifest.checkpoint] : []),
    ...(manifest.front ? [manifest.front, manifest.front.csv, ...(manifest.front.rasters ?? [])] : []),
  ];
  return refs
    .filter((ref) => !existsSync(path.join(dir, ref.file)) || sha256(path.join(dir, ref.file)) !== ref.sha256)
    .map((ref) => ref.file);
}

interface Change {
  n: number;
  operation: string;
  paths: string;
}

/** A moment: the change to kill at, and whether to tear it (kill in the middle of a write). */
interface Moment {
  phase: string;
  change: Change;
  torn: boolean;
}

/** Twenty moments spread over the phases of a run, found by what each change does. */
function chooseMoments(changes: Change[]): Moment[] {
  const publish = changes.find(
    (c) => c.operation === 'rename' && /\.partial-/.test(c.paths) && !/\.tmp/.test(c.paths),
  )!;
  const setup = changes.filter((c) => c.n <= publish.n);
  const after = changes.filter((c) => c.n > publish.n);
  const nth = (list: Change[], test: (c: Change) => boolean, index: number) => {
    const found = list.filter(test);
    return found.at(index) ?? expect.fail(`no change ${index} matching ${test.toString()}`);
  };
  const is = (operation: string, pattern: RegExp) => (c: Change) => c.operation === operation && pattern.test(c.paths);
  const moment = (phase: string, change: Change, torn = false): Moment => ({ phase, change, torn });
  const finalManifest = nth(after, is('rename', /manifest\.json$/), -1);
  return [
    // Set-up: the folder does not exist under its name yet.
    moment('set-up: lock', nth(setup, is('link', /run\.lock$/), 0)),
    moment('set-up: study area, torn', nth(setup, is('write', /study-area-genes/), 0), true),
    moment('set-up: first manifest, torn', nth(setup, is('write', /manifest\.json/), 0), true),
    moment('set-up: publishing the folder', publish),
    // Generations: the history of the generations run so far.
    moment('generations: history, torn', nth(after, is('write', /history\.csv/), 0), true),
    moment('generations: history rename', nth(after, is('rename', /history\.csv$/), 1)),
    // Checkpoint writes.
    moment('checkpoint: write, torn', nth(after, is('write', /checkpoint-/), 0), true),
    moment('checkpoint: before sync', nth(after, is('sync', /checkpoint-/), 1)),
    moment('checkpoint: rename', nth(after, is('rename', /checkpoint-\d+\.bin\.gz$/), 1)),
    moment('checkpoint: layouts, torn', nth(after, is('write', /layouts-/), 0), true),
    moment('checkpoint: front table rename', nth(after, is('rename', /front-\d+\.csv$/), 1)),
    // Manifest switches and the removal of the previous generation's files.
    moment('switch: manifest, torn', nth(after, is('write', /manifest\.json/), 0), true),
    moment('switch: manifest rename', nth(after, is('rename', /manifest\.json$/), 1)),
    moment('switch: removing the old checkpoint', nth(after, is('rm', /checkpoint-/), 0)),
    // Final writes: highlight rasters, the complete manifest, the last clean-up.
    moment('final: raster, torn', nth(after, is('write', /layouts\/.*compromise\.tif/), 0), true),
    moment('final: style rename', nth(after, is('rename', /layouts\/best-.*\.qml$/), 0)),
    moment(
      'final: complete manifest, torn',
      nth(after, (c) => c.operation === 'write' && /manifest/.test(c.paths) && c.n < finalManifest.n, -1),
      true,
    ),
    moment('final: complete manifest rename', finalManifest),
    moment(
      'final: removing the previous checkpoint',
      nth(after, (c) => c.operation === 'rm' && c.n > finalManifest.n, 0),
    ),
    moment('final: removing the lock', nth(after, is('rm', /run\.lock$/), -1)),
  ];
}

describe('a run killed (SIGKILL) at any moment', () => {
  let moments: Moment[] = [];
  const reference = path.join(tmp, 'reference');

  beforeAll(async () => {
    const straight = await cli([...RUN, '--out', reference]);
    expect(straight.code, straight.stderr).toBe(0);
    const log = path.join(tmp, 'changes.log');
    const counted = await cli([...RUN, '--out', path.join(tmp, 'counted')], { PP_FS_LOG: log });
    expect(counted.code, counted.stderr).toBe(0);
    const changes = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [n, operation, paths] = line.split('\t');
        return { n: Number(n), operation: operation!, paths: paths! };
      });
    moments = chooseMoments(changes);
  });

  it('leaves 0 folders naming a missing or damaged file; each resumes to the same front or is reported as not started', async () => {
    expect(moments).toHaveLength(20);
    const outcomes: string[] = [];
    const problems: string[] = [];
    const runMoment = async (moment: Moment, index: number) => {
      const dir = path.join(tmp, `killed-${index}`);
      const killed = await cli([...RUN, '--out', dir], {
        PP_KILL_AT: String(moment.change.n),
        ...(moment.torn ? { PP_KILL_TORN: '1' } : {}),
      });
      const label = `${moment.phase} (change ${moment.change.n}: ${moment.change.operation})`;
      if (killed.signal !== 'SIGKILL') return problems.push(`${label}: not killed (${killed.code}: ${killed.stderr})`);
      if (!existsSync(path.join(dir, 'manifest.json'))) {
        const resumed = await cli(['resume', dir]);
        if (resumed.code !== 2 || !resumed.stderr.includes('never started'))
          problems.push(`${label}: no manifest, and resume said: ${resumed.stderr}`);
        else outcomes.push(`${label}: not started`);
        return;
      }
      const bad = badReferences(dir);
      if (bad.length > 0) problems.push(`${label}: the manifest names missing or damaged ${bad.join(', ')}`);
      const resumed = await cli(['resume', dir, '--quiet']);
      const complete = resumed.code === 2 && resumed.stderr.includes('already complete');
      if (resumed.code !== 0 && !complete) return problems.push(`${label}: resume failed: ${resumed.stderr}`);
      if (!sameFront(dir, reference)) problems.push(`${label}: the resumed front differs`);
      const stray = readdirSync(dir).filter((f) => f.endsWith('.tmp') || /^(checkpoint|front|layouts)-/.test(f));
      const named = new Set(
        Object.values(
          JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>,
        ).flatMap((v) => JSON.stringify(v ?? null).match(/[\w.-]+-\d{6}[\w.]*/g) ?? []),
      );
      const unnamed = stray.filter((f) => !named.has(f));
      if (unnamed.length > 0) problems.push(`${label}: files left after resume: ${unnamed.join(', ')}`);
      outcomes.push(`${label}: ${complete ? 'already complete' : 'resumed'}`);
    };
    // Two at a time: each moment is two short processes.
    for (let i = 0; i < moments.length; i += 2) {
      await Promise.all(moments.slice(i, i + 2).map((m, j) => runMoment(m, i + j)));
    }
    if (process.env.PP_KILL_VERBOSE) console.log(outcomes.join('\n'));
    expect(problems).toEqual([]);
    expect(outcomes).toHaveLength(20);
    // The set-up moments leave no run; the others all resume.
    expect(outcomes.filter((o) => o.endsWith('not started')).length).toBeGreaterThanOrEqual(3);
  });
});
