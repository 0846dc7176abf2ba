/**
 * Layouts as rasters faithful to the land-use input: a cell whose class is unchanged keeps its
 * original code, a changed cell gets its new class's first code, and nodata, data type, grid and
 * CRS are the input's, so diffing an export against the input in QGIS shows only real changes.
 * Also the change map (each changed cell's from -> to codes) and its legend.
 */
import {
  allocateRaster,
  isIntegerSampleType,
  readRaster,
  sampleTypeOf,
  type GridSpec,
  type RasterArray,
  type RasterClass,
} from '../gis/index.js';
import { NO_CLASS } from '../landuse/index.js';
import { RunInputError } from './errors.js';
import { sha256File } from './files.js';
import type { RunManifest } from './run-folder.js';

/** The land-use raster a run read: its grid, codes per cell and nodata. */
export interface LandUseRaster {
  readonly grid: GridSpec;
  readonly data: RasterArray;
  readonly nodata: number | null;
}

type ClassCodes = Pick<RunManifest['classes'][number], 'codes' | 'name' | 'color'>;

/**
 * Today's raster with the genome's changes: unchanged cells keep their code (whatever class or
 * nodata it is), changed cells take the first code of their new class.
 * @throws RunInputError when a class's first code does not fit the input's data type.
 */
export function faithfulLayout(
  landUse: LandUseRaster,
  classes: readonly ClassCodes[],
  currentClasses: Uint8Array,
  geneCells: Int32Array,
  genome: ArrayLike<number>,
): RasterArray {
  checkCodesFit(landUse, classes);
  const out = landUse.data.slice();
  for (let g = 0; g < geneCells.length; g++) {
    const cell = geneCells[g]!;
    const cls = genome[g]!;
    if (cls !== currentClasses[cell]) out[cell] = classes[cls]!.codes[0]!;
  }
  return out;
}

function checkCodesFit(landUse: LandUseRaster, classes: readonly ClassCodes[]): void {
  const type = sampleTypeOf(landUse.data);
  const probe = allocateRaster(type, 1);
  for (const cls of classes) {
    probe[0] = cls.codes[0]!;
    if (probe[0] !== cls.codes[0]) {
      throw new RunInputError(
        `Class "${cls.name}" has code ${cls.codes[0]}, which a ${type} raster cannot hold; the land-use raster's data type is kept in exports.`,
      );
    }
  }
}

/** Palette and QGIS legend entries: every code of every class, named "<class> (<code>)", in the class colour. */
export function codeClasses(classes: readonly ClassCodes[]): RasterClass[] {
  return classes.flatMap((c) =>
    c.codes.map((code) => ({ value: code, name: c.codes.length > 1 ? `${c.name} (${code})` : c.name, color: c.color })),
  );
}

/** The change map: 0 unchanged, `from * base + to` for a changed cell (codes of the input), nodata outside. */
export interface ChangeMap {
  readonly data: Uint32Array;
  readonly nodata: number;
  /** The multiplier: 100 when every code is below 100 (4223 = 42 -> 23), 1000 below 1000, ... */
  readonly base: number;
  /** One legend entry per transition present: value, from/to codes and class names, cells. */
  readonly transitions: readonly ChangeTransition[];
}

export interface ChangeTransition {
  readonly value: number;
  readonly fromCode: number;
  readonly toCode: number;
  readonly fromClass: string;
  readonly toClass: string;
  readonly cells: number;
}

/** Where a layout differs from today, as from -> to codes of the land-use raster. */
export function changeMap(
  landUse: LandUseRaster,
  classes: readonly ClassCodes[],
  currentClasses: Uint8Array,
  geneCells: Int32Array,
  genome: ArrayLike<number>,
): ChangeMap {
  const maxCode = Math.max(...classes.flatMap((c) => c.codes));
  const base = 10 ** Math.max(1, Math.ceil(Math.log10(maxCode + 1)));
  const nodata = 0xffffffff;
  if (maxCode * base + maxCode >= nodata)
    throw new RunInputError(`Codes up to ${maxCode} are too large for a change map.`);
  const data = new Uint32Array(landUse.data.length);
  for (let i = 0; i < data.length; i++) if (currentClasses[i] === NO_CLASS) data[i] = nodata;
  const counts = new Map<number, ChangeTransition>();
  for (let g = 0; g < geneCells.length; g++) {
    const cell = geneCells[g]!;
    const to = genome[g]!;
    const from = currentClasses[cell]!;
    if (to === from) continue;
    const fromCode = landUse.data[cell]!;
    const toCode = classes[to]!.codes[0]!;
    const value = fromCode * base + toCode;
    data[cell] = value;
    const entry = counts.get(value);
    counts.set(value, {
      value,
      fromCode,
      toCode,
      fromClass: classes[from]!.name,
      toClass: classes[to]!.name,
      cells: (entry?.cells ?? 0) + 1,
    });
  }
  return { data, nodata, base, transitions: [...counts.values()].sort((a, b) => a.value - b.value) };
}

/** The legend of a change map as palette classes: "Evergreen forest (42) -> Housing (23)", coloured by the new class. */
export function changeClasses(map: ChangeMap, classes: readonly ClassCodes[]): RasterClass[] {
  const colorOf = new Map(classes.flatMap((c) => c.codes.map((code) => [code, c.color] as const)));
  return map.transitions.map((t) => ({
    value: t.value,
    name: `${t.fromClass} (${t.fromCode}) → ${t.toClass} (${t.toCode})`,
    color: colorOf.get(t.toCode) ?? '#ff00ff',
  }));
}

/**
 * The land-use raster of a run, read again from the path the run recorded, checked against the
 * SHA-256 it recorded then (exports keep its codes cell for cell).
 * @throws RunInputError when the file is missing or has changed since the run.
 */
export async function readRunLandUse(manifest: RunManifest): Promise<LandUseRaster> {
  const parsed = manifest.scenario.parsed as {
    current?: string;
    layers?: Record<string, { path?: string | null; band?: number | null; nodata?: number | null }>;
  };
  const name = parsed.current ?? '';
  const layer = parsed.layers?.[name];
  const input = manifest.inputs.find((i) => i.layer === name);
  if (!layer?.path || !input)
    throw new RunInputError('The run folder does not record its land-use raster; it is damaged.');
  const now = await sha256File(layer.path).catch(() => null);
  if (now === null) {
    throw new RunInputError(
      `The land-use raster of this run, ${layer.path}, is missing. Exports keep its codes cell for cell; put it back where the run read it.`,
    );
  }
  if (now !== input.sha256) {
    throw new RunInputError(
      `The land-use raster of this run, ${layer.path}, has changed since the run (its SHA-256 differs). Exports keep the run's codes cell for cell; restore the file the run read.`,
    );
  }
  const raster = await readRaster(layer.path, {
    ...(layer.band ? { band: layer.band } : {}),
    ...(layer.nodata !== null && layer.nodata !== undefined ? { nodata: layer.nodata } : {}),
  });
  if (!isIntegerSampleType(raster.sampleType))
    throw new RunInputError(`${layer.path}: the land-use raster holds ${raster.sampleType} values, not integer codes.`);
  return { grid: raster.grid, data: raster.data, nodata: raster.nodata };
}
