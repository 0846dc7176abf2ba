/** `derive: distance`: exact Euclidean distance (m) to the cells where the source layer is > 0. */
import { euclideanDistance } from '../../../gis/index.js';
import type { DerivedLayerType } from './define.js';
import { fillBy } from '../../../io/typed-map.js';

export const distanceLayer: DerivedLayerType<'distance'> = {
  type: 'distance',
  summary: 'distance (m) to a layer',
  unit: 'metre',
  method: 'distance (exact Euclidean)',
  needsRaster: false,
  isDistance: true,
  stage: 0,
  compute: (grid, source) =>
    euclideanDistance(
      grid,
      fillBy(new Uint8Array(source.length), (i) => (source[i]! > 0 ? 1 : 0)),
    ),
};
