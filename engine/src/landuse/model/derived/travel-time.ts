/**
 * `derive: travelTime`: travel time to the source layer over roads and terrain (model/travel-time.ts,
 * options under `travel`), as metres walked in the same time. Stage 1: its friction may read slope
 * layers.
 */
import { travelTime } from '../travel-time.js';
import type { DerivedLayerType } from './define.js';

export const travelTimeLayer: DerivedLayerType<'travelTime'> = {
  type: 'travelTime',
  summary: 'travel time to a layer over roads and terrain (see `travel`)',
  unit: 'metre',
  method: 'travel time (cost distance), as metres walked in the same time',
  needsRaster: false,
  isDistance: true,
  stage: 1,
  compute: (grid, source, layer, layers) => travelTime(grid, source, layer.travel!, layers),
};
