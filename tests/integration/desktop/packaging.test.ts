/**
 * What the packaged app loads at run time is inside what electron-builder ships. Electron's binary
 * cannot be downloaded here, so `electron-builder --dir` cannot run; instead this test follows the
 * module graph of the built main process, its evaluation workers and the preload (esbuild resolves
 * every static and literal dynamic import, as Node will) and checks each file against
 * electron-builder.yml's `files` patterns, and each package against the production dependencies
 * (electron-builder leaves devDependencies out of the app).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Minimatch } from 'minimatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importedFiles, withDependencies } from '../../support/import-graph.js';
import { repoRoot } from '../cli/cli-helpers.js';

interface BuilderConfig {
  files: string[];
  directories: { buildResources: string };
  extraMetadata: { main: string };
}
const config = parse(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; peerDependenciesMeta?: Record<string, { optional?: boolean }> }>;
};

/** electron-builder's rule: shipped if some pattern includes the file and no `!` pattern excludes it. */
function shipped(relative: string): boolean {
  const options = { dot: true };
  const include = config.files.filter((p) => !p.startsWith('!')).map((p) => new Minimatch(p, options));
  const exclude = config.files.filter((p) => p.startsWith('!')).map((p) => new Minimatch(p.slice(1), options));
  return include.some((m) => m.match(relative)) && !exclude.some((m) => m.match(relative));
}

/** The package folder in package-lock.json's terms ("node_modules/a/node_modules/@b/c") of a file. */
function lockPackageOf(relative: string): string {
  const parts = relative.split('/');
  const last = parts.lastIndexOf('node_modules');
  const scoped = parts[last + 1]!.startsWith('@');
  return parts.slice(0, last + (scoped ? 3 : 2)).join('/');
}

describe('the packaged app contains everything its main process loads', () => {
  it('every module of the main process, the evaluation workers and the preload is shipped', async () => {
    const main = config.extraMetadata.main;
    const entries = [main, 'dist/engine/src/parallel/worker-entry.js', 'dist/desktop/preload/index.cjs'];
    for (const entry of entries) expect(existsSync(path.join(repoRoot, entry)), `${entry} is built`).toBe(true);
    const files = (
      await importedFiles(
        entries.map((e) => path.join(repoRoot, e)),
        repoRoot,
      )
    ).map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(50);

    const ownFiles = files.filter((f) => !f.includes('node_modules/'));
    expect(ownFiles.filter((f) => !shipped(f))).toEqual([]);
    expect(ownFiles).toContain('dist/engine/src/runs/runner.js');

    const packages = [...new Set(files.filter((f) => f.includes('node_modules/')).map(lockPackageOf))].sort();
    // A production package's optional peers (debug's supports-color) are loaded only when present:
    // esbuild follows the require, but the packaged app runs without them.
    const optionalPeers = packages.flatMap((p) =>
      Object.entries(lock.packages[p]?.peerDependenciesMeta ?? {})
        .filter(([name, meta]) => meta.optional === true && lock.packages[`node_modules/${name}`] !== undefined)
        .map(([name]) => name),
    );
    const optional = new Set(
      [...(await withDependencies(optionalPeers, repoRoot))].map((name) => `node_modules/${name}`),
    );
    const devOnly = packages.filter((p) => !optional.has(p) && (!lock.packages[p] || lock.packages[p]!.dev === true));
    expect(devOnly, 'loaded at run time but not a production dependency').toEqual([]);
    // The engine's own run-time libraries are among them (the PDF route, reports' charts, GeoTIFF).
    expect(packages).toEqual(expect.arrayContaining(['node_modules/playwright-core', 'node_modules/echarts']));
  });

  it('the renderer the main process opens, the bundled scenarios and the icons are shipped', () => {
    for (const file of [
      'dist/desktop/renderer/index.html',
      'scenarios/riverbend-balanced.yaml',
      'gis-data/riverbend/landuse.tif',
      'package.json',
    ]) {
      expect(existsSync(path.join(repoRoot, file)), `${file} exists`).toBe(true);
      expect(shipped(file), `${file} is shipped`).toBe(true);
    }
    // The renderer's libraries are bundled by Vite: none of them is needed at run time.
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const bundled of ['react', 'react-dom', '@turf/turf']) expect(pkg.dependencies).not.toHaveProperty(bundled);
    const icon = path.join(repoRoot, config.directories.buildResources, 'icon.png');
    expect(existsSync(icon), `${icon} exists`).toBe(true);
    const png = readFileSync(icon);
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width, from the IHDR chunk
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });
});
