/**
 * `paretoplan prepare`: write what the optimiser will work on, as GeoTIFFs with QGIS styles, so a
 * planner can check every input in QGIS before a run: today's classes, every layer the rules and
 * objectives read (file layers aligned to the land-use grid, and derived slope and distances)
 * named after the scenario's layer ids, how many classes each cell may take, and per class where
 * it may be allocated.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeGeoTiff, type GridSpec, type RasterClass } from '../gis/index.js';
import { derivedLayerType, NO_CLASS, prepareScenario, type StudyArea } from '../landuse/index.js';
import { validateScenario, validationError } from './scenario.js';
import { fillBy } from '../io/typed-map.js';

/** One file `prepare` wrote, with what it shows and its facts. */
export interface PreparedFile {
  readonly file: string;
  readonly what: 'current' | 'changeable' | 'allowed' | 'layer' | 'summary';
  /** The scenario layer or class it shows. */
  readonly layer?: string;
  readonly class?: string;
  /** The QGIS style written beside it. */
  readonly style?: string;
  readonly facts: Readonly<Record<string, number | string | null>>;
}

export interface PreparedOutput {
  readonly folder: string;
  /** Every path written (GeoTIFFs, styles, study-area.json). */
  readonly files: readonly string[];
  readonly written: readonly PreparedFile[];
}

const PRESENCE: RasterClass[] = [
  { value: 0, name: 'absent', color: '#f0f0f0' },
  { value: 1, name: 'present', color: '#d7301f' },
];
const ALLOWED: RasterClass[] = [
  { value: 0, name: 'may not take this class', color: '#d9d9d9' },
  { value: 1, name: 'may take this class', color: '#1a9850' },
];

/**
 * Load a scenario and write into `folder`: `current.tif` (today's classes), `layers/<id>.tif` for
 * every layer (aligned or derived, as the optimiser sees it; outside the study area nodata),
 * `changeable.tif` (how many classes each cell may take; 1 = cannot change), `allowed/<class>.tif`
 * (where each class may be), each with a `.qml`, and `study-area.json` (the summary).
 * @throws an input error when the scenario is not valid.
 */
