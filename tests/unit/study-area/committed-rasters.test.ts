/**
 * The committed Riverbend rasters read back with the right CRS and grid, and hold a believable
 * valley: every land-use class in plausible shares, flat floor and steep hills.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff, type GeoTiffReadResult } from '../../../engine/src/gis/geotiff-read.js';
import { computeSlope } from '../../../engine/src/gis/slope.js';
import { CODE, LANDUSE_CLASSES } from '../../../gis-data/generator/classes.js';
import { cellAt, readLayer, riverbendFile } from './riverbend-files.js';

let dem: GeoTiffReadResult;
let landuse: GeoTiffReadResult;

beforeAll(async () => {
  dem = await readGeoTiff(riverbendFile('dem.tif'));
  landuse = await readGeoTiff(riverbendFile('landuse.tif'));
});

const share = (code: number): number => landuse.data.filter((v) => v === code).length / landuse.data.length;

describe('Riverbend rasters', () => {
  it('are 240 x 240 cells of 25 m in EPSG:32633 with the documented origin', () => {
    for (const raster of [dem, landuse]) {
      expect(raster.grid.crs.epsg).toBe(32633);
      expect(raster.grid).toMatchObject({
        width: 240,
        height: 240,
        pixelWidth: 25,
        pixelHeight: 25,
        originX: 500_000,
        originY: 5_760_000,
      });
      expect(raster.compression).toBe('deflate');
    }
    expect(dem.sampleType).toBe('Float32');
    expect(landuse.sampleType).toBe('Byte');
    expect(landuse.nodata).toBe(0);
  });

  it('land use has every class 1-10, no nodata, and a colour table and QGIS style naming them', async () => {
    const present = new Set(landuse.data);
    expect([...present].sort((a, b) => a - b)).toEqual(LANDUSE_CLASSES.map((c) => c.code));
    for (const c of LANDUSE_CLASSES) expect(landuse.colorTable?.get(c.code)?.toLowerCase()).toBe(c.color);
    const qml = await readFile(riverbendFile('landuse.qml'), 'utf8');
    for (const c of LANDUSE_CLASSES)
      expect(qml).toContain(`value="${c.code}" color="${c.color}" alpha="255" label="${c.name}"`);
  });

  it('has the composition of a small valley town', () => {
    // A town of a few thousand people in a wooded, farmed valley.
    expect(share(CODE.residential)).toBeGreaterThan(0.02);
    expect(share(CODE.residential)).toBeLessThan(0.1);
    expect(share(CODE.commercial)).toBeGreaterThan(0.002);
    expect(share(CODE.commercial)).toBeLessThan(share(CODE.residential));
    expect(share(CODE.industrial)).toBeGreaterThan(0.002);
    expect(share(CODE.agriculture)).toBeGreaterThan(0.12);
    expect(share(CODE.forest)).toBeGreaterThan(0.25);
    expect(share(CODE.forest)).toBeLessThan(0.6);
    expect(share(CODE.grassland)).toBeGreaterThan(0.05);
    expect(share(CODE.wetland)).toBeGreaterThan(0.005);
    expect(share(CODE.water)).toBeGreaterThan(0.003);
    expect(share(CODE.transport)).toBeGreaterThan(0.005);
    expect(share(CODE.park)).toBeGreaterThan(0.003);
  });

  it('has terrain from flat to steep, and land use that follows it', () => {
    const slope = computeSlope(dem.grid, dem.data);
    const mean = (code: number): number => {
      let sum = 0;
      let n = 0;
      landuse.data.forEach((v, i) => {
        if (v === code) {
          sum += slope[i]!;
          n++;
        }
      });
      return sum / n;
    };
    const flat = slope.filter((s) => s < 2).length / slope.length;
    const steep = slope.filter((s) => s > 20).length / slope.length;
    expect(flat).toBeGreaterThan(0.1);
    expect(steep).toBeGreaterThan(0.03);
    expect(Math.max(...slope)).toBeGreaterThan(30);
    // Forest on the slopes, farmland and the town on the flat.
    expect(mean(CODE.forest)).toBeGreaterThan(mean(CODE.agriculture) + 5);
    expect(mean(CODE.residential)).toBeLessThan(8);
    expect(mean(CODE.industrial)).toBeLessThan(5);
    let min = Infinity;
    let max = -Infinity;
    for (const v of dem.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThan(150);
    expect(max - min).toBeGreaterThan(200);
  });

  it('puts schools on housing and the town centre among shops', async () => {
    for (const school of (await readLayer('schools')).features) {
      expect(
        landuse.data[cellAt(landuse.grid, school.geometry.coordinates as [number, number])],
        String(school.properties.name),
      ).toBe(CODE.residential);
    }
    const centre = (await readLayer('centres')).features[0]!;
    const index = cellAt(landuse.grid, centre.geometry.coordinates as [number, number]);
    const around: number[] = [];
    for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) around.push(landuse.data[index + dr * 240 + dc]!);
    expect(around.filter((v) => v === CODE.commercial).length).toBeGreaterThan(10);
  });

  it('metadata.json records the seed, the command and facts that match the rasters', async () => {
    const metadata = JSON.parse(await readFile(riverbendFile('metadata.json'), 'utf8')) as {
      command: string;
      facts: { seed: number; classes: { code: number; cells: number }[] };
    };
    expect(metadata.command).toBe(`npx tsx gis-data/generator/generate.ts --seed ${metadata.facts.seed}`);
    for (const c of metadata.facts.classes) expect(c.cells).toBe(landuse.data.filter((v) => v === c.code).length);
  });
});
