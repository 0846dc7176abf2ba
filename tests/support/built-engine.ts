/**
 * The engine as built JavaScript, for subprocess tests: the sources are transpiled file by file
 * (no type check, as `tsc` emits them into dist/engine/src) into a temporary folder beside a copy
 * of package.json and a link to node_modules, and run with plain `node`. The CLI then starts in a
 * fraction of the time tsx needs, and tests exercise the JavaScript users run.
 */
import { copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Transpile engine/src (the files `include` accepts, by path relative to engine/src; default
 * all) into `out`/engine/src. Non-TypeScript files (worker bootstraps) are copied.
 */
export async function buildEngine(out: string, include: (file: string) => boolean = () => true): Promise<void> {
  const sourceRoot = path.join(repoRoot, 'engine/src');
  const files = (await readdir(sourceRoot, { recursive: true })).filter(
    (f) => include(f) && /\.(ts|mjs|js)$/.test(f) && !f.endsWith('.d.ts'),
  );
  for (const file of files) {
    const target = path.join(out, 'engine/src', file.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      await copyFile(path.join(sourceRoot, file), target);
      continue;
    }
    const source = await readFile(path.join(sourceRoot, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
      fileName: file,
    });
    await writeFile(target, outputText);
  }
  // The engine finds its project folder (version, bundled scenarios) by package.json's name.
  await copyFile(path.join(repoRoot, 'package.json'), path.join(out, 'package.json'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(out, 'node_modules'), 'dir');
}

/** The CLI entry of an engine built by {@link buildEngine}. */
export const builtCliEntry = (out: string) => path.join(out, 'engine/src/cli/main.js');
