/**
 * The prepared-layer cache as the CLI's `cache` command shows it (landuse/model/layer-cache.ts):
 * where it is, whether it is on, what it holds, and clearing it.
 */
import { formatBytes } from '../gis/index.js';
import {
  clearLayerCache,
  layerCacheSettingProblems,
  layerCacheSettings,
  layerCacheUsage,
} from '../landuse/model/layer-cache.js';

export interface LayerCacheStatus {
  /** The cache folder, or null when `PARETOPLAN_CACHE_DIR=off`. */
  readonly dir: string | null;
  readonly files: number;
  readonly bytes: number;
  readonly maxBytes: number | null;
  /** Grids of at least this many cells are cached. */
  readonly minCells: number | null;
  /** Settings in the environment that were ignored, each in a sentence. */
  readonly problems: readonly string[];
  /** With `clear`: the files and bytes removed. */
  readonly removed?: { readonly files: number; readonly bytes: number };
}

/** The cache's folder, settings and contents; with `clear`, after removing every file of it. */
export function layerCacheStatus(options: { clear?: boolean } = {}): LayerCacheStatus {
  const settings = layerCacheSettings();
  const problems = layerCacheSettingProblems();
  if (!settings) return { dir: null, files: 0, bytes: 0, maxBytes: null, minCells: null, problems };
  const removed = options.clear ? clearLayerCache(settings) : undefined;
  return {
    dir: settings.dir,
    ...layerCacheUsage(settings),
    maxBytes: settings.maxBytes,
    minCells: settings.minCells,
    problems,
    ...(removed ? { removed } : {}),
  };
}

/** The status in a few lines for people. */
export function formatLayerCacheStatus(status: LayerCacheStatus): string {
  if (status.dir === null) return 'The prepared-layer cache is off (PARETOPLAN_CACHE_DIR=off).';
  const lines = [`Prepared-layer cache: ${status.dir}`, ...status.problems.map((problem) => `Ignored: ${problem}`)];
  if (status.removed) lines.push(`Removed ${status.removed.files} files, ${formatBytes(status.removed.bytes)}.`);
  lines.push(
    `Holds ${status.files} files, ${formatBytes(status.bytes)}, of at most ${formatBytes(status.maxBytes!)} ` +
      `(PARETOPLAN_CACHE_MAX_MB=${status.maxBytes! / 2 ** 20}); study areas of ${status.minCells!.toLocaleString('en-GB')} cells or more are cached.`,
  );
  return lines.join('\n');
}
