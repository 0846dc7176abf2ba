/**
 * Facts about the installed project, shared by every layer above the optimiser core: where the
 * project folder is and its version. The same code runs from engine/src (tsx, tests) and from
 * dist/engine/src (built CLI, packaged app), which sit at different depths, so the folder is
 * found by walking up to Pareto Plan's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'pareto-plan') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Pareto Plan project folder (package.json "pareto-plan").');
    dir = parent;
  }
}

export const projectRoot: string = findProjectRoot();

const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

/** The engine version (from package.json), recorded in run folders and reports. */
export const engineVersion: string = packageJson.version;

/** Installed versions of the libraries that shape results, for reproducibility records. */
export function libraryVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.version, 'pareto-plan': engineVersion };
  for (const name of ['geotiff', 'proj4', 'pure-rand', 'zod', 'yaml']) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      };
      versions[name] = pkg.version;
    } catch {
      // Not installed under the project (bundled app): leave it out rather than guess.
    }
  }
  return versions;
}
