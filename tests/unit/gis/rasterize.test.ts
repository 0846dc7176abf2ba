import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../engine/src/gis/index.js';
import {
  crsFromEpsg,
  parseGeoJson,
  rasterizeFeatures,
  rasterizeLayer,
  readGeoJson,
  readGeoTiff,
} from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

async function compareWithGdal(expectedFile: string, values: number[], allTouched: boolean): Promise<void> {
  const layer = await readGeoJson(fixtures('in/polygons.geojson'));
  expect(layer.crs.epsg).toBe(32734);
  const expected = await readGeoTiff(fixtures(expectedFile));
  const features = layer.features.filter((f) => values.includes(f.properties?.value as number));
  const { data } = rasterizeFeatures(features, expected.grid, {
    burn: { property: 'value' },
    allTouched,
    sampleType: 'Byte',
  });
  const mismatches: string[] = [];
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== expected.data[i])
      mismatches.push(`(col ${i % 40}, row ${Math.floor(i / 40)}): ${data[i]} != ${expected.data[i]}`);
  }
  expect(mismatches).toEqual([]);
}

describe('rasterise matches gdal_rasterize', () => {
  it('polygons with holes, by cell centre', () => compareWithGdal('out/polygons-centre.tif', [3, 7], false));
  it('polygons with holes, all touched', () => compareWithGdal('out/polygons-alltouched.tif', [3, 7], true));
  it('lines and points, all touched', () => compareWithGdal('out/lines-points.tif', [5, 9], false));
});

describe('rasterise', () => {
  const grid: GridSpec = {
    width: 10,
    height: 10,
    originX: 0,
    originY: 10,
    pixelWidth: 1,
    pixelHeight: 1,
    crs: crsFromEpsg(32634),
  };
  it('leaves holes empty and counts burned cells', () => {
    const layer = parseGeoJson(
      JSON.stringify({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [10, 0],
              [10, 10],
              [0, 10],
              [0, 0],
            ],
            [
              [2, 2],
              [2, 8],
              [8, 8],
              [8, 2],
              [2, 2],
            ],
          ],
        },
      }),
      'square.geojson',
    );
    const { data, cellsBurned } = rasterizeFeatures(layer.features, grid, { burn: 4 });
    expect(cellsBurned).toBe(100 - 36);
    expect(data[5 * 10 + 5]).toBe(0);
    expect(data[0]).toBe(4);
  });

  it('projects WGS 84 layers to the grid CRS', () => {
    const utm: GridSpec = {
      width: 4,
      height: 4,
      originX: 500000 - 200,
      originY: 200,
      pixelWidth: 100,
      pixelHeight: 100,
      crs: crsFromEpsg(32634),
    };
    // The central meridian of UTM 34 is 21 E: (21.0001, 0.0001) is about (500011, 11), cell (col 2, row 1).
    const layer = parseGeoJson('{"type":"Point","coordinates":[21.0001,0.0001]}', 'point.geojson');
    const { data } = rasterizeLayer(layer, utm);
    expect(data[1 * 4 + 2]).toBe(1);
    expect([...data].reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('names the feature when the burn property is missing', () => {
    const layer = parseGeoJson(
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"v":1},"geometry":{"type":"Point","coordinates":[1,1]}},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[2,2]}}]}',
      'pts.geojson',
    );
    expect(() => rasterizeFeatures(layer.features, grid, { burn: { property: 'v' } }, 'pts.geojson')).toThrow(
      /pts\.geojson: feature 1 has no numeric property "v"/,
    );
  });
});
