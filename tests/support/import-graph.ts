/**
 * The files a module really loads at run time, found by loading it in a child Node process (with
 * tsx, as tests run sources) while a module hook records every resolved import. Used to check
 * that the packaged app unpacks everything its worker threads load (electron-builder.yml).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const hooks = new URL('./import-graph-hooks.mjs', import.meta.url).href;

/** Absolute paths of every file imported, directly or not, by `entries` (evaluation errors ignored). */
export async function importedFiles(entries: string[], cwd: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-imports-'));
  const log = path.join(dir, 'imports.txt');
  const script = [
    `import { register } from 'node:module';`,
    `register(${JSON.stringify(hooks)}, { data: { file: ${JSON.stringify(log)} } });`,
    ...entries.map((e) => `await import(${JSON.stringify(pathToFileURL(e).href)}).catch(() => {});`),
  ].join('\n');
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd });
    const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    return [...new Set(urls.map((u) => fileURLToPath(u)))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The npm package a file belongs to (`geotiff`, `@petamoriken/float16`), or null outside node_modules. */
export function packageOf(file: string): string | null {
  const parts = file.split(`${path.sep}node_modules${path.sep}`);
  if (parts.length < 2) return null;
  const [first, second] = parts.at(-1)!.split(path.sep);
  return first!.startsWith('@') ? `${first}/${second}` : first!;
}

/** `names` and every package they depend on (package.json `dependencies`, recursively). */
export async function withDependencies(names: Iterable<string>, root: string): Promise<Set<string>> {
  const all = new Set<string>();
  const visit = async (name: string) => {
    if (all.has(name)) return;
    all.add(name);
    const pkg = JSON.parse(await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(pkg.dependencies ?? {})) await visit(dependency);
  };
  for (const name of names) await visit(name);
  return all;
}
