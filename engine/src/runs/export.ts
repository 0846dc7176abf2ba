/**
 * Exports from a run folder, without re-running anything: one layout as a GeoTIFF faithful to the
 * land-use input (its codes, nodata, data type, grid and CRS; class colours and a QGIS style) or
 * as GeoJSON polygons, the layout's change map (from -> to codes) as a GeoTIFF or as polygons of
 * the changed cells, or the whole front as CSV.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeCrs, polygonize, qmlPathOf, sampleTypeOf, writeGeoTiff } from '../gis/index.js';
import { RunInputError } from './errors.js';
import { writeAtomic } from './files.js';
import {
  changeClasses,
  changeMap,
  codeClasses,
  faithfulLayout,
  readRunLandUse,
  type LandUseRaster,
} from './faithful.js';
import { genomeOf, loadFront, type LoadedFront } from './front-io.js';
import { writeLayoutGeoTiff } from './outputs.js';
import type { RunManifest } from './run-folder.js';

/**
 * The names a planner can use for a solution: an id, `compromise` (also `knee`, the name earlier
 * versions used), or `best-<objective id>`.
 */
export function solutionNames(manifest: RunManifest): string[] {
  return ['compromise', 'knee', ...manifest.objectives.map((o) => `best-${o.id}`)];
}

/** Resolve `12`, `compromise` (or `knee`) or `best-economic` to a solution id. */
export function resolveSolution(front: LoadedFront, name: string): number {
  const highlights = front.manifest.front!.highlights;
  if (/^\d+$/.test(name)) {
    const id = Number(name);
    if (id >= front.rows)
      throw new RunInputError(`Solution ${id} does not exist: the front has ids 0 to ${front.rows - 1}.`);
    return id;
  }
  if (name === 'compromise' || name === 'knee') return highlights.knee;
  const objective = front.manifest.objectives.findIndex((o) => `best-${o.id}` === name);
  if (objective >= 0) return highlights.extremes[objective]!;
  throw new RunInputError(
    `Unknown solution "${name}". Use a layout id of the front table (0 to ${front.rows - 1}) or one of: ${solutionNames(front.manifest).join(', ')}.`,
  );
}

/**
 * What `export` writes: a layout (GeoTIFF faithful to the land-use input, or GeoJSON polygons),
 * the change map of a layout (GeoTIFF of from -> to codes) or its changed cells as polygons, or
 * the whole front (CSV).
 */
