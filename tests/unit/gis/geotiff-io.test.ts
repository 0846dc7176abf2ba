import { mkdtemp, readFile, rm, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridSpec, RasterArray, SampleType } from '../../../engine/src/gis/index.js';
import {
  allocateRaster,
  crsFromEpsg,
  decodeGeoTiff,
  encodeGeoTiff,
  readGeoTiff,
  writeGeoTiff,
} from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

const demGrid: GridSpec = {
  width: 40,
  height: 30,
  originX: 300000,
  originY: 6200000,
  pixelWidth: 10,
  pixelHeight: 10,
  crs: crsFromEpsg(32734),
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gis-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readGeoTiff: every sample type, compression and layout written by GDAL', () => {
  const types: SampleType[] = ['Byte', 'Int8', 'UInt16', 'Int16', 'UInt32', 'Int32', 'Float32', 'Float64'];
  const compressions = [
    ['NONE', 'none'],
    ['DEFLATE', 'deflate'],
    ['LZW', 'LZW'],
    ['PACKBITS', 'packbits'],
  ] as const;
  let expected: RasterArray;
  beforeAll(async () => {
    // gdal_translate -ot Int16 -scale 80 160 0 100 of the DEM: the reference values.
    expected = (await readGeoTiff(fixtures('out/types-expected-int16.tif'))).data;
  });
  for (const type of types) {
    for (const [gdalName, name] of compressions) {
      for (const layout of ['striped', 'tiled'] as const) {
        it(`${type} ${gdalName} ${layout}`, async () => {
          const raster = await readGeoTiff(fixtures(`in/types/${type}-${gdalName}-${layout}.tif`));
          expect(raster.sampleType).toBe(type);
          expect(raster.compression).toBe(name);
          expect(raster.layout).toBe(layout === 'tiled' ? 'tiles' : 'strips');
          expect(raster.nodata).toBe(99);
          expect(raster.grid).toMatchObject({
            width: 40,
            height: 30,
            originX: 300000,
            originY: 6200000,
            pixelWidth: 10,
            pixelHeight: 10,
          });
          expect(raster.grid.crs.epsg).toBe(32734);
          const float = type.startsWith('Float');
          for (let i = 0; i < expected.length; i++) {
            // GDAL rounds when scaling to integers; floats keep the fraction.
            if (float) expect(Math.abs(raster.data[i]! - expected[i]!)).toBeLessThanOrEqual(0.5);
            else if (raster.data[i] !== expected[i]) expect.fail(`cell ${i}: ${raster.data[i]} != ${expected[i]}`);
          }
        });
      }
    }
  }
});

