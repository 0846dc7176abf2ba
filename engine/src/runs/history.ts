/** history.csv: one row per generation (evaluations, hypervolume, best value per objective, time). */
import type { ObjectiveDirection } from '../optimizer/index.js';
import fs from 'node:fs/promises';
import { parseCsv } from './csv.js';
import { RunInputError } from './errors.js';
import type { RunManifest } from './run-folder.js';

export interface HistoryRow {
  generation: number;
  evaluations: number;
  /** Hypervolume of the archive against the run's fixed reference; never decreases (docs/run-folder.md). */
  hypervolume: number;
  /** Best value per objective on the front, natural units. */
  best: number[];
  elapsedSeconds: number;
}

type ManifestObjectives = Pick<RunManifest, 'objectives'>;

export const directionTag = (direction: ObjectiveDirection) => (direction === 'maximize' ? 'max' : 'min');

export function HISTORY_HEADER(manifest: ManifestObjectives): string[] {
  return [
    'generation',
    'evaluations',
    'hypervolume',
    ...manifest.objectives.map((o) => `best_${o.id} (${directionTag(o.direction)})`),
    'elapsed_s',
  ];
}

export function historyRow(row: HistoryRow): (number | string)[] {
  return [row.generation, row.evaluations, row.hypervolume, ...row.best, Number(row.elapsedSeconds.toFixed(3))];
}

export async function readHistory(file: string, manifest: ManifestObjectives): Promise<HistoryRow[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  const [header, ...rows] = parseCsv(text);
  const expected = HISTORY_HEADER(manifest);
  if (!header || header.join(',') !== expected.join(',')) {
    throw new RunInputError(
      `${file} does not have the expected header (${expected.join(',')}); the run folder is damaged.`,
    );
  }
  const m = manifest.objectives.length;
  return rows
    .filter((r) => r.length === expected.length)
    .map((r) => ({
      generation: Number(r[0]),
      evaluations: Number(r[1]),
      hypervolume: Number(r[2]),
      best: r.slice(3, 3 + m).map(Number),
      elapsedSeconds: Number(r[3 + m]),
    }));
}