export async function prepareScenarioFolder(file: string, folder: string): Promise<PreparedOutput> {
  const result = await validateScenario(file);
  if (!result.ok) throw validationError(result);
  const prepared = await prepareScenario(file);
  const { grid, studyArea: area, scenario } = prepared;
  await mkdir(path.join(folder, 'layers'), { recursive: true });
  await mkdir(path.join(folder, 'allowed'), { recursive: true });
  const written: PreparedFile[] = [];
  const files: string[] = [];
  const record = (entry: PreparedFile): void => {
    written.push(entry);
    files.push(entry.file, ...(entry.style ? [entry.style] : []));
  };
  const inside = (i: number): boolean => area.current[i] !== NO_CLASS;

  const current = fillBy(new Uint8Array(area.current.length), (i) => {
    const c = area.current[i]!;
    return c < area.classes.length ? c + 1 : 0;
  });
  record(
    await byteLayer(
      path.join(folder, 'current.tif'),
      grid,
      current,
      0,
      area.classes.map((c, i) => ({ value: i + 1, name: c.name, color: c.color })),
      {
        what: 'current',
        layer: scenario.current,
      },
    ),
  );

  for (const layer of Object.values(scenario.layers)) {
    if (layer.name === scenario.current) continue;
    const values = area.layers[layer.name]!;
    const target = path.join(folder, 'layers', `${layer.name}.tif`);
    if (layer.type === 'vector') {
      const presence = fillBy(new Uint8Array(values.length), (i) => (inside(i) ? (values[i]! > 0 ? 1 : 0) : NO_CLASS));
      record(
        await byteLayer(target, grid, presence, NO_CLASS, PRESENCE, {
          what: 'layer',
          layer: layer.name,
          source: 'vector, rasterised',
        }),
      );
      continue;
    }
    const data = fillBy(new Float32Array(values.length), (i) => (inside(i) ? values[i]! : Number.NaN));
    const stats = statistics(data);
    const written = await writeGeoTiff(target, {
      grid,
      data,
      nodata: Number.NaN,
      stretch: { min: stats.min ?? 0, max: stats.max ?? 1 },
    });
    record({
      file: target,
      what: 'layer',
      layer: layer.name,
      ...(written.qmlPath ? { style: written.qmlPath } : {}),
      facts: { source: sourceOf(layer.type, layer.kind), unit: unitOf(layer.type), ...stats },
    });
  }

  const choices = new Uint8Array(area.current.length);
  for (let i = 0; i < choices.length; i++)
    if (inside(i)) choices[i] = area.geneOfCell[i]! >= 0 ? bitCount(area.allowed[area.geneOfCell[i]!]!) : 1;
  const choiceClasses = Array.from({ length: area.classes.length }, (_, k) => ({
    value: k + 1,
    name: k === 0 ? '1 class (cannot change)' : `${k + 1} classes`,
    color: k === 0 ? '#bdbdbd' : `#${(0x2c7fb8 + k * 0x0a0a00).toString(16).slice(-6)}`,
  }));
  record(await byteLayer(path.join(folder, 'changeable.tif'), grid, choices, 0, choiceClasses, { what: 'changeable' }));

  for (let c = 0; c < area.classes.length; c++) {
    const cls = area.classes[c]!;
    const allowed = allowedMask(area, c);
    record(
      await byteLayer(path.join(folder, 'allowed', `${cls.id}.tif`), grid, allowed, NO_CLASS, ALLOWED, {
        what: 'allowed',
        class: cls.id,
      }),
    );
  }

  const summaryFile = path.join(folder, 'study-area.json');
  await writeFile(summaryFile, `${JSON.stringify(result.summary, null, 2)}\n`);
  record({
    file: summaryFile,
    what: 'summary',
    facts: { studyAreaCells: area.validCells, changeableCells: area.geneCells.length },
  });
  return { folder, files, written };
}

async function byteLayer(
  file: string,
  grid: GridSpec,
  data: Uint8Array,
  nodata: number,
  classes: readonly RasterClass[],
  about: { what: PreparedFile['what']; layer?: string; class?: string; source?: string },
): Promise<PreparedFile> {
  const result = await writeGeoTiff(file, { grid, data, nodata, classes });
  const counts: Record<string, number> = {};
  for (const cls of classes) counts[`cells.${cls.value}`] = 0;
  for (const v of data) if (v !== nodata) counts[`cells.${v}`] = (counts[`cells.${v}`] ?? 0) + 1;
  const { what, source, ...names } = about;
  return {
    file,
    what,
    ...names,
    ...(result.qmlPath ? { style: result.qmlPath } : {}),
    facts: { dataType: 'Byte', nodata, ...(source ? { source } : {}), ...counts },
  };
}

/** 1 where cell i may hold class c (today's class, or an allowed change), 0 where not, 255 outside. */
function allowedMask(area: StudyArea, c: number): Uint8Array {
  const out = new Uint8Array(area.current.length);
  for (let i = 0; i < out.length; i++) {
    const today = area.current[i]!;
    if (today === NO_CLASS) out[i] = NO_CLASS;
    else {
      const g = area.geneOfCell[i]!;
      out[i] = today === c || (g >= 0 && (area.allowed[g]! >> c) & 1) ? 1 : 0;
    }
  }
  return out;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}

function statistics(data: Float32Array): {
  min: number | null;
  max: number | null;
  mean: number | null;
  nodataCells: number;
} {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let nodata = 0;
  for (const v of data) {
    if (Number.isNaN(v)) {
      nodata++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return n === 0
    ? { min: null, max: null, mean: null, nodataCells: nodata }
    : { min, max, mean: sum / n, nodataCells: nodata };
}

function sourceOf(type: string, kind: string): string {
  const derived = derivedLayerType(type);
  return derived ? `derived: ${derived.method}` : `raster, ${kind}, aligned to the land-use grid`;
}

function unitOf(type: string): string | null {
  return derivedLayerType(type)?.unit ?? null;
}
