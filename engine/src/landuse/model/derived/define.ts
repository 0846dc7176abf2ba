/**
 * A derived layer type: a layer computed on the land-use grid from another layer (`derive: <type>`
 * with `from: <layer>` in a scenario). Each type is one module in this folder listed in index.ts;
 * the scenario schema's `derive` values, the resolved layer types, the checks on `from`, the loader
 * and the inputs table (`paretoplan prepare`) all read the registry. docs/extending.md walks
 * through adding one.
 */
import type { GridSpec } from '../../../gis/index.js';
import type { ResolvedLayer } from '../../scenario/types.js';

export interface DerivedLayerType<T extends string = string> {
  /** The value of `derive:` in a scenario. */
  readonly type: T;
  /** What the layer holds, for the scenario schema's description of `derive`. */
  readonly summary: string;
  /** Unit of its values (for the inputs table), or null. */
  readonly unit: string | null;
  /** How it is computed, for the inputs table ("derived: ..."). */
  readonly method: string;
  /** The `from` layer must be a raster (a vector rasterised to 0/1 would not do). */
  readonly needsRaster: boolean;
  /** Its values are metres to something: access indicators and `distance()` may read it. */
  readonly isDistance: boolean;
  /** 0: computed right after the file layers; 1: after every stage-0 layer (it may read them). */
  readonly stage: 0 | 1;
  /** The layer on the grid, from its source layer's values (and, for stage 1, every layer so far). */
  compute(
    grid: GridSpec,
    source: Float32Array,
    layer: ResolvedLayer,
    layers: Readonly<Record<string, Float32Array>>,
  ): Float32Array;
}
