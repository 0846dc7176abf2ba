/**
 * Derived layer types are one module each (engine/src/landuse/model/derived): the scenario schema,
 * the resolver's checks and the loader read the registry. Each registered type is accepted by the
 * schema and computed on the grid like the GIS function it wraps.
 */
import { describe, expect, it } from 'vitest';
import { computeSlope, crsFromEpsg, euclideanDistance, type GridSpec } from '../../../engine/src/gis/index.js';
import { DERIVED_LAYERS, derivedLayerType } from '../../../engine/src/landuse/index.js';
import { scenarioJsonSchema } from '../../../engine/src/landuse/scenario/schema.js';
import type { ResolvedLayer } from '../../../engine/src/landuse/scenario/types.js';

const grid: GridSpec = {
  width: 6,
  height: 5,
  originX: 500_000,
  originY: 4_000_000,
  pixelWidth: 25,
  pixelHeight: 25,
  crs: crsFromEpsg(32633),
};
const cells = grid.width * grid.height;

function layerOf(type: string, from = 'source'): ResolvedLayer {
  return {
    name: `derived-${type}`,
    type: type as ResolvedLayer['type'],
    path: null,
    kind: 'continuous',
    where: null,
    from,
    band: null,
    nodata: null,
    resampling: null,
    table: null,
    travel: type === 'travelTime' ? { speeds: [], offRoad: 5, barriers: [], slope: null } : null,
  };
}

describe('derived layer registry', () => {
  it("lists each type once, and the scenario schema's derive values are exactly the registry's", () => {
    const names = DERIVED_LAYERS.map((d) => d.type);
    expect(new Set(names).size).toBe(names.length);
    const text = JSON.stringify(scenarioJsonSchema());
    const match = /"derive":\{[^}]*"enum":\[([^\]]*)\]/.exec(text);
    expect(match, 'the JSON Schema has a derive enum').not.toBeNull();
    expect(JSON.parse(`[${match![1]}]`)).toEqual(names);
    for (const name of names) expect(derivedLayerType(name)?.type).toBe(name);
    expect(derivedLayerType('raster')).toBeUndefined();
  });

  it('computes each type on the grid: finite values, one per cell', () => {
    const source = new Float32Array(cells);
    for (let i = 0; i < cells; i++) source[i] = i % grid.width === 2 ? 1 : 0;
    const layers: Record<string, Float32Array> = { source };
    for (const stage of [0, 1] as const) {
      for (const derived of DERIVED_LAYERS.filter((d) => d.stage === stage)) {
        const values = derived.compute(grid, source, layerOf(derived.type), layers);
        expect(values, derived.type).toHaveLength(cells);
        expect(values.every(Number.isFinite), derived.type).toBe(true);
        layers[derived.type] = values;
      }
    }
  });

  it('slope and distance equal the GIS functions they wrap', () => {
    const dem = Float32Array.from({ length: cells }, (_, i) => (i % grid.width) * 5);
    const slope = derivedLayerType('slope')!;
    expect(slope.compute(grid, dem, layerOf('slope'), {})).toEqual(computeSlope(grid, dem, { nodata: null }));
    const feature = Float32Array.from({ length: cells }, (_, i) => (i === 7 ? 3 : 0));
    const distance = derivedLayerType('distance')!;
    expect(distance.compute(grid, feature, layerOf('distance'), {})).toEqual(
      euclideanDistance(
        grid,
        Uint8Array.from(feature, (v) => (v > 0 ? 1 : 0)),
      ),
    );
    expect(distance.isDistance && !slope.isDistance).toBe(true);
    expect(slope.needsRaster).toBe(true);
  });
});
