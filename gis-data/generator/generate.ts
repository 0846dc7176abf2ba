/**
 * Write the Riverbend study area to a folder.
 *
 *   npx tsx gis-data/generator/generate.ts [--out DIR] [--seed N]
 *
 * Defaults: --out gis-data/riverbend (beside this generator), --seed 20260501 (the committed
 * data). Each file is written atomically (a temporary file, then a rename), so a reader never
 * sees half a file. Prints the facts quoted in gis-data/README.md.
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

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = path.resolve(here, '..', 'riverbend');

/** GeoJSON text with one feature per line: compact, yet readable in a diff. */
export function formatGeoJson(collection: StudyAreaCollection): string {
  return `{"type":"FeatureCollection","features":[\n${collection.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}

/** The files of a generated area, by file name. GeoTIFFs are written by `writeStudyArea`. */
export function textFiles(area: StudyArea): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of VECTOR_LAYERS) files.set(`${name}.geojson`, formatGeoJson(area.vectors[name]));
  const metadata = {
    name: 'Riverbend',
    description: 'A fictional small town on a river in a valley, generated for Pareto Plan. See gis-data/README.md.',
    licence: 'CC0-1.0',
    generator: 'gis-data/generator/generate.ts',
    command: `npx tsx gis-data/generator/generate.ts --seed ${area.facts.seed}`,
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
export async function writeStudyArea(area: StudyArea, outDir: string): Promise<string[]> {
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
  for (const [name, text] of textFiles(area)) {
    const file = path.join(outDir, name);
    await writeFileAtomic(file, Buffer.from(text, 'utf8'));
    written.push(file);
  }
  return written;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: npx tsx gis-data/generator/generate.ts [--out DIR] [--seed N]\n');
    console.log(
      `Generates the Riverbend study area. Defaults: --out ${path.relative(process.cwd(), DEFAULT_OUT_DIR)} --seed ${DEFAULT_SEED}`,
    );
    return;
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    console.error(`--seed must be a 32-bit integer; got "${values.seed}".`);
    process.exit(2);
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
