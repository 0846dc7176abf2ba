import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (tests/unit/gis/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Turf-style fixtures: in/ (inputs), out/ (expected, made with GDAL), bad/ (bad inputs). */
export const fixtures = (...parts: string[]): string => path.join(repoRoot, 'tests/fixtures/gis', ...parts);
/** Real data copied into the repository with its provenance (tests/fixtures/real/README.md). */
export const realGisData = (...parts: string[]): string => path.join(repoRoot, 'tests/fixtures/real', ...parts);
