/**
 * `init`'s legends: CORINE (level-3 codes and the EEA raster index with its names), ESA WorldCover,
 * and maps without a known legend named by a .qml beside them; every starter scenario validates.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initScenario } from '../../../engine/src/api/index.js';
import {
  coordinateTransformer,
  crsFromEpsg,
  qgisPalettedStyle,
  writeGeoTiff,
  type GridSpec,
} from '../../../engine/src/gis/index.js';
import { detectLegend, roleOfName } from '../../../engine/src/landuse/scenario/legends.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'init-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A 40 x 30 raster of 100 m cells whose rows cycle through `codes`. */
async function raster(
  name: string,
  codes: readonly number[],
  epsg: number,
  data16 = false,
  origin = { originX: 4_000_000, originY: 3_000_000 },
): Promise<string> {
  const grid: GridSpec = {
    width: 40,
    height: 30,
    ...origin,
    pixelWidth: 100,
    pixelHeight: 100,
    crs: crsFromEpsg(epsg),
  };
  const data = data16 ? new Uint16Array(1200) : new Uint8Array(1200);
  for (let i = 0; i < data.length; i++) data[i] = codes[Math.floor(i / 40) % codes.length]!;
  const file = path.join(tmp, name);
  await writeGeoTiff(file, { grid, data, nodata: data16 ? 65535 : 255 });
  return file;
}

describe('legends', () => {
  it('CORINE level-3 codes are grouped into planning classes', async () => {
    const file = await raster('clc.tif', [112, 121, 211, 231, 311, 312, 324, 411, 512], 3035, true);
    const result = await initScenario({ landcover: file, out: path.join(tmp, 'clc.yaml') });
    expect(result.legend).toBe('CORINE Land Cover');
    expect(result.classes.find((c) => c.id === 'forest')!.codes).toEqual([311, 312, 313]);
    expect(result.classes.find((c) => c.id === 'urban-fabric')!.role).toBe('housing');
    expect(result.objectives).toEqual(['economic', 'social', 'ecological']);
    expect(result.validation.ok).toBe(true);
  });

  it("the issue's case: CORINE in the Swiss grid (EPSG:2056) bounded by a WGS 84 GeoJSON municipality", async () => {
    const file = await raster('clc-2056.tif', [112, 121, 211, 311, 512], 2056, true, {
      originX: 2_680_000,
      originY: 1_250_000,
    });
    // The western half of the raster, as WGS 84 longitude/latitude.
    const toWgs84 = coordinateTransformer(crsFromEpsg(2056), crsFromEpsg(4326));
    const ring = [
      [2_680_000, 1_250_000],
      [2_682_000, 1_250_000],
      [2_682_000, 1_247_000],
      [2_680_000, 1_247_000],
      [2_680_000, 1_250_000],
    ].map((p) => toWgs84(p));
    const boundary = path.join(tmp, 'municipality.geojson');
    await writeFile(
      boundary,
      JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }),
    );
    const result = await initScenario({ landcover: file, boundary, out: path.join(tmp, 'clc-2056.yaml') });
    expect(result.legend).toBe('CORINE Land Cover');
    expect(result.classes.reduce((sum, c) => sum + c.cells, 0)).toBe(600); // 20 x 30 cells of the western half
    expect(result.validation.ok).toBe(true);
  });

  it('ESA WorldCover codes', async () => {
    const file = await raster('worldcover.tif', [10, 20, 30, 40, 50, 80], 32632);
    const result = await initScenario({ landcover: file, out: path.join(tmp, 'worldcover.yaml') });
    expect(result.legend).toBe('ESA WorldCover');
    expect(result.classes.find((c) => c.id === 'built-up')!.todayHa).toBe(5 * 40 * 1);
    expect(result.validation.ok).toBe(true);
  });

  it('the CLC raster index 1-44 only when the file names its classes so', () => {
    const names = new Map([[1, 'Continuous urban fabric']]);
    expect(detectLegend([1, 2, 12, 23], names)?.id).toBe('corine-index');
    expect(detectLegend([1, 2, 12, 23], new Map())).toBeNull();
  });

  it('names from a .qml beside a map without a known legend', async () => {
    const file = await raster('municipal.tif', [1, 2, 3, 4], 2056);
    const classes = [
      { value: 1, name: 'Wohnzone (residential)', color: '#e31a1c' },
      { value: 2, name: 'Gewerbe / commercial', color: '#6a3d9a' },
      { value: 3, name: 'Wald / forest', color: '#33a02c' },
      { value: 4, name: 'Landwirtschaft / farmland', color: '#ffff99' },
    ];
    await writeFile(file.replace(/\.tif$/, '.qml'), qgisPalettedStyle(classes));
    const result = await initScenario({ landcover: file, out: path.join(tmp, 'municipal.yaml') });
    expect(result.names).toBe('qml');
    expect(result.classes.map((c) => [c.name, c.color, c.role])).toEqual([
      ['Wohnzone (residential)', '#e31a1c', 'housing'],
      ['Gewerbe / commercial', '#6a3d9a', 'services'],
      ['Wald / forest', '#33a02c', 'forest'],
      ['Landwirtschaft / farmland', '#ffff99', 'agriculture'],
    ]);
    expect(result.validation.ok).toBe(true);
  });

  it('roles from names', () => {
    expect(roleOfName('Discontinuous urban fabric')).toBe('housing');
    expect(roleOfName('Inland marshes')).toBe('wetland');
    expect(roleOfName('Something else')).toBe('other');
  });
});
