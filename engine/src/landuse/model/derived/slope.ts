/** `derive: slope`: the slope in degrees of an elevation raster (Horn's method, gis/slope). */
import { computeSlope } from '../../../gis/index.js';
import type { DerivedLayerType } from './define.js';

export const slopeLayer: DerivedLayerType<'slope'> = {
  type: 'slope',
  summary: 'slope (degrees) of a DEM',
  unit: 'degree',
  method: 'slope (Horn)',
  needsRaster: true,
  isDistance: false,
  stage: 0,
  compute: (grid, source) => computeSlope(grid, source, { nodata: null }),
};
