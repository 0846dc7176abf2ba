import { describe, expect, it } from 'vitest';
import type { GisErrorCode } from '../../../engine/src/gis/index.js';
import {
  GisError,
  alignRaster,
  crsFromEpsg,
  defineStudyArea,
  readGeoJson,
  readGeoTiff,
} from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

async function expectGisError(
  promise: Promise<unknown>,
  code: GisErrorCode,
  ...mentions: (string | RegExp)[]
): Promise<GisError> {
  const error = await promise.then(
    () => expect.fail(`expected a GisError '${code}'`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GisError);
  const gis = error as GisError;
  expect(gis.kind).toBe('input');
  expect(gis.code).toBe(code);
  for (const mention of mentions) expect(gis.message).toMatch(mention);
  return gis;
}

describe('bad raster input: each problem has its own clear error naming the file', () => {
  it('missing file', () =>
    expectGisError(readGeoTiff(fixtures('bad/nope.tif')), 'missing-file', /nope\.tif/, /no such file/));
  it('not a TIFF', () =>
    expectGisError(readGeoTiff(fixtures('bad/not-a-tiff.tif')), 'not-tiff', /not-a-tiff\.tif/, /is not a TIFF/));
  it('corrupt TIFF', () =>
    expectGisError(readGeoTiff(fixtures('bad/corrupt.tif')), 'corrupt-tiff', /corrupt\.tif/, /damaged or truncated/));
  it('truncated TIFF (header cut)', () =>
    expectGisError(readGeoTiff(fixtures('bad/truncated.tif')), 'corrupt-tiff', /truncated\.tif/, /truncated/));
  it('truncated TIFF (image data cut)', () =>
    expectGisError(
      readGeoTiff(fixtures('bad/truncated-data.tif')),
      'corrupt-tiff',
      /truncated-data\.tif/,
      /truncated \(image block/,
    ));
  it('unsupported compression', () =>
    expectGisError(
      readGeoTiff(fixtures('bad/lzma.tif')),
      'unsupported-compression',
      /lzma\.tif/,
      /LZMA is not supported/,
      /COMPRESS=DEFLATE/,
    ));
  it('no georeferencing', () =>
    expectGisError(
      readGeoTiff(fixtures('bad/no-georef.tif')),
      'no-georeferencing',
      /no-georef\.tif/,
      /no georeferencing/,
    ));
  it('rotated grid', () =>
    expectGisError(
      readGeoTiff(fixtures('bad/rotated.tif')),
      'rotated-grid',
      /rotated\.tif/,
      /rotated or sheared/,
      /north-up/,
    ));
  it('multi-band without a band', () =>
    expectGisError(readGeoTiff(fixtures('bad/three-bands.tif')), 'band-required', /three-bands\.tif/, /3 bands/));
  it('multi-band with a band that does not exist', () =>
    expectGisError(
      readGeoTiff(fixtures('bad/three-bands.tif'), { band: 4 }),
      'band-out-of-range',
      /band 4 does not exist/,
    ));
  it('multi-band with an explicit band reads it', async () => {
    const raster = await readGeoTiff(fixtures('bad/three-bands.tif'), { band: 2 });
    expect(raster.band).toBe(2);
    expect(raster.bandCount).toBe(3);
  });
  it('user-defined CRS is read and reported clearly', async () => {
    const raster = await readGeoTiff(fixtures('bad/user-defined-crs.tif'));
    expect(raster.grid.crs.epsg).toBeNull();
    expect(raster.grid.crs.kind).toBe('user-defined');
    expect(raster.grid.crs.name).toMatch(/no EPSG code/);
  });
});

describe('bad alignment input', () => {
  const base = () => readGeoTiff(fixtures('in/dem.tif'));
  it('a layer in another CRS is warped; when it lands elsewhere the error names its CRS', async () => {
    const area = defineStudyArea((await base()).grid);
    // The same numbers labelled UTM 33S instead of 34S: 6 degrees of longitude away once transformed.
    const other = await readGeoTiff(fixtures('bad/other-crs.tif'));
    await expectGisError(
      Promise.resolve().then(() => alignRaster(other, area, { kind: 'continuous' })),
      'no-overlap',
      /other-crs\.tif/,
      /EPSG:32733 \(WGS 84 \/ UTM zone 33S\)/,
      /transformed to the same CRS/,
    );
  });
  it('a CRS without an EPSG code or a definition cannot be warped, and the error names the layer', async () => {
    const area = defineStudyArea((await base()).grid);
    const other = await readGeoTiff(fixtures('bad/user-defined-crs.tif'));
    await expectGisError(
      Promise.resolve().then(() => alignRaster(other, area, { kind: 'continuous' })),
      'unsupported-crs',
      /user-defined-crs\.tif: cannot transform coordinates/,
    );
  });
  it('layer not overlapping the study area', async () => {
    const area = defineStudyArea((await base()).grid);
    const elsewhere = await readGeoTiff(fixtures('bad/elsewhere.tif'));
    await expectGisError(
      Promise.resolve().then(() => alignRaster(elsewhere, area, { kind: 'continuous' })),
      'no-overlap',
      /elsewhere\.tif/,
      /does not overlap/,
    );
  });
  it('all-nodata layer', async () => {
    const area = defineStudyArea((await base()).grid);
    const empty = await readGeoTiff(fixtures('bad/all-nodata.tif'));
    await expectGisError(
      Promise.resolve().then(() => alignRaster(empty, area, { kind: 'continuous' })),
      'all-nodata',
      /all-nodata\.tif/,
      /every cell is nodata/,
    );
  });
  it('an EPSG code outside the registry is named, with the layer', () => {
    expect(() => crsFromEpsg(99999, 'layer "zones" (zones.geojson)')).toThrow(
      /layer "zones" \(zones\.geojson\): the CRS EPSG:99999 is not in the EPSG registry/,
    );
    expect(() => crsFromEpsg(5703)).toThrow(
      /EPSG:5703 \(NAVD88 height\) is a vertcrs CRS, not a projected or geographic one/,
    );
    expect(crsFromEpsg(2193).name).toBe('NZGD2000 / New Zealand Transverse Mercator 2000');
  });
});

describe('invalid GeoJSON names the file, the feature and the problem', () => {
  it('missing file', () => expectGisError(readGeoJson(fixtures('bad/nope.geojson')), 'missing-file', /nope\.geojson/));
  it('not JSON', () =>
    expectGisError(
      readGeoJson(fixtures('bad/not-json.geojson')),
      'invalid-geojson',
      /not-json\.geojson/,
      /not valid JSON/,
    ));
  it('unclosed ring', () =>
    expectGisError(
      readGeoJson(fixtures('bad/unclosed-ring.geojson')),
      'invalid-geojson',
      /unclosed-ring\.geojson: feature 0/,
      /ring\[0\] is not closed/,
    ));
  it('wrong nesting', () =>
    expectGisError(
      readGeoJson(fixtures('bad/wrong-nesting.geojson')),
      'invalid-geojson',
      /wrong-nesting\.geojson: feature 1/,
      /wrong nesting/,
    ));
  it('coordinates out of range', () =>
    expectGisError(
      readGeoJson(fixtures('bad/bad-coordinates.geojson')),
      'invalid-geojson',
      /feature 0/,
      /\[2010000\.5,-34\]/,
      /not longitude\/latitude/,
    ));
  it('coordinates that are not numbers', () =>
    expectGisError(
      readGeoJson(fixtures('bad/string-coordinates.geojson')),
      'invalid-geojson',
      /feature 0/,
      /should be a position/,
    ));
});
