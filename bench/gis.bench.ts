/**
 * GIS benchmarks on a 4,000 x 4,000 grid (16 M cells): read a uint8 deflate GeoTIFF, Euclidean
 * distance transform, Horn slope, and rasterise 10,000 polygons; and warping a raster across CRSs. Each records the peak resident
 * memory (process.resourceUsage().maxRSS) and its growth during the run, relative to the grid's cells.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchmarkContext } from './harness.js';
import { benchmark } from './harness.js';
import type { Feature, GridSpec, Raster } from '../engine/src/gis/index.js';
import { fromArrayBuffer } from 'geotiff';
import {
  alignRaster,
  computeSlope,
  crsFromEpsg,
  decodeGeoTiff,
  euclideanDistance,
  rasterizeFeatures,
  readGeoTiff,
  writeGeoTiff,
} from '../engine/src/gis/index.js';

const SIZE = 4000;
const CELLS = SIZE * SIZE;
const grid: GridSpec = {
  width: SIZE,
  height: SIZE,
  originX: 300000,
  originY: 6300000,
  pixelWidth: 10,
  pixelHeight: 10,
  crs: crsFromEpsg(32734),
};

/**
 * Run `work` and record memory: the growth of the process's peak resident set during the run
 * (`resourceUsage().maxRSS`, exact even for synchronous work) and that peak per grid cell.
 */
async function withMemory<T>(context: BenchmarkContext, work: () => T | Promise<T>): Promise<T> {
  const before = process.resourceUsage().maxRSS * 1024;
  const result = await work();
  const after = process.resourceUsage().maxRSS * 1024;
  context.record('peakRssGrowthMB', (after - before) / 2 ** 20);
  context.record('processPeakRssMB', after / 2 ** 20);
  context.record('processPeakRssBytesPerCell', after / CELLS);
  return result;
}

function landCover(): Uint8Array {
  const data = new Uint8Array(CELLS);
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) data[row * SIZE + col] = 1 + ((((col >> 5) * 7) ^ ((row >> 4) * 3)) % 8);
  }
  return data;
}

benchmark<{ dir: string; file: string }>({
  name: 'gis: read 4000x4000 uint8 deflate GeoTIFF',
  params: { width: SIZE, height: SIZE, type: 'Byte', compression: 'deflate' },
  repetitions: 3,
  async setup() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gis-bench-'));
    const file = path.join(dir, 'landcover.tif');
    await writeGeoTiff(file, { grid, data: landCover(), nodata: 255 });
    return { dir, file };
  },
  async run(state, context) {
    const raster = await withMemory(context, () => readGeoTiff(state.file));
    if (raster.data.length !== CELLS) throw new Error('bad read');
  },
  async teardown(state) {
    await rm(state.dir, { recursive: true, force: true });
  },
});

// Our bounded block decoders (engine/src/gis/tiff-decode.ts) and the band put together a block row
// at a time (tiff-band.ts) against geotiff.js's own decoders and readRasters, in one run: the same
// bytes decoded both ways, each time. LZW files are made by GDAL (gdal_translate).
for (const compression of ['DEFLATE', 'LZW'] as const) {
  benchmark<{ dir: string; bytes: Uint8Array }>({
    name: `gis: decode 4000x4000 uint8 ${compression} GeoTIFF, bounded decoders vs geotiff.js's`,
    params: { width: SIZE, height: SIZE, type: 'Byte', compression },
    repetitions: 3,
    async setup() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'gis-bench-'));
      const file = path.join(dir, 'landcover.tif');
      await writeGeoTiff(file, { grid, data: landCover(), nodata: 255 });
      if (compression === 'LZW') {
        execFileSync('gdal_translate', ['-q', '-co', 'COMPRESS=LZW', file, path.join(dir, 'lzw.tif')]);
        return { dir, bytes: new Uint8Array(await readFile(path.join(dir, 'lzw.tif'))) };
      }
      return { dir, bytes: new Uint8Array(await readFile(file)) };
    },
    async run(state, context) {
      const started = performance.now();
      const ours = await decodeGeoTiff(state.bytes, 'landcover.tif');
      const middle = performance.now();
      const image = await (await fromArrayBuffer(state.bytes.slice().buffer)).getImage(0);
      const theirs = (await image.readRasters({ samples: [0], interleave: true })) as unknown as Uint8Array;
      const ended = performance.now();
      if (!Buffer.from(ours.data.buffer).equals(Buffer.from(theirs.buffer))) throw new Error('decoders differ');
      context.record('boundedMs', middle - started);
      context.record('geotiffJsMs', ended - middle);
      context.record('boundedOverGeotiffJs', (middle - started) / (ended - middle));
    },
    async teardown(state) {
      await rm(state.dir, { recursive: true, force: true });
    },
  });
}

