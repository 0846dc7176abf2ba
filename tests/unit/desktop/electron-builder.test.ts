import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { outsideAsar, outsideAsarPath, workerModuleEntry } from '../../../engine/src/parallel/index.js';
import { importedFiles, packageOf, withDependencies } from '../../support/import-graph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface BuilderConfig {
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  extraMetadata: { main: string };
}

const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("validates against electron-builder's configuration schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('packages Linux (AppImage, deb), Windows (nsis) and macOS (dmg)', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(config.extraMetadata.main).toBe(pkg.main);
  });

  it('packs the app in an asar archive and sets the security fuses', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks exactly what the worker threads load: the engine, their packages, package.json and the data', async () => {
    const entries = ['engine/src/parallel/worker-entry.ts', 'engine/src/api/background-worker.ts'];
    const files = await importedFiles(
      entries.map((e) => path.join(root, e)),
      root,
    );
    // Every source file the workers load is engine code (unpacked as dist/engine/**).
    const own = files.filter((f) => packageOf(f) === null).map((f) => path.relative(root, f));
    expect(own.length).toBeGreaterThan(20);
    for (const file of own) expect(file).toMatch(/^engine\/src\//);
    // Packages whose data files the workers read by path rather than import: the EPSG registry
    // (gis/crs-registry.ts reads epsg-index's JSON files on demand).
    const readByPath = ['epsg-index'];
    const imported = files.map(packageOf).filter((p) => p !== null);
    const packages = await withDependencies(new Set([...imported, ...readByPath]), root);
    expect(packages).toContain('geotiff');
    expect(new Set(config.asarUnpack)).toEqual(
      new Set([
        'package.json',
        'dist/engine/**',
        'scenarios/**',
        'gis-data/**',
        ...[...packages].map((name) => `node_modules/${name}/**`),
      ]),
    );
  }, 60_000);
});

describe('the packaged layout', () => {
  it('starts workers and reads bundled data from app.asar.unpacked', () => {
    expect(outsideAsarPath('/opt/Pareto Plan/resources/app.asar/scenarios/a.yaml')).toBe(
      '/opt/Pareto Plan/resources/app.asar.unpacked/scenarios/a.yaml',
    );
    expect(outsideAsarPath('C:\\Pareto Plan\\resources\\app.asar\\scenarios')).toBe(
      'C:\\Pareto Plan\\resources\\app.asar.unpacked\\scenarios',
    );
    expect(outsideAsarPath('/home/me/project/scenarios')).toBe('/home/me/project/scenarios');
    expect(outsideAsarPath('/x/app.asar.unpacked/y')).toBe('/x/app.asar.unpacked/y');
    const packaged = pathToFileURL('/opt/pp/resources/app.asar/dist/engine/src/api/background.js').href;
    expect(workerModuleEntry(packaged, 'background-worker').url.href).toBe(
      pathToFileURL('/opt/pp/resources/app.asar.unpacked/dist/engine/src/api/background-worker.js').href,
    );
    expect(outsideAsar(new URL('https://example.org/app.asar/x')).href).toBe('https://example.org/app.asar/x');
  });
});
