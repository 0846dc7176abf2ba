/**
 * The files a module loads at run time: its static imports and its literal dynamic imports
 * (`import('geotiff')`, loaded on first use), followed through packages as Node resolves them.
 * esbuild resolves the graph (its metafile lists every input) without running anything. Used to
 * check that the packaged app ships (electron-builder.yml `files`) and unpacks (`asarUnpack`)
 * everything its main process and worker threads load.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Absolute paths of every file imported, directly or not, by `entries` (`electron` is the runtime's own). */
export async function importedFiles(entries: string[], cwd: string): Promise<string[]> {
  const result = await build({
    entryPoints: entries,
    absWorkingDir: cwd,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    external: ['electron'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map((input) => path.resolve(cwd, input));
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
