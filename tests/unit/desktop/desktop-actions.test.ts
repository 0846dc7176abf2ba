/**
 * The main process's own actions (desktop/src/main/desktop-actions.ts) without Electron: "Show in
 * folder" reveals a file only inside a folder the path policy grants (symbolic links resolved) and
 * only when it exists; everything else is refused with a message naming the path, and nothing is
 * revealed. "Copy path" puts the text on the clipboard passed in. main/index.ts answers them on the
 * engine's channel after the sender check (read, since running it needs Electron).
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathPolicy } from '../../../engine/src/api/index.js';
import { desktopActions, isDesktopAction } from '../../../desktop/src/main/desktop-actions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let tmp: string;
let runDir: string;
let outside: string;
let policy: PathPolicy;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-desktop-actions-'));
  runDir = path.join(tmp, 'run');
  outside = path.join(tmp, 'elsewhere');
  await mkdir(path.join(runDir, 'exports'), { recursive: true });
  await mkdir(outside);
  await writeFile(path.join(runDir, 'manifest.json'), '{}');
  await writeFile(path.join(runDir, 'report.html'), '<html></html>');
  await writeFile(path.join(outside, 'secret.txt'), 'not for the window');
  // A link inside the run folder that points outside it.
  await symlink(path.join(outside, 'secret.txt'), path.join(runDir, 'exports', 'link.txt'));
  policy = await PathPolicy.create([{ dir: path.join(tmp, 'home'), kind: 'app' }]);
  await policy.openRunFolder(runDir);
});

afterAll(() => rm(tmp, { recursive: true, force: true }));

function setup() {
  const shown: string[] = [];
  const copied: string[] = [];
  const answer = desktopActions({
    paths: Promise.resolve(policy),
    showItemInFolder: (file) => shown.push(file),
    writeClipboard: (text) => copied.push(text),
  });
  return { answer, shown, copied };
}

describe('Show in folder', () => {
  it('reveals a file the app wrote in an opened run folder', async () => {
    const { answer, shown } = setup();
    const file = path.join(runDir, 'report.html');
    expect(await answer('showInFolder', [file])).toEqual({ ok: true, value: { shown: file } });
    expect(shown).toEqual([file]);
  });

  it.each([
    ['a file outside the granted folders', () => path.join(outside, 'secret.txt'), /outside the folders you opened/],
    ['a path climbing out with ..', () => path.join(runDir, '..', 'elsewhere', 'secret.txt'), /outside the folders/],
    ['a link out of the run folder', () => path.join(runDir, 'exports', 'link.txt'), /outside the folders/],
    ['a file that does not exist', () => path.join(runDir, 'exports', 'gone.tif'), /gone\.tif does not exist/],
    ['a relative path resolving elsewhere', () => 'secret.txt', /outside the folders/],
  ])('refuses %s, naming it, and reveals nothing', async (_what, target, message) => {
    const { answer, shown } = setup();
    const reply = await answer('showInFolder', [target()]);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.kind).toBe('input');
      expect(reply.error.message).toMatch(message);
    }
    expect(shown).toEqual([]);
  });

  it.each([[[42]], [[]], ['not a list'], [[null]], [['a\0b']]])('refuses a malformed argument %j', async (args) => {
    const { answer, shown } = setup();
    const reply = await answer('showInFolder', args);
    expect(reply.ok).toBe(false);
    expect(shown).toEqual([]);
  });
});

describe('Copy path', () => {
  it('puts the text on the clipboard', async () => {
    const { answer, copied } = setup();
    const file = path.join(runDir, 'report.html');
    expect(await answer('copyText', [file])).toEqual({ ok: true, value: { copied: file.length } });
    expect(copied).toEqual([file]);
  });

  it('refuses an empty or overlong text', async () => {
    const { answer, copied } = setup();
    expect((await answer('copyText', [''])).ok).toBe(false);
    expect((await answer('copyText', ['x'.repeat(100_000)])).ok).toBe(false);
    expect(copied).toEqual([]);
  });
});

describe('main/index.ts wiring', () => {
  it('knows only its own action names', () => {
    expect(isDesktopAction('showInFolder')).toBe(true);
    expect(isDesktopAction('copyText')).toBe(true);
    expect(isDesktopAction('createReport')).toBe(false);
    expect(isDesktopAction(undefined)).toBe(false);
  });

  it('answers them after the sender check, with the shell and clipboard of Electron and the service paths', async () => {
    const source = await readFile(path.join(root, 'desktop/src/main/index.ts'), 'utf8');
    expect(source).toMatch(
      /if \(!isTrustedSender\(event\.senderFrame\)\)[\s\S]*?if \(isDesktopAction\(method\)\) return answerDesktopAction\(method, args\);/,
    );
    expect(source).toMatch(/paths: service\.paths/);
    expect(source).toMatch(/showItemInFolder: \(file\) => shell\.showItemInFolder\(file\)/);
  });
});
