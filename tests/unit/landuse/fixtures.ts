/**
 * Small in-memory study areas for the land-use unit tests: a scenario written as YAML (parsed by
 * the real parser, without file checks) plus hand-written rasters.
 */
import { buildStudyArea, type StudyArea, type StudyAreaInput } from '../../../engine/src/landuse/model/study-area.js';
import { expect } from 'vitest';
import { LandUseInputError } from '../../../engine/src/landuse/errors.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import type { BitGrid } from '../../../engine/src/landuse/objectives/access.js';
import { writeBit } from '../../../engine/src/landuse/objectives/bits.js';
import type { CompiledIndicator } from '../../../engine/src/landuse/objectives/terms.js';

export interface TinyGrid {
  /** Rows of raster codes, e.g. ['1 1 2', '3 3 2']; 0 = nodata. */
  readonly codes: readonly string[];
  /** Cell size in metres. Default 100 (1 ha cells). */
  readonly cellSize?: number;
  /** Cell height in metres when cells are not square. Default `cellSize`. */
  readonly cellSizeY?: number;
  /** Per-cell layers, written like `codes`. */
  readonly layers?: Readonly<Record<string, readonly string[]>>;
  readonly distanceLayers?: readonly string[];
}

export function parseRows(rows: readonly string[]): { width: number; height: number; values: Float32Array } {
  const cells = rows.map((r) => r.trim().split(/\s+/).map(Number));
  const width = cells[0]!.length;
  return { width, height: cells.length, values: Float32Array.from(cells.flat()) };
}

/** Standard classes: 1 housing, 2 shops, 3 industry, 4 farm, 5 forest, 6 park, 7 water. */
export const STANDARD_CLASSES = `
classes:
  - { id: housing, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 300, carbon: 20 }
  - { id: shops, code: 2, color: "#d64541", built: true, services: true, landValue: 400, carbon: 10 }
  - { id: industry, code: 3, color: "#7f5ba6", built: true, landValue: 200, carbon: 10 }
  - { id: farm, code: 4, color: "#f1e08a", landValue: 20, habitat: 0.2, carbon: 60 }
  - { id: forest, code: 5, color: "#2f7d32", natural: true, green: true, landValue: 5, habitat: 1, carbon: 150 }
  - { id: park, code: 6, color: "#8fd18a", green: true, habitat: 0.4, carbon: 70 }
  - { id: water, code: 7, color: "#3b7dd8", natural: true, habitat: 0.5 }
`;

/** Build a study area from scenario YAML (without `classes` if `withStandardClasses`) and a tiny grid. */
export function tinyStudyArea(
  yaml: string,
  grid: TinyGrid,
  withStandardClasses = true,
): { area: StudyArea; input: StudyAreaInput } {
  const text = `name: test\ncurrent: landuse\n${withStandardClasses ? STANDARD_CLASSES : ''}${yaml}`;
  const scenario = parseScenarioText(text, 'test.yaml', { checkFiles: false });
  const { width, height, values } = parseRows(grid.codes);
  const layers: Record<string, Float32Array> = {};
  for (const [name, rows] of Object.entries(grid.layers ?? {})) layers[name] = parseRows(rows).values;
  const input: StudyAreaInput = {
    scenario,
    width,
    height,
    cellSizeX: grid.cellSize ?? 100,
    cellSizeY: grid.cellSizeY ?? grid.cellSize ?? 100,
    codes: values,
    nodata: 0,
    layers,
    distanceLayers: grid.distanceLayers ?? [],
  };
  return { area: buildStudyArea(input).studyArea, input };
}

export const LAYERS_HEADER = `
layers:
  landuse: { path: landuse.tif, kind: categorical }
`;

/** Every sub-indicator family, two compatibility indicators, amenities, non-trivial walking disks. */
export const EVERY_INDICATOR = `${LAYERS_HEADER}  flood: { path: f.geojson }
  roads: { path: r.geojson }
  slope: { path: s.tif }
rules: { fixed: [water], maxSlope: { housing: 12 deg }, slope: slope }
objectives:
  economic: { indicators: { landValue: { accessFrom: roads, decay: 300 m }, conversionCost: {}, developmentCost: { slope: slope, roads: roads } } }
  social:
    indicators:
      greenAccess: { distance: 250 m }
      serviceAccess: { distance: 400 m }
      amenityAccess: { layers: [roads], distance: 200 m }
      housingSupply: { dwellings: 200 }
      compatibility: { pairs: [ { a: housing, b: industry, score: -1 }, { a: housing, b: park, score: 1 }, { a: farm, b: forest, score: 0.3 } ] }
  ecological:
    indicators:
      habitatValue: {}
      habitatCore: {}
      floodExposure: { layer: flood }
      protectedEdge: { layer: flood, distance: 100 m }
      carbon: { weight: 0.01 }
      compatibility: { weight: 0.5, pairs: [ { a: forest, b: industry, score: -1 }, { a: water, b: forest, score: 0.5 } ] }
`;