describe('writeGeoTiff', () => {
  const types: SampleType[] = ['Byte', 'Int8', 'UInt16', 'Int16', 'UInt32', 'Int32', 'Float32', 'Float64'];
  for (const type of types) {
    for (const layout of ['strips', 'tiles'] as const) {
      it(`round-trips ${type} in ${layout} with grid, CRS and nodata`, async () => {
        const data = allocateRaster(type, 40 * 30);
        for (let i = 0; i < data.length; i++)
          data[i] =
            ((i * 7) % 120) -
            (type.startsWith('U') || type === 'Byte' ? 0 : 50) +
            (type.startsWith('Float') ? 0.25 : 0);
        const file = path.join(dir, `${type}-${layout}.tif`);
        await writeGeoTiff(file, { grid: demGrid, data, nodata: 111 }, { layout, tileSize: 16 });
        const back = await readGeoTiff(file);
        expect(back.sampleType).toBe(type);
        expect(back.grid).toEqual(demGrid);
        expect(back.nodata).toBe(111);
        expect(back.compression).toBe('deflate');
        expect(Array.from(back.data)).toEqual(Array.from(data));
      });
    }
  }

  it('writes geographic CRSs and uncompressed files, and NaN nodata', async () => {
    const grid: GridSpec = {
      width: 5,
      height: 4,
      originX: 20.1,
      originY: -34.0,
      pixelWidth: 0.01,
      pixelHeight: 0.01,
      crs: crsFromEpsg(4326),
    };
    const data = new Float32Array(20).fill(1.5);
    data[3] = Number.NaN;
    const bytes = await encodeGeoTiff({ grid, data, nodata: Number.NaN }, { compression: 'none' });
    const back = await decodeGeoTiff(bytes, 'memory.tif');
    expect(back.grid).toEqual(grid);
    expect(back.grid.crs).toMatchObject({ epsg: 4326, kind: 'geographic' });
    expect(back.compression).toBe('none');
    expect(Number.isNaN(back.nodata)).toBe(true);
    expect(Number.isNaN(back.data[3])).toBe(true);
  });

  it('writes a palette and a QGIS style with class names beside categorical outputs', async () => {
    const file = path.join(dir, 'landuse.tif');
    const data = new Uint8Array(40 * 30).fill(2);
    data[0] = 1;
    const result = await writeGeoTiff(file, {
      grid: demGrid,
      data,
      nodata: 0,
      classes: [
        { value: 1, name: 'Housing & shops', color: '#e31a1c' },
        { value: 2, name: 'Park', color: '#33a02c' },
      ],
    });
    expect(result.qmlPath).toBe(path.join(dir, 'landuse.qml'));
    const back = await readGeoTiff(file);
    expect(back.colorTable?.get(1)).toBe('#e31a1c');
    expect(back.colorTable?.get(2)).toBe('#33a02c');
    const qml = await readFile(result.qmlPath!, 'utf8');
    expect(qml).toContain('<rasterrenderer type="paletted" band="1"');
    expect(qml).toContain('value="1" color="#e31a1c" alpha="255" label="Housing &amp; shops"');
    expect(qml).toContain('label="Park"');
    // Atomic: no temporary files left behind.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('wrote in/classes.tif so that gdalinfo reads its CRS, transform, nodata and colours (out/classes.gdalinfo.json)', async () => {
    const info = JSON.parse(await readFile(fixtures('out/classes.gdalinfo.json'), 'utf8')) as {
      size: number[];
      geoTransform: number[];
      coordinateSystem: { wkt: string };
      bands: { type: string; noDataValue: number; colorInterpretation: string; colorTable: { entries: number[][] } }[];
      metadata: { IMAGE_STRUCTURE: { COMPRESSION: string } };
    };
    const ours = await readGeoTiff(fixtures('in/classes.tif'));
    expect(info.size).toEqual([ours.grid.width, ours.grid.height]);
    expect(info.geoTransform).toEqual([
      ours.grid.originX,
      ours.grid.pixelWidth,
      0,
      ours.grid.originY,
      0,
      -ours.grid.pixelHeight,
    ]);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32734\]\]$/);
    expect(info.bands[0]!.noDataValue).toBe(0);
    expect(info.bands[0]!.type).toBe('Byte');
    expect(info.bands[0]!.colorInterpretation).toBe('Palette');
    expect(info.bands[0]!.colorTable.entries[3]).toEqual([51, 160, 44, 255]);
    expect(info.metadata.IMAGE_STRUCTURE.COMPRESSION).toBe('DEFLATE');
  });

  it('refuses data that does not match the grid', async () => {
    await expect(
      writeGeoTiff(path.join(dir, 'x.tif'), { grid: demGrid, data: new Uint8Array(5) }),
    ).rejects.toMatchObject({
      kind: 'input',
      code: 'invalid-data',
    });
  });

  it('reports a folder that does not exist', async () => {
    await expect(
      writeGeoTiff(path.join(dir, 'missing', 'x.tif'), { grid: demGrid, data: new Uint8Array(1200) }),
    ).rejects.toMatchObject({
      code: 'write-failed',
      message: expect.stringContaining('missing'),
    });
  });
});