benchmark<Uint8Array>({
  name: 'gis: write 4000x4000 uint8 deflate GeoTIFF',
  params: { width: SIZE, height: SIZE },
  repetitions: 3,
  setup: landCover,
  async run(data, context) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gis-bench-'));
    await withMemory(context, () => writeGeoTiff(path.join(dir, 'out.tif'), { grid, data, nodata: 255 }));
    await rm(dir, { recursive: true, force: true });
  },
});

benchmark<Uint8Array>({
  name: 'gis: euclidean distance transform 4000x4000',
  params: { width: SIZE, height: SIZE, features: '200 scattered cells + a road' },
  repetitions: 3,
  setup() {
    const mask = new Uint8Array(CELLS);
    for (let i = 0; i < 200; i++) mask[(i * 7919 * 104729) % CELLS] = 1;
    for (let col = 0; col < SIZE; col++) mask[2000 * SIZE + col] = 1;
    return mask;
  },
  async run(mask, context) {
    await withMemory(context, () => euclideanDistance(grid, mask));
  },
});

benchmark<Float32Array>({
  name: 'gis: slope (Horn) 4000x4000',
  params: { width: SIZE, height: SIZE },
  repetitions: 3,
  setup() {
    const dem = new Float32Array(CELLS);
    for (let row = 0; row < SIZE; row++)
      for (let col = 0; col < SIZE; col++) dem[row * SIZE + col] = 500 + 80 * Math.sin(col / 300) * Math.cos(row / 200);
    return dem;
  },
  async run(dem, context) {
    await withMemory(context, () => computeSlope(grid, dem));
  },
});

benchmark<Feature[]>({
  name: 'gis: rasterise 10000 polygons on 4000x4000',
  params: { width: SIZE, height: SIZE, polygons: 10_000, verticesPerPolygon: 12 },
  repetitions: 3,
  setup() {
    // 100 x 100 parcels of 400 m, each an irregular 12-gon of radius up to ~180 m.
    const features: Feature[] = [];
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        const cx = grid.originX + (i + 0.5) * 400;
        const cy = grid.originY - (j + 0.5) * 400;
        const ring: number[][] = [];
        for (let k = 0; k < 12; k++) {
          const angle = (k / 12) * 2 * Math.PI;
          const radius = 120 + 60 * Math.sin(k * 1.7 + i + j);
          ring.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
        }
        ring.push(ring[0]!);
        features.push({
          type: 'Feature',
          properties: { id: i * 100 + j },
          geometry: { type: 'Polygon', coordinates: [ring] },
        });
      }
    }
    return features;
  },
  async run(features, context) {
    const result = await withMemory(context, () =>
      rasterizeFeatures(features, grid, { burn: { property: 'id' }, sampleType: 'Int32' }),
    );
    context.record('cellsBurned', result.cellsBurned);
  },
});

const WARP_SIZE = 1000;
const swissGrid: GridSpec = {
  width: WARP_SIZE,
  height: WARP_SIZE,
  originX: 2_668_000,
  originY: 1_253_000,
  pixelWidth: 25,
  pixelHeight: 25,
  crs: crsFromEpsg(2056),
};

benchmark<Raster>({
  name: 'gis: warp a WGS 84 raster onto a 1000x1000 Swiss grid (EPSG:2056, Helmert datum shift)',
  params: { width: WARP_SIZE, height: WARP_SIZE, from: 'EPSG:4326', to: 'EPSG:2056', method: 'nearest' },
  repetitions: 3,
  setup() {
    const source: GridSpec = {
      width: 1200,
      height: 1000,
      originX: 8.3,
      originY: 47.45,
      pixelWidth: 0.0003,
      pixelHeight: 0.0003,
      crs: crsFromEpsg(4326),
    };
    const data = new Uint16Array(source.width * source.height);
    for (let i = 0; i < data.length; i++) data[i] = i % 60_000;
    return { grid: source, data, nodata: null, sampleType: 'UInt16' };
  },
  async run(raster, context) {
    await withMemory(context, () => alignRaster(raster, swissGrid, { kind: 'categorical' }));
  },
});
