import { describe, expect, it } from 'vitest';
import { alignRaster, defineStudyArea, parseGeoJson, readGeoTiff } from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

describe('align matches gdalwarp', () => {
  it('categorical: nearest neighbour onto a finer grid, cells outside the layer become nodata', async () => {
    const dem = await readGeoTiff(fixtures('in/dem.tif'));
    const classes = await readGeoTiff(fixtures('in/classes.tif'));
    const expected = await readGeoTiff(fixtures('out/classes-on-dem-grid.tif'));
    const aligned = alignRaster(classes, defineStudyArea(dem.grid), { kind: 'categorical' });
    expect(aligned.method).toBe('nearest');
    expect(Array.from(aligned.data)).toEqual(Array.from(expected.data));
    expect(aligned.nodata).toBe(0);
    // classes.tif covers 360 m of the 400 m width: the last 4 columns are outside it.
    expect(aligned.cellsOutsideCoverage).toBe(4 * 30);
    expect(aligned.messages[0]).toMatch(/120 of 1200 study-area cells lie outside the layer's extent/);
  });

  it('continuous: bilinear from a half-cell-shifted grid', async () => {
    const dem = await readGeoTiff(fixtures('in/dem.tif'));
    const shifted = await readGeoTiff(fixtures('in/continuous-shifted.tif'));
    const expected = await readGeoTiff(fixtures('out/continuous-bilinear.tif'));
    const aligned = alignRaster(shifted, dem.grid, { kind: 'continuous' });
    expect(aligned.method).toBe('bilinear');
    let worst = 0;
    for (let i = 0; i < aligned.data.length; i++)
      worst = Math.max(worst, Math.abs(aligned.data[i]! - expected.data[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('continuous: average when downsampling to 30 m cells', async () => {
    const dem = await readGeoTiff(fixtures('in/dem.tif'));
    const expected = await readGeoTiff(fixtures('out/dem-average-30m.tif'));
    const aligned = alignRaster(dem, expected.grid, { kind: 'continuous' });
    expect(aligned.method).toBe('average');
    let worst = 0;
    for (let i = 0; i < aligned.data.length; i++)
      worst = Math.max(worst, Math.abs(aligned.data[i]! - expected.data[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('continuous: area-weighted average onto a grid that does not line up (26 x 21 m, offset)', async () => {
    const dem = await readGeoTiff(fixtures('in/dem.tif'));
    const expected = await readGeoTiff(fixtures('out/dem-average-misaligned.tif'));
    const aligned = alignRaster(dem, expected.grid, { kind: 'continuous' });
    expect(aligned.method).toBe('average');
    let worst = 0;
    let compared = 0;
    for (let i = 0; i < aligned.data.length; i++) {
      const want = expected.data[i]!;
      if (want === expected.nodata) {
        expect(Number.isNaN(aligned.data[i]!), `cell ${i} is nodata in GDAL's output`).toBe(true);
        continue;
      }
      worst = Math.max(worst, Math.abs(aligned.data[i]! - want));
      compared++;
    }
    expect(compared).toBe(15 * 14);
    expect(worst).toBeLessThan(1e-3);
  });

  it('clips to a boundary polygon and reports the cells outside it', async () => {
    const dem = await readGeoTiff(fixtures('in/dem.tif'));
    // A boundary already in the grid CRS, named by a legacy (pre-RFC 7946) "crs" member.
    const boundary = parseGeoJson(
      JSON.stringify({
        type: 'Polygon',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32734' } },
        coordinates: [
          [
            [300000, 6200000],
            [300200, 6200000],
            [300200, 6199800],
            [300000, 6199800],
            [300000, 6200000],
          ],
        ],
      }),
      'boundary.geojson',
    );
    const area = defineStudyArea(dem.grid, boundary);
    expect(area.cellsInside).toBe(20 * 20);
    const aligned = alignRaster(dem, area, { kind: 'continuous' });
    expect(aligned.cellsOutsideStudyArea).toBe(1200 - 400);
    expect(Number.isNaN(aligned.data[0 * 40 + 30])).toBe(true);
    expect(aligned.data[0]).toBe(dem.data[0]);
  });

  it('refuses to average classes', async () => {
    const classes = await readGeoTiff(fixtures('in/classes.tif'));
    expect(() => alignRaster(classes, classes.grid, { kind: 'categorical', method: 'average' })).toThrow(
      /only be resampled by nearest neighbour/,
    );
  });
});
