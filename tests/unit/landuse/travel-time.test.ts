/**
 * Travel-time layers: cost distance over roads, off-road ground and barriers, checked against a
 * hand-computed 5 x 3 grid, Tobler's hiking function, and a scenario that derives one and uses it
 * for access.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crsFromEpsg, writeGeoTiff, type GridSpec } from '../../../engine/src/gis/index.js';
import { parseScenarioText, prepareScenario } from '../../../engine/src/landuse/index.js';
import { toblerFactor, travelTime } from '../../../engine/src/landuse/model/travel-time.js';

const grid: GridSpec = {
  width: 5,
  height: 3,
  originX: 500_000,
  originY: 5_000_300,
  pixelWidth: 100,
  pixelHeight: 100,
  crs: crsFromEpsg(32632),
};
// Row 1 is a road; column 2 is a river crossed only by the road's bridge; the source is the west end of the road.
const road = Float32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
const river = Float32Array.from([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
const source = Float32Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const travel = { speeds: [{ layer: 'road', kmh: 60 }], offRoad: 6, barriers: ['river'], slope: null };

describe('travel time', () => {
  it('agrees with the hand computation (minutes x 100 m/min at 6 km/h off-road)', () => {
    const metres = travelTime(grid, source, travel, { road, river });
    // Along the road, 0.1 min per 100 m (60 km/h): 0, 10, 20, 30, 40 m walked-equivalent.
    expect(Array.from(metres.subarray(5, 10)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 10, 20, 30, 40]);
    // Off the road: 0.1 min along it, then 100 m at the mean friction (0.001 + 0.01) / 2 min/m = 0.55 min: 65 m.
    expect(metres[1]).toBeCloseTo(65, 4);
    expect(metres[3]).toBeCloseTo(85, 4); // 0.3 + 0.55 min
    expect(metres[0]).toBeCloseTo(55, 4); // straight up from the source
    expect(metres[2]).toBe(Infinity); // the river itself
    expect(metres[12]).toBe(Infinity);
  });

  it("slows off-road travel on slopes by Tobler's hiking function", () => {
    expect(toblerFactor(0)).toBe(1);
    // 10 degrees: (6 e^{-3.5 |0.1763 + 0.05|} + 6 e^{-3.5 |-0.1763 + 0.05|}) / 2 / (6 e^{-0.175})
    const s = Math.tan((10 * Math.PI) / 180);
    const expected = (Math.exp(-3.5 * (s + 0.05)) + Math.exp(-3.5 * Math.abs(-s + 0.05))) / 2 / Math.exp(-3.5 * 0.05);
    expect(toblerFactor(10)).toBeCloseTo(expected, 12);
    expect(toblerFactor(30)).toBeLessThan(toblerFactor(10));
  });
});

describe('a scenario deriving travel time', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'travel-'));
    const write = (name: string, data: Float32Array | Uint8Array) => writeGeoTiff(path.join(tmp, name), { grid, data });
    await write(
      'landuse.tif',
      Uint8Array.from({ length: 15 }, (_, i) => (i % 2 === 0 ? 1 : 2)),
    );
    await write('road.tif', road);
    await write('river.tif', river);
    await write('centre.tif', source);
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });
  const text = (travelYaml: string): string => `
name: travel
layers:
  landuse: { path: landuse.tif, kind: categorical }
  road: { path: road.tif }
  river: { path: river.tif }
  centre: { path: centre.tif }
  to-centre: { derive: travelTime, from: centre${travelYaml} }
current: landuse
classes:
  - { id: homes, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 100 }
  - { id: fields, code: 2, color: "#f1e08a", landValue: 10 }
objectives:
  value: { indicators: { landValue: { accessFrom: to-centre, decay: 100 m } } }
  access: { indicators: { amenityAccess: { layers: [to-centre], distance: 50 m } } }
`;

  it('loads the layer as the hand computation, as a distance the access indicators read', async () => {
    const file = path.join(tmp, 'travel.yaml');
    await writeFile(file, text(', travel: { speeds: [{ layer: road, kmh: 60 }], offRoad: 6, barriers: [river] }'));
    const prepared = await prepareScenario(file);
    const layer = prepared.studyArea.layers['to-centre']!;
    expect(layer[1]).toBeCloseTo(65, 4);
    expect(layer[9]).toBeCloseTo(40, 4);
    expect(layer[2]).toBe(Infinity);
    expect(prepared.studyArea.distanceLayers).toContain('to-centre');
  });

  it('names travel fields that refer to unknown or wrong layers', () => {
    expect(() =>
      parseScenarioText(
        text(', travel: { speeds: [{ layer: motorway, kmh: 100 }], barriers: [lake], slope: road }'),
        'travel.yaml',
        { baseDir: tmp },
      ),
    ).toThrow(
      /layers\.to-centre\.travel\.speeds\[0\]\.layer: no layer is named "motorway"[\s\S]*travel\.barriers\[0\]: no layer is named "lake"[\s\S]*travel\.slope: "road" is not a slope layer/,
    );
  });
});
