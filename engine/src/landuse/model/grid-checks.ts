/**
 * Warnings about how the scenario's layers meet the land-use grid: a layer in another CRS (it is
 * reprojected; not said of GeoJSON in WGS 84, its standard CRS), on another grid (it is resampled,
 * and how), or covering less than 95 % of the study area (the rest is nodata). `validate` prints
 * them; nothing here stops a run.
 */
import { describeCrs } from '../../gis/index.js';
import type { ScenarioIssue } from '../errors.js';
import { lineOf } from '../scenario/source-map.js';
import type { PreparedScenario } from './load.js';

/** Below this share of the study area a layer's coverage is reported. */
export const MIN_LAYER_COVERAGE = 0.95;

const METHOD_WORDS = {
  nearest: 'nearest neighbour (each grid cell takes the value of the layer cell under its centre)',
  bilinear: 'bilinear interpolation between the four nearest layer cells',
  average: 'the area-weighted average of the layer cells each grid cell covers',
} as const;

const metres = (value: number): string => `${Number(value.toPrecision(6))} m`;

/** One warning per layer property that differs from the land-use grid. */
export function gridWarnings(prepared: PreparedScenario): ScenarioIssue[] {
  const { scenario, grid } = prepared;
  const warnings: ScenarioIssue[] = [];
  const gridCrs = describeCrs(grid.crs);
  for (const a of prepared.alignment) {
    const issue = (message: string): void => {
      warnings.push({
        file: scenario.file,
        line: lineOf(scenario.lines, ['layers', a.layer, 'path']),
        path: `layers.${a.layer}`,
        message,
      });
    };
    if (a.type === 'vector') {
      // GeoJSON is WGS 84 by definition (RFC 7946): saying so for every GeoJSON layer would be noise.
      const plainGeoJson = /\.(geo)?json$/i.test(a.file) && a.crs.startsWith('EPSG:4326 ');
      if (a.reprojected && !plainGeoJson)
        issue(`is in ${a.crs}; its coordinates are transformed to the land-use grid's ${gridCrs} before rasterising.`);
      continue;
    }
    if (a.reprojected) {
      issue(
        `is in ${a.crs}, the land use in ${gridCrs}: it is reprojected, each grid cell's centre transformed exactly into the layer's CRS, ` +
          `and resampled by ${METHOD_WORDS[a.method ?? 'nearest']}.`,
      );
    } else if (a.resampled && a.cellSize) {
      const [w, h] = a.cellSize;
      issue(
        `has ${metres(w)} x ${metres(h)} cells on another grid than the land use (${metres(grid.pixelWidth)} x ${metres(grid.pixelHeight)}): ` +
          `it is resampled by ${METHOD_WORDS[a.method ?? 'nearest']}.`,
      );
    }
    if (a.coverage !== null && a.coverage < MIN_LAYER_COVERAGE) {
      issue(
        `gives values to only ${(a.coverage * 100).toFixed(1)} % of the study area (its extent or nodata leave the rest empty); ` +
          'there it is nodata: a protected or no-build area reads as absent, a slope limit as too steep. Give a layer that covers the whole study area.',
      );
    }
  }
  return warnings;
}
