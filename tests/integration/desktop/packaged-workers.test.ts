/**
 * The packaged app's worker threads run from `app.asar.unpacked` alone (issue 15: asar with
 * integrity validation). This builds that folder as electron-builder.yml's `asarUnpack` describes
 * it — the engine compiled to JavaScript as `tsc` emits it into dist/, package.json, the bundled
 * data and only the listed packages — and, in a plain `node` process (which cannot read an asar
 * archive at all, so nothing can come from one), checks a bundled scenario and draws its study
 * area in the background worker and evaluates land-use layouts in two evaluation workers.
 * Electron itself is not available here; its own asar reading is not needed by the workers.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const work = await mkdtemp(path.join(os.tmpdir(), 'pp-unpacked-'));
const unpacked = path.join(work, 'resources', 'app.asar.unpacked');
afterAll(() => rm(work, { recursive: true, force: true }));

/** The engine as `tsc -p tsconfig.build.json` emits it: dist/engine/src/**\/*.js. */
async function compileEngine(target: string): Promise<void> {
  const sourceRoot = path.join(root, 'engine/src');
  const files = (await readdir(sourceRoot, { recursive: true })).filter(
    (f) => /\.(ts|mjs)$/.test(f) && !f.endsWith('.d.ts'),
  );
  for (const file of files) {
    const source = await readFile(path.join(sourceRoot, file), 'utf8');
    const output = file.endsWith('.mjs')
      ? source
      : ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
          fileName: file,
        }).outputText;
    const out = path.join(target, file.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, output);
  }
}

/** Copies what each `asarUnpack` pattern (a file, or `<folder>/**`) names; the engine is compiled instead. */
async function buildUnpacked(): Promise<void> {
  const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as { asarUnpack: string[] };
  for (const pattern of config.asarUnpack) {
    const entry = pattern.replace(/\/\*\*$/, '');
    if (entry === 'dist/engine') await compileEngine(path.join(unpacked, 'dist/engine/src'));
    else await cp(path.join(root, entry), path.join(unpacked, entry), { recursive: true });
  }
}

const check = `
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const here = process.cwd();
const load = (file) => import(pathToFileURL(path.join(here, file)).href);
// The main thread's side comes from the archive in the app; here, just the modules that start workers.
const { BackgroundTasks } = await load('dist/engine/src/api/background.js');
const { bundledScenariosDir } = await load('dist/engine/src/api/scenarios.js');
const { ParallelEvaluator, createProblemFromSpec } = await load('dist/engine/src/parallel/index.js');
const background = new BackgroundTasks();
const scenario = path.join(bundledScenariosDir, 'riverbend-balanced.yaml');
const { validation } = await background.checkScenario(scenario);
const area = await background.studyArea(scenario);
await background.close();
// Each evaluation worker prepares the scenario itself: the land-use code and geotiff in a worker.
const spec = { kind: 'landuse-scenario', scenarioPath: scenario };
const problem = await createProblemFromSpec(spec);
const rows = 2;
const make = () => ({ size: rows, variables: problem.createVariables(rows), objectives: new Float64Array(rows * problem.numberOfObjectives), violations: new Float64Array(rows * problem.numberOfConstraints) });
const expected = make();
problem.evaluate(expected);
const evaluator = new ParallelEvaluator({ spec, workers: 2 });
const batch = make();
await evaluator.evaluate(problem, batch);
await evaluator.close();
const same = batch.objectives.every((v, i) => Object.is(v, expected.objectives[i]));
console.log(JSON.stringify({ ok: validation.ok, scenarioInside: scenario.startsWith(here), width: area.width, same }));
`;

describe('the packaged app worker threads', () => {
  it('run from app.asar.unpacked with nothing else', async () => {
    await buildUnpacked();
    await writeFile(path.join(work, 'check.mjs'), check);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(work, 'check.mjs')], { cwd: unpacked });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      ok: true,
      scenarioInside: true,
      width: 240,
      same: true,
    });
  }, 180_000);
});
