/**
 * Where the Export tab writes: the run folder (the engine's default names, never a question of
 * replacing someone's file) or a folder the user chose (Electron's folder dialog, or a path inside
 * folders already opened), under these names. Pure, for tests.
 */
import type { ReportRequest } from '../../../../../engine/src/api/contract.js';

export interface Destination {
  /** null: the run folder. */
  folder: string | null;
  /** Replace files that exist in the chosen folder (the server refuses otherwise). */
  replace: boolean;
}

export const RUN_FOLDER: Destination = { folder: null, replace: false };

export type ExportKind =
  | { kind: 'report'; format: ReportRequest['format'] }
  | { kind: 'layout'; id: number; format: 'geotiff' | 'geojson' }
  | { kind: 'csv' };

const fileName = (what: ExportKind): string => {
  switch (what.kind) {
    case 'report':
      return what.format === 'pdf'
        ? 'report.pdf'
        : what.format === 'interactive'
          ? 'report-interactive.html'
          : 'report.html';
    case 'layout':
      return `layout-${what.id}.${what.format === 'geotiff' ? 'tif' : 'geojson'}`;
    case 'csv':
      return 'front.csv';
  }
};

/** The `out` and `overwrite` fields of a request: nothing for the run folder. */
export function destinationFields(destination: Destination, what: ExportKind): { out?: string; overwrite?: boolean } {
  const folder = destination.folder?.trim();
  if (!folder) return {};
  // The folder's own separator: a Windows path has backslashes and no slash.
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const out = `${folder.replace(/[\\/]+$/, '')}${separator}${fileName(what)}`;
  return destination.replace ? { out, overwrite: true } : { out };
}
