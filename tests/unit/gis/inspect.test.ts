import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatInspection, inspectFile } from '../../../engine/src/api/index.js';
import { fixtures } from './paths.js';

describe('inspect agrees with gdalinfo / ogrinfo', () => {
  it('raster: size, CRS, geotransform, nodata, type and value counts (gdalinfo -hist)', async () => {
    const info = JSON.parse(await readFile(fixtures('out/classes.gdalinfo-hist.json'), 'utf8')) as {
      size: number[];
      geoTransform: number[];
      bands: { type: string; noDataValue: number; histogram: { min: number; buckets: number[] } }[];
    };
    const report = await inspectFile(fixtures('in/classes.tif'));
    if (report.kind !== 'raster') return expect.fail('expected a raster report');
    expect([report.width, report.height]).toEqual(info.size);
    expect(report.geoTransform).toEqual(info.geoTransform);
    expect(report.dataType).toBe(info.bands[0]!.type);
    expect(report.nodata).toBe(info.bands[0]!.noDataValue);
    expect(report.crs).toEqual({ epsg: 32734, name: 'WGS 84 / UTM zone 34S', type: 'projected' });
    // gdalinfo's 256 buckets from -0.5 to 255.5 count each byte value, nodata excluded.
    const buckets = info.bands[0]!.histogram.buckets;
    const fromGdal = buckets.map((count, value) => ({ value, count })).filter((b) => b.count > 0);
    expect(report.valueCounts!.filter((v) => !v.nodata)).toEqual(fromGdal);
    expect(report.nodataCount).toBe(report.valueCounts!.find((v) => v.nodata)?.count ?? 0);
    expect(formatInspection(report)).toContain('CRS: EPSG:32734 (WGS 84 / UTM zone 34S)');
  });

  it('vector: feature count, geometry types, extent and property names (ogrinfo -so)', async () => {
    const ogrinfo = await readFile(fixtures('out/polygons.ogrinfo.txt'), 'utf8');
    const report = await inspectFile(fixtures('in/polygons.geojson'));
    if (report.kind !== 'vector') return expect.fail('expected a vector report');
    expect(ogrinfo).toContain(`Feature Count: ${report.featureCount}`);
    const [minX, minY, maxX, maxY] = report.bbox!;
    expect(ogrinfo).toContain(
      `Extent: (${minX.toFixed(6)}, ${minY.toFixed(6)}) - (${maxX.toFixed(6)}, ${maxY.toFixed(6)})`,
    );
    for (const name of report.propertyNames) expect(ogrinfo).toMatch(new RegExp(`^${name}: `, 'm'));
    expect(report.geometryTypes).toEqual({ Polygon: 1, MultiPolygon: 1, LineString: 1, Point: 1 });
    expect(report.crs.epsg).toBe(32734);
  });

  it('missing files are input errors', async () => {
    await expect(inspectFile(fixtures('in/nope.tif'))).rejects.toMatchObject({ kind: 'input', code: 'missing-file' });
    await expect(inspectFile(fixtures('in/nope.dat'))).rejects.toMatchObject({ kind: 'input' });
  });
});
