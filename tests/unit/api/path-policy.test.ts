/**
 * The path policy every path argument of both transports goes through (engine/src/api/path-policy.ts):
 * what opens, what is inside, what may be written or replaced. Real files, folders, symbolic
 * links and a named pipe in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_LIMITS } from '../../../engine/src/api/limits.js';
import { PathPolicy, PathPolicyError, canonical, isInside, isRunOutput } from '../../../engine/src/api/path-policy.js';

let tmp: string;
let home: string;
let outside: string;
let project: string;
let policy: PathPolicy;

beforeAll(async () => {
  tmp = await canonical(await mkdtemp(path.join(os.tmpdir(), 'paretoplan-policy-')));
  home = path.join(tmp, 'home');
  outside = path.join(tmp, 'outside');
  project = path.join(tmp, 'project');
  await mkdir(outside, { recursive: true });
  await mkdir(path.join(project, 'runs', 'r1'), { recursive: true });
  await writeFile(path.join(project, 'plan.yaml'), 'name: x\n');
  await writeFile(path.join(project, 'runs', 'r1', 'manifest.json'), '{}');
  await writeFile(path.join(project, 'runs', 'r1', 'report.html'), '<html>');
  await writeFile(path.join(project, 'notes.csv'), 'a,b\n');
  await writeFile(path.join(outside, 'secret.yaml'), 'token: s3cr3t\n');
  await writeFile(path.join(outside, 'secret.csv'), 's3cr3t\n');
  await symlink(path.join(outside, 'secret.csv'), path.join(project, 'link.csv'));
  await symlink(outside, path.join(project, 'door'));
  await symlink(path.join(project, 'loop-a.yaml'), path.join(project, 'loop-b.yaml'));
  await symlink(path.join(project, 'loop-b.yaml'), path.join(project, 'loop-a.yaml'));
  // Home does not exist yet: a fixed grant of a folder the app creates later.
  policy = await PathPolicy.create([{ dir: home, kind: 'app' }]);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const refused = async (work: Promise<unknown>, message: RegExp) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PathPolicyError);
  expect((error as PathPolicyError).kind).toBe('input');
  expect((error as Error).message).toMatch(message);
  return (error as Error).message;
};

describe('opening', () => {
  it('opens a scenario file and grants its folder', async () => {
    await refused(policy.readable(path.join(project, 'notes.csv'), 'file'), /outside the folders you opened/);
    expect(await policy.openScenario(path.join(project, 'plan.yaml'))).toBe(path.join(project, 'plan.yaml'));
    expect(await policy.readable(path.join(project, 'notes.csv'), 'file')).toBe(path.join(project, 'notes.csv'));
    expect(policy.folders()).toContainEqual({ dir: project, kind: 'scenario-folder' });
  });

  it('opens only regular scenario files of scenario size, and never reads them to say so', async () => {
    const passwd = await refused(policy.openScenario('/etc/passwd'), /must end in \.yaml or \.yml or \.json/);
    expect(passwd).not.toMatch(/root:/);
    await mkdir(path.join(tmp, 'folder.yaml'));
    await refused(policy.openScenario(path.join(tmp, 'folder.yaml')), /not a regular file/);
    execFileSync('mkfifo', [path.join(tmp, 'pipe.yaml')]);
    await refused(policy.openScenario(path.join(tmp, 'pipe.yaml')), /not a regular file/);
    await writeFile(path.join(tmp, 'huge.yaml'), Buffer.alloc(REQUEST_LIMITS.scenarioFileBytes + 1, 0x61));
    await refused(policy.openScenario(path.join(tmp, 'huge.yaml')), /too large for a scenario file/);
    await refused(policy.openScenario(path.join(tmp, 'missing.yaml')), /does not exist/);
    await refused(policy.openScenario(path.join(project, 'loop-a.yaml')), /loop of symbolic links/);
    // None of these granted anything.
    await refused(policy.readable(path.join(tmp, 'huge.yaml'), 'file'), /outside/);
  });

  it('opens a run folder only when it holds manifest.json', async () => {
    await refused(policy.openRunFolder(outside), /not a run folder: it has no manifest\.json/);
    await refused(policy.openRunFolder(path.join(project, 'plan.yaml')), /not a folder/);
    expect(await policy.openRunFolder(path.join(project, 'runs', 'r1'))).toBe(path.join(project, 'runs', 'r1'));
    expect(policy.folders()).toContainEqual({ dir: path.join(project, 'runs', 'r1'), kind: 'run-folder' });
  });

  it('checks the argument itself: text, length, no NUL', async () => {
    await refused(policy.readable(42, 'dir'), /dir must be a path \(non-empty text\), got number/);
    await refused(policy.readable('  ', 'dir'), /got empty text/);
    await refused(policy.readable(`/${'a'.repeat(REQUEST_LIMITS.pathChars)}`, 'dir'), /longer than 4096/);
    await refused(policy.readable(`${project}/\0x`, 'dir'), /NUL/);
  });
});

describe('confinement', () => {
  it('refuses .. escapes and symbolic links that lead outside', async () => {
    await refused(policy.readable(path.join(project, '..', 'outside', 'secret.csv'), 'dir'), /outside the folders/);
    await refused(policy.readable(path.join(project, 'door', 'secret.csv'), 'dir'), /outside the folders/);
    await refused(policy.readable(path.join(project, 'link.csv'), 'dir'), /outside the folders/);
    await refused(policy.scenario(path.join(outside, 'secret.yaml'), 'scenario'), /outside the folders/);
    await refused(policy.readable('/etc/passwd', 'dir'), /outside the folders/);
  });

  it('treats prefixes as different folders (project vs project-2)', () => {
    expect(isInside('/a/project', '/a/project')).toBe(true);
    expect(isInside('/a/project/x', '/a/project')).toBe(true);
    expect(isInside('/a/project-2/x', '/a/project')).toBe(false);
    expect(isInside('/a', '/a/project')).toBe(false);
  });

  it('allows the app folder even before it exists', async () => {
    expect(await policy.readable(path.join(home, 'runs', 'later'), 'dir')).toBe(path.join(home, 'runs', 'later'));
  });
});

describe('writing', () => {
  it('writes new files with the right extension inside granted folders, creating subfolders', async () => {
    const file = path.join(project, 'exports', 'deep', 'map.tif');
    expect(await policy.writable(file, { field: 'out', type: 'geotiff' })).toBe(file);
    await refused(policy.writable(path.join(project, 'map.sh'), { field: 'out', type: 'geotiff' }), /\.tif or \.tiff/);
    await refused(
      policy.writable(path.join(outside, 'map.tif'), { field: 'out', type: 'geotiff' }),
      /out: .* is outside the folders you opened/,
    );
    await refused(
      policy.writable(path.join(project, 'door', 'map.tif'), { field: 'out', type: 'geotiff' }),
      /outside the folders/,
    );
  });

  it('never replaces an existing file outside a run folder without overwrite', async () => {
    const notes = path.join(project, 'notes.csv');
    await refused(policy.writable(notes, { field: 'out', type: 'csv' }), /already exists.*overwrite/);
    expect(await policy.writable(notes, { field: 'out', type: 'csv', overwrite: true })).toBe(notes);
    // Inside a run folder the app's own outputs are replaced (a report or an export made again).
    const report = path.join(project, 'runs', 'r1', 'report.html');
    expect(await policy.writable(report, { field: 'out', type: 'report' })).toBe(report);
    const exported = path.join(project, 'runs', 'r1', 'exports', 'front.csv');
    await mkdir(path.dirname(exported));
    await writeFile(exported, 'a\n');
    expect(await policy.writable(exported, { field: 'out', type: 'csv' })).toBe(exported);
  });

  it("never replaces a run's own data, even with overwrite", async () => {
    const manifest = path.join(project, 'runs', 'r1', 'manifest.json');
    await refused(
      policy.writable(manifest, { field: 'out', type: 'geojson', overwrite: true }),
      /part of the run's data and is never replaced/,
    );
    expect(isRunOutput(path.join('exports', 'solution-3.tif'))).toBe(true);
    expect(isRunOutput('report.pdf')).toBe(true);
    for (const data of [
      'manifest.json',
      'front.csv',
      'layouts.bin',
      'history.csv',
      path.join('layouts', 'g1.bin'),
      'exports',
    ])
      expect(isRunOutput(data), data).toBe(false);
  });

  it('never replaces a symbolic link or a folder, even with overwrite', async () => {
    await refused(
      policy.writable(path.join(project, 'link.csv'), { field: 'out', type: 'csv', overwrite: true }),
      /symbolic link/,
    );
    await mkdir(path.join(project, 'dir.csv'));
    await refused(
      policy.writable(path.join(project, 'dir.csv'), { field: 'out', type: 'csv', overwrite: true }),
      /not a file/,
    );
  });

  it('grants a new run folder whose parent is granted', async () => {
    const dir = path.join(home, 'runs', 'new-run');
    expect(await policy.newRunFolder(dir)).toBe(dir);
    await refused(policy.newRunFolder(path.join(outside, 'run')), /outDir: .* is outside/);
    expect(policy.folders()).toContainEqual({ dir, kind: 'run-folder' });
  });

  it('grants what the system dialog picked; a file picked to save to may be replaced', async () => {
    const fresh = await PathPolicy.create([]);
    const target = path.join(outside, 'secret.yaml');
    await refused(fresh.writable(target, { field: 'target', type: 'scenarioCopy' }), /outside/);
    await fresh.chosen('save-scenario', target);
    expect(await fresh.writable(target, { field: 'target', type: 'scenarioCopy' })).toBe(target);
    // Only that file: another existing file in the folder still needs overwrite.
    await refused(fresh.writable(path.join(outside, 'secret.csv'), { field: 'out', type: 'csv' }), /already exists/);
    await fresh.chosen('export-folder', path.join(tmp, 'exports-here'));
    expect(fresh.folders()).toContainEqual({ dir: path.join(tmp, 'exports-here'), kind: 'chosen-folder' });
  });

  it('grants a parties file picked to open (for reading) or to save to (may be replaced), YAML only', async () => {
    const fresh = await PathPolicy.create([]);
    const target = path.join(outside, 'secret.yaml');
    await refused(fresh.scenario(target, 'partiesFile'), /outside/);
    await fresh.chosen('open-parties', target);
    expect(await fresh.scenario(target, 'partiesFile')).toBe(target);
    // Opened to read, not chosen to replace.
    await refused(fresh.writable(target, { field: 'target', type: 'parties' }), /already exists/);
    await fresh.chosen('save-parties', target);
    expect(await fresh.writable(target, { field: 'target', type: 'parties' })).toBe(target);
    await refused(
      fresh.writable(path.join(outside, 'parties.json'), { field: 'target', type: 'parties' }),
      /must end in \.yaml or \.yml/,
    );
  });
});

describe('bounds', () => {
  it(`remembers at most ${REQUEST_LIMITS.grantedFolders} folders, forgetting the oldest but never the fixed ones`, async () => {
    const bounded = await PathPolicy.create([{ dir: home, kind: 'app' }]);
    for (let i = 0; i < REQUEST_LIMITS.grantedFolders + 5; i++) await bounded.chosen('export-folder', `/nowhere/f${i}`);
    const folders = bounded.folders();
    expect(folders).toHaveLength(REQUEST_LIMITS.grantedFolders);
    expect(folders[0]).toEqual({ dir: home, kind: 'app' });
    expect(folders.some((f) => f.dir === '/nowhere/f0')).toBe(false);
    expect(folders.at(-1)).toEqual({ dir: `/nowhere/f${REQUEST_LIMITS.grantedFolders + 4}`, kind: 'chosen-folder' });
  });
});