export const EXPORT_FORMATS = ['geotiff', 'geojson', 'change-map', 'change-polygons', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file extension each format is written with. */
const EXTENSIONS: Record<ExportFormat, readonly string[]> = {
  geotiff: ['.tif', '.tiff'],
  'change-map': ['.tif', '.tiff'],
  geojson: ['.geojson', '.json'],
  'change-polygons': ['.geojson', '.json'],
  csv: ['.csv'],
};

export interface ExportOptions {
  /** id, `compromise` (or `knee`) or `best-<objective>`; ignored for `csv` (the whole front). */
  solution?: string;
  format: ExportFormat;
  /** Output file; default inside the run folder's exports/. */
  out?: string;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  solution: number | null;
  /** The QGIS style written beside a GeoTIFF (`<name>.qml`). */
  style?: string;
  /** Facts about what was written, for scripts (`--json`). */
  facts: Record<string, number | string | null>;
}

export async function exportFromRun(runDir: string, options: ExportOptions): Promise<ExportResult> {
  if (!EXPORT_FORMATS.includes(options.format)) {
    throw new RunInputError(`Unknown export format "${String(options.format)}": use ${EXPORT_FORMATS.join(', ')}.`);
  }
  if (options.out !== undefined) checkExtension(options.out, options.format);
  const front = await loadFront(runDir);
  if (options.format === 'csv') {
    const file = path.resolve(options.out ?? path.join(front.dir, 'exports', 'front.csv'));
    await ensureParent(file);
    await writeAtomic(file, front.csv);
    return { file, format: 'csv', solution: null, facts: { rows: front.rows, columns: front.header.length } };
  }
  const id = resolveSolution(front, options.solution ?? 'knee');
  const stem = options.format.startsWith('change') ? `solution-${id}-changes` : `solution-${id}`;
  const file = path.resolve(options.out ?? path.join(front.dir, 'exports', `${stem}${EXTENSIONS[options.format][0]}`));
  await ensureParent(file);
  const genome = genomeOf(front, id);
  const landUse = await readRunLandUse(front.manifest);
  const classes = front.manifest.classes;
  const changed = countChanged(front, genome);
  const facts = { solution: id, changedCells: changed, changedHa: changed * front.manifest.cellAreaHa };
  switch (options.format) {
    case 'geotiff': {
      const written = await writeGeoTiffLayout(file, front, landUse, genome);
      return {
        file,
        format: options.format,
        solution: id,
        style: written,
        facts: { ...facts, ...rasterFacts(landUse) },
      };
    }
    case 'geojson': {
      const data = faithfulLayout(landUse, classes, front.current, front.geneCells, genome);
      const names = new Map(codeClasses(classes).map((c) => [c.value, c.name]));
      const collection = polygonize(landUse.grid, data, { nodata: landUse.nodata, classNames: names });
      await writeAtomic(file, JSON.stringify(collection) + '\n');
      return { file, format: options.format, solution: id, facts: { ...facts, features: collection.features.length } };
    }
    case 'change-map': {
      const map = changeMap(landUse, classes, front.current, front.geneCells, genome);
      const result = await writeGeoTiff(file, {
        grid: landUse.grid,
        data: map.data,
        nodata: map.nodata,
        classes: changeClasses(map, classes),
      });
      return {
        file,
        format: options.format,
        solution: id,
        ...(result.qmlPath ? { style: result.qmlPath } : {}),
        facts: { ...facts, codeBase: map.base, transitions: map.transitions.length, nodata: map.nodata },
      };
    }
    case 'change-polygons': {
      const map = changeMap(landUse, classes, front.current, front.geneCells, genome);
      const byValue = new Map(map.transitions.map((t) => [t.value, t]));
      const collection = polygonize(landUse.grid, map.data, { nodata: map.nodata });
      const features = collection.features
        .filter((f) => f.properties.class !== 0)
        .map((f) => {
          const t = byValue.get(f.properties.class)!;
          return {
            ...f,
            properties: {
              fromCode: t.fromCode,
              toCode: t.toCode,
              fromClass: t.fromClass,
              toClass: t.toClass,
              areaHa: f.properties.areaHa,
              cellCount: f.properties.cellCount,
            },
          };
        });
      await writeAtomic(file, JSON.stringify({ type: 'FeatureCollection', features }) + '\n');
      return { file, format: options.format, solution: id, facts: { ...facts, features: features.length } };
    }
  }
}

async function writeGeoTiffLayout(
  file: string,
  front: LoadedFront,
  landUse: LandUseRaster,
  genome: Uint8Array,
): Promise<string | undefined> {
  await writeLayoutGeoTiff(file, front.manifest, landUse, front.current, front.geneCells, genome);
  return qmlPathOf(file);
}

function rasterFacts(landUse: LandUseRaster): Record<string, number | string | null> {
  return {
    width: landUse.grid.width,
    height: landUse.grid.height,
    dataType: sampleTypeOf(landUse.data),
    nodata: landUse.nodata,
    crs: describeCrs(landUse.grid.crs),
  };
}

function countChanged(front: LoadedFront, genome: Uint8Array): number {
  let changed = 0;
  for (let g = 0; g < genome.length; g++) if (genome[g] !== front.current[front.geneCells[g]!]) changed++;
  return changed;
}

/** QGIS finds a raster's style as `<name>.qml` beside `<name>.tif`: other extensions are refused. */
function checkExtension(file: string, format: ExportFormat): void {
  const allowed = EXTENSIONS[format];
  if (!allowed.some((ext) => file.toLowerCase().endsWith(ext))) {
    throw new RunInputError(
      `--out ${file}: a ${format} export is written as ${allowed.join(' or ')}` +
        (allowed[0] === '.tif' ? ' (QGIS then finds its style as <name>.qml beside <name>.tif).' : '.') +
        ` Use e.g. ${file.replace(/\.[^./\\]*$/, '')}${allowed[0]}.`,
    );
  }
}

async function ensureParent(file: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new RunInputError(`Cannot create the folder for ${file}: ${(error as Error).message}`);
  }
}