/** A random generator of [0, 1) from a seed (a linear congruential generator, as the fixtures use). */
export function randomSource(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

/**
 * A blocky random landscape (patches of `patch` x `patch` cells, codes 1..7, a few nodata cells)
 * with flood, road and slope layers, as a study area.
 */
export function randomLandscape(
  width: number,
  height: number,
  seed: number,
  options: {
    patch?: number;
    cellSizeX?: number;
    cellSizeY?: number;
    nodata?: number;
    scenario?: string;
    /** A `classes:` YAML block replacing the standard classes (codes 1..7). */
    classes?: string;
  } = {},
): StudyArea {
  const next = randomSource(seed);
  const patch = options.patch ?? 4;
  const columns = Math.ceil(width / patch);
  const patches = Array.from({ length: columns * Math.ceil(height / patch) }, () => {
    const r = next();
    return r < 0.15 ? 1 : r < 0.22 ? 2 : r < 0.27 ? 3 : r < 0.5 ? 4 : r < 0.8 ? 5 : r < 0.9 ? 6 : 7;
  });
  const rows = (value: (x: number, y: number) => number) =>
    Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => value(x, y)).join(' '));
  const nodata = options.nodata ?? 0.03;
  const codes = rows((x, y) =>
    next() < nodata ? 0 : patches[Math.floor(y / patch) * columns + Math.floor(x / patch)]!,
  );
  const layers = {
    flood: rows((x, y) => (Math.abs(y - height / 2) < height / 8 ? 1 : 0)),
    roads: rows((x, y) => (x % 11 === 0 || y % 13 === 0 ? 1 : 0)),
    slope: rows((x, y) => Math.round((Math.sin(x / 5) + Math.cos(y / 7) + 2) * 5)),
  };
  const cellSize = options.cellSizeX ?? 50;
  return tinyStudyArea(
    `${options.classes ?? ''}${options.scenario ?? EVERY_INDICATOR}`,
    { codes, layers, cellSize, cellSizeY: options.cellSizeY ?? cellSize },
    options.classes === undefined,
  ).area;
}

/** Change a random share of genes to random allowed classes (a fresh layout, not just today's). */
export function scramble(area: StudyArea, genome: Uint8Array, share: number, next: () => number): void {
  const K = area.classes.length;
  for (let g = 0; g < genome.length; g++) {
    if (next() >= share) continue;
    const c = Math.floor(next() * K);
    if ((area.allowed[g]! >> c) & 1) genome[g] = c;
  }
}

/** The located problems of scenario text that must not validate (named x.yaml, files not checked). */
export function scenarioProblems(text: string): { line: number | null; path: string; message: string }[] {
  try {
    parseScenarioText(text, 'x.yaml', { checkFiles: false });
  } catch (error) {
    expect(error).toBeInstanceOf(LandUseInputError);
    return (error as LandUseInputError).issues.map(({ line, path, message }) => ({ line, path, message }));
  }
  throw new Error('expected validation problems');
}

/** A bitset of `grid` (row-major words) with the cells `cells[i]` true set. */
export function toBits(grid: BitGrid, cells: readonly boolean[]): Int32Array {
  const bits = new Int32Array(grid.height * grid.wordsPerRow);
  cells.forEach((on, i) => {
    if (on) writeBit(bits, grid.wordsPerRow, i % grid.width, Math.floor(i / grid.width), true);
  });
  return bits;
}

/** |a - b| relative to max(1, |b|). */
export function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/**
 * Sub-indicator values of one layout from two evaluations: those counted from the bitsets
 * (walking access, core area, housing supply) identical, the sums (per-cell terms, amenity,
 * compatibility) within 1e-9 relative, as today's sums plus the changes' equal the plain ones up
 * to rounding.
 */
export function expectSameIndicators(
  indicators: readonly CompiledIndicator[],
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < indicators.length; k++) {
    const kind = indicators[k]!.kind;
    if (kind === 'access' || kind === 'core' || kind === 'supply') expect(actual[k]).toBe(expected[k]);
    else expect(relativeError(actual[k]!, expected[k]!)).toBeLessThan(1e-9);
  }
}
