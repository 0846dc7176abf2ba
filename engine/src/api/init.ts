/**
 * `paretoplan init <landcover.tif>`: a starter scenario from a land-cover map. One class per raster
 * code, or per group of codes when the map has a known legend (NLCD, CORINE Land Cover, ESA
 * WorldCover); names and colours from the legend, else from the raster's `.aux.xml` category
 * names, a `.qml` style beside it or its colour table; today's area per class; demands that keep
 * today's areas as a starting point; default objectives for what the classes allow. The scenario
 * is validated before it is written (atomically), so it validates and runs as written.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  isIntegerSampleType,
  rasterizeLayer,
  readCategoryNames,
  readRaster,
  readVector,
  type GeoTiffReadResult,
} from '../gis/index.js';
import { LandUseInputError, MAX_CLASSES } from '../landuse/index.js';
import { detectLegend } from '../landuse/scenario/legends.js';
import {
  codeClasses,
  defaultObjectives,
  legendClasses,
  starterScenarioText,
  type StarterClass,
} from '../landuse/scenario/starter.js';
import { validateScenario, validationError, type ScenarioValidation } from './scenario.js';

export interface InitOptions {
  /** The land-cover raster (GeoTIFF). */
  readonly landcover: string;
  /** Polygons bounding the study area (any vector format); cells outside keep their use. */
  readonly boundary?: string;
  /** The scenario file to write (default `<raster name>.yaml` beside the current folder). */
  readonly out?: string;
  /** The raster band (multi-band files). */
  readonly band?: number;
  /** Overwrite an existing scenario file. */
  readonly force?: boolean;
}

/** One class of the starter scenario. */
export type InitClass = StarterClass;

export interface InitResult {
  readonly file: string;
  /** The known legend the codes were recognised as, or null (one class per code). */
  readonly legend: string | null;
  /** Where names and colours came from. */
  readonly names: 'legend' | 'aux.xml' | 'qml' | 'codes';
  readonly classes: readonly InitClass[];
  readonly objectives: readonly string[];
  readonly studyAreaHa: number;
  readonly cellAreaHa: number;
  readonly validation: ScenarioValidation;
}

/**
 * Write a starter scenario for a land-cover raster.
 * @throws an input error (kind `input`) for an unreadable raster, a float raster, too many codes,
 *   or an existing output file (without `force`).
 * @example const result = await initScenario({ landcover: 'nlcd.tif', boundary: 'park.geojson', out: 'zion.yaml' });
 */
export async function initScenario(options: InitOptions): Promise<InitResult> {
  const landcover = path.resolve(options.landcover);
  const out = path.resolve(options.out ?? `${path.basename(landcover).replace(/\.[^.]+$/, '')}.yaml`);
  if (!/\.ya?ml$/i.test(out))
    throw new LandUseInputError(`--out ${out}: a scenario is written as YAML; give a .yaml file name.`);
  if (existsSync(out) && !options.force)
    throw new LandUseInputError(`${out} exists; choose another --out, or pass --force to overwrite it.`);
  const raster = await readRaster(landcover, options.band === undefined ? {} : { band: options.band });
  if (!isIntegerSampleType(raster.sampleType)) {
    throw new LandUseInputError(
      `${landcover}: holds ${raster.sampleType} values; a land-cover map holds integer class codes. Give the categorical raster.`,
    );
  }
  if (raster.grid.crs.units !== 'metre') {
    throw new LandUseInputError(
      `${landcover}: is in ${raster.grid.crs.name} (${raster.grid.crs.units}); planning needs metres. Reproject it first, e.g. gdalwarp -t_srs EPSG:<national grid or UTM zone>.`,
    );
  }
  const inside = options.boundary ? await boundaryMask(options.boundary, raster) : null;
  const counts = codeCounts(raster, inside);
  const names = await readCategoryNames(landcover, raster.band);
  const legend = detectLegend([...counts.keys()], names.names);
  const cellAreaHa = (raster.grid.pixelWidth * raster.grid.pixelHeight) / 10_000;
  const colors = new Map([...(raster.colorTable ?? []), ...names.colors]);
  const classes = legend
    ? legendClasses(legend, counts, cellAreaHa)
    : codeClasses(counts, names.names, colors, cellAreaHa);
  if (classes.length < 2) {
    throw new LandUseInputError(
      `${landcover}: has ${classes.length} land-cover code${classes.length === 1 ? '' : 's'} inside the study area; a plan needs at least two classes.`,
    );
  }
  if (classes.length > MAX_CLASSES) {
    throw new LandUseInputError(
      `${landcover}: has ${classes.length} different codes and no known legend; a scenario has at most ${MAX_CLASSES} classes. ` +
        'Write the classes by hand grouping codes (`code: [11, 12]`), or reclassify the raster first (gdal_calc.py).',
    );
  }
  const objectives = defaultObjectives(classes);
  const text = starterScenarioText({
    out,
    landcover,
    ...(options.boundary ? { boundary: path.resolve(options.boundary) } : {}),
    ...(options.band === undefined ? {} : { band: options.band }),
    raster,
    legend,
    names: legend ? 'legend' : names.source,
    classes,
    objectives,
  });
  const validation = await writeValidated(out, text);
  return {
    file: out,
    legend: legend?.name ?? null,
    names: legend ? 'legend' : names.source,
    classes,
    objectives: Object.keys(objectives),
    studyAreaHa: classes.reduce((sum, c) => sum + c.todayHa, 0),
    cellAreaHa,
    validation,
  };
}

/** Validate the text as the scenario file it will be, then put it in place (temp file + rename). */
async function writeValidated(out: string, text: string): Promise<ScenarioValidation> {
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp.yaml`);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(temp, text);
  try {
    const validation = await validateScenario(temp);
    if (!validation.ok) throw validationError(validation);
    await fs.rename(temp, out);
    return { ...validation, file: out };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function boundaryMask(file: string, raster: GeoTiffReadResult): Promise<Uint8Array> {
  const layer = await readVector(file);
  const { data, cellsBurned } = rasterizeLayer(layer, raster.grid, { burn: 1, sampleType: 'Byte' });
  if (cellsBurned === 0) {
    throw new LandUseInputError(
      `${file}: the boundary does not cover any cell of ${raster.file}. Check that both show the same place and that their CRSs are declared right.`,
    );
  }
  return data as Uint8Array;
}

function codeCounts(raster: GeoTiffReadResult, inside: Uint8Array | null): Map<number, number> {
  const counts = new Map<number, number>();
  const { data, nodata } = raster;
  for (let i = 0; i < data.length; i++) {
    if (inside && inside[i] === 0) continue;
    const v = data[i]!;
    if (v === nodata) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}
