import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { ScenarioEntry } from './contract.js';
import { outsideAsarPath } from '../parallel/index.js';
import { projectRoot } from '../project.js';

/**
 * The folder of bundled example scenarios (`<project>/scenarios`); in the packaged app its
 * unpacked copy, which the background worker reads as plain files (parallel/asar.ts).
 */
export const bundledScenariosDir = outsideAsarPath(path.join(projectRoot, 'scenarios'));

/**
 * Lists the scenario files (`*.yaml`, `*.yml`, `*.json`) of a folder with their names and
 * descriptions, sorted by file name. JSON Schemas and parties files (`*.parties.yaml`, which sit
 * beside the scenarios they belong to) are not scenarios. A file that cannot be parsed is still
 * listed, by its file name.
 */
export async function listScenarioFiles(dir: string = bundledScenariosDir): Promise<ScenarioEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = names.filter((f) => /\.(ya?ml|json)$/i.test(f) && !/\.(schema\.json|parties\.ya?ml)$/i.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const filePath = path.join(dir, file);
      let name = file;
      let description = '';
      try {
        const parsed: unknown = parse(await readFile(filePath, 'utf8'));
        if (parsed && typeof parsed === 'object') {
          const record = parsed as Record<string, unknown>;
          if (typeof record.name === 'string') name = record.name;
          if (typeof record.description === 'string') description = record.description.trim();
        }
      } catch {
        // Listed by file name; opening it reports the parse error with its line.
      }
      return { file, path: filePath, name, description };
    }),
  );
}
