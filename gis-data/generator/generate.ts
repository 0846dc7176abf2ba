/**
 * Write the Riverbend study area to a folder.
 *
 *   npm run generate -- [--out DIR] [--seed N] [--size N [--cell M]]
 *   (= npx tsx gis-data/generator/generate.ts ...)
 *
 * Defaults: --out gis-data/riverbend (beside this generator), --seed 20260501 (the committed
 * data). With --size, the area is Riverbend resampled to N x N cells (of M metres; default
 * 6000 / N, see scale.ts) and the three Riverbend scenarios are written beside it (scenarios.ts);
 * --out is then required. Each file is written atomically (a temporary file, then a rename), so a
 * reader never sees half a file. Prints the facts quoted in gis-data/README.md.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic, writeGeoTiff } from '../../engine/src/gis/geotiff-write.js';
import { LANDUSE_CLASSES, LANDUSE_NODATA } from './classes.js';
import {
  DEFAULT_SEED,
  generateRiverbend,
  VECTOR_LAYERS,
  type StudyArea,
  type StudyAreaCollection,
} from './riverbend.js';
import { MAX_SIZE, MIN_SIZE, scaleStudyArea, type ScaledStudyArea } from './scale.js';
import { scaledScenarios } from './scenarios.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = path.resolve(here, '..', 'riverbend');

/** GeoJSON text with one feature per line: compact, yet readable in a diff. */
export function formatGeoJson(collection: StudyAreaCollection): string {
  return `{"type":"FeatureCollection","features":[\n${collection.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

/** The files of a generated area, by file name. GeoTIFFs are written by `writeStudyArea`. */
export function textFiles(area: StudyArea, command = `--seed ${area.facts.seed}`): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of VECTOR_LAYERS) files.set(`${name}.geojson`, formatGeoJson(area.vectors[name]));
  const metadata = {
    name: 'Riverbend',
    description: 'A fictional small town on a river in a valley, generated for Pareto Plan. See gis-data/README.md.',
    licence: 'CC0-1.0',
    generator: 'gis-data/generator/generate.ts',
    command: `npx tsx gis-data/generator/generate.ts ${command}`,
    crs: 'EPSG:32633 (rasters); EPSG:4326 (GeoJSON, RFC 7946)',
    grid: {
      width: area.grid.width,
      height: area.grid.height,
      cellSize: area.grid.pixelWidth,
      originX: area.grid.originX,
      originY: area.grid.originY,
    },
    facts: area.facts,
  };
  files.set('metadata.json', `${JSON.stringify(metadata, null, 2)}\n`);
  return files;
}

/**
 * Write a generated area into `outDir` (created if missing): dem.tif, landuse.tif + landuse.qml,
 * the GeoJSON layers and metadata.json.
 */
export async function writeStudyArea(
  area: StudyArea,
  outDir: string,
  command?: string,
  extraFiles: ReadonlyMap<string, string> = new Map(),
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const dem = await writeGeoTiff(
    path.join(outDir, 'dem.tif'),
    { grid: area.grid, data: area.dem },
    { deflateLevel: 9 },
  );
  written.push(dem.path);
  const landuse = await writeGeoTiff(
    path.join(outDir, 'landuse.tif'),
    {
      grid: area.grid,
      data: area.landuse,
      nodata: LANDUSE_NODATA,
      classes: LANDUSE_CLASSES.map((c) => ({ value: c.code, name: c.name, color: c.color })),
    },
    { deflateLevel: 9 },
  );
  written.push(landuse.path, ...(landuse.qmlPath ? [landuse.qmlPath] : []));
  for (const [name, text] of [...textFiles(area, command), ...extraFiles]) {
    const file = path.join(outDir, name);
    await writeFileAtomic(file, Buffer.from(text, 'utf8'));
    written.push(file);
  }
  return written;
}

/**
 * Write Riverbend resampled to `size` x `size` cells and its three scenarios into `outDir`.
 * @returns The written files and the area.
 */
export async function writeScaledStudyArea(
  seed: number,
  size: number,
  outDir: string,
  cellSize?: number,
): Promise<{ files: string[]; area: ScaledStudyArea }> {
  const area = scaleStudyArea(seed, size, cellSize);
  const command = `--seed ${seed} --size ${size}${cellSize === undefined ? '' : ` --cell ${cellSize}`} --out DIR`;
  const files = await writeStudyArea(area, outDir, command, await scaledScenarios(area));
  return { files, area };
}

function usageError(message: string): never {
  console.error(`${message} See --help.`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      cell: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run generate -- [--out DIR] [--seed N] [--size CELLS [--cell METRES]]\n');
    console.log(
      `Generates the Riverbend study area. Defaults: --out ${path.relative(process.cwd(), DEFAULT_OUT_DIR)} --seed ${DEFAULT_SEED}`,
    );
    console.log(
      `--size N resamples it to N x N cells (${MIN_SIZE}-${MAX_SIZE}) of --cell M metres (default 6000 / N: the same 6 x 6 km)`,
    );
    console.log('and writes the three Riverbend scenarios beside it; --out is then required.');
    return;
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    usageError(`--seed must be a 32-bit integer; got "${values.seed}".`);
  }
  if (values.cell !== undefined && values.size === undefined) usageError('--cell needs --size.');
  if (values.size !== undefined) {
    const size = Number(values.size);
    if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
      usageError(`--size must be a whole number of cells from ${MIN_SIZE} to ${MAX_SIZE}; got "${values.size}".`);
    }
    const cellSize = values.cell === undefined ? undefined : Number(values.cell);
    if (cellSize !== undefined && !(Number.isFinite(cellSize) && cellSize > 0)) {
      usageError(`--cell must be a positive number of metres; got "${values.cell}".`);
    }
    if (values.out === undefined) usageError('--size needs --out DIR (gis-data/riverbend holds the committed area).');
    const outDir = path.resolve(values.out);
    const { files, area } = await writeScaledStudyArea(seed, size, outDir, cellSize);
    console.log(
      `Riverbend (seed ${seed}) at ${size} x ${size} cells of ${area.grid.pixelWidth} m written to ${outDir}: ${files.map((f) => path.basename(f)).join(', ')}`,
    );
    return;
  }
  const outDir = path.resolve(values.out ?? DEFAULT_OUT_DIR);
  const area = generateRiverbend(seed);
  const files = await writeStudyArea(area, outDir);
  console.log(`Riverbend (seed ${seed}) written to ${outDir}: ${files.map((f) => path.basename(f)).join(', ')}`);
  const f = area.facts;
  console.log(
    `Elevation ${f.elevation.min}-${f.elevation.max} m; slope ${f.slope.min}-${f.slope.max} deg (${f.slope.percentOver20Deg} % over 20 deg)`,
  );
  console.log(`Flood zone ${f.floodZoneHa} ha in ${f.counts.floodZonePolygons} polygon(s); reserve ${f.reserveHa} ha`);
  console.log(
    `Roads: primary ${f.roadsKm.primary} km, secondary ${f.roadsKm.secondary} km, local ${f.roadsKm.local} km (${f.counts.roads} lines)`,
  );
  console.log('| code | class | cells | ha | % |\n|---|---|---|---|---|');
  for (const c of f.classes) console.log(`| ${c.code} | ${c.name} | ${c.cells} | ${c.hectares} | ${c.percent} |`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
