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
import { XMLParser } from 'fast-xml-parser';
import {
  isIntegerSampleType,
  qmlPathOf,
  rasterizeLayer,
  readRaster,
  readVector,
  type GeoTiffReadResult,
} from '../gis/index.js';
import { LandUseInputError } from '../landuse/index.js';
import { detectLegend, ROLE_DEFAULTS, roleOfName, type LandRole, type Legend } from '../landuse/scenario/legends.js';
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
export interface InitClass {
  readonly id: string;
  readonly name: string;
  readonly codes: readonly number[];
  readonly color: string;
  readonly role: LandRole;
  readonly todayHa: number;
  readonly cells: number;
}

export interface InitResult {
  readonly file: string;
  /** The known legend the codes were recognised as, or null (one class per code). */
  readonly legend: string | null;
  /** Where names and colours came from. */
  readonly names: 'legend' | 'aux.xml' | 'qml' | 'colour table' | 'codes';
  readonly classes: readonly InitClass[];
  readonly objectives: readonly string[];
  readonly studyAreaHa: number;
  readonly cellAreaHa: number;
  readonly validation: ScenarioValidation;
}

const MAX_CLASSES = 16;

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
  const names = await categoryNames(landcover, raster.band);
  const legend = detectLegend([...counts.keys()], names.names);
  const cellAreaHa = (raster.grid.pixelWidth * raster.grid.pixelHeight) / 10_000;
  const classes = legend ? legendClasses(legend, counts, cellAreaHa) : codeClasses(counts, names, raster, cellAreaHa);
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
  const text = scenarioText({
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

interface NameSource {
  readonly names: Map<number, string>;
  readonly colors: Map<number, string>;
  readonly source: InitResult['names'];
}

/** Class names (and colours) from `<raster>.aux.xml` CategoryNames or a `<raster>.qml` palette. */
async function categoryNames(file: string, band: number): Promise<NameSource> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['PAMRasterBand', 'Category', 'paletteEntry', 'item'].includes(name),
  });
  const aux = await readText(`${file}.aux.xml`);
  if (aux) {
    const doc = parser.parse(aux) as {
      PAMDataset?: { PAMRasterBand?: { '@band'?: string; CategoryNames?: { Category?: unknown[] } }[] };
    };
    const bands = doc.PAMDataset?.PAMRasterBand ?? [];
    const entry = bands.find((b) => Number(b['@band'] ?? 1) === band) ?? bands[0];
    const categories = entry?.CategoryNames?.Category ?? [];
    const names = new Map<number, string>();
    categories.forEach((name, code) => {
      const text = typeof name === 'string' || typeof name === 'number' ? String(name).trim() : '';
      if (text !== '') names.set(code, text);
    });
    if (names.size > 0) return { names, colors: new Map(), source: 'aux.xml' };
  }
  const qml = await readText(qmlPathOf(file));
  if (qml) {
    const doc = parser.parse(qml) as Record<string, unknown>;
    const entries = [...findAll(doc, 'paletteEntry'), ...findAll(doc, 'item')];
    const names = new Map<number, string>();
    const colors = new Map<number, string>();
    for (const entry of entries) {
      const value = Number(entry['@value']);
      if (!Number.isInteger(value)) continue;
      if (typeof entry['@label'] === 'string' && entry['@label'].trim() !== '')
        names.set(value, entry['@label'].trim());
      if (typeof entry['@color'] === 'string' && /^#[0-9a-f]{6}/i.test(entry['@color']))
        colors.set(value, entry['@color'].slice(0, 7).toLowerCase());
    }
    if (names.size > 0) return { names, colors, source: 'qml' };
  }
  return { names: new Map(), colors: new Map(), source: 'codes' };
}

function findAll(node: unknown, key: string): Record<string, unknown>[] {
  if (typeof node !== 'object' || node === null) return [];
  const out: Record<string, unknown>[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === key && Array.isArray(v))
      out.push(...(v.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]));
    else out.push(...findAll(v, key));
  }
  return out;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function legendClasses(legend: Legend, counts: Map<number, number>, cellAreaHa: number): InitClass[] {
  const colorOf = new Map(legend.codes.map((c) => [c.code, c.color]));
  return legend.groups.map((group) => {
    const cells = group.codes.reduce((sum, code) => sum + (counts.get(code) ?? 0), 0);
    // The group's colour: that of its most common code here (its first code when absent).
    const main = [...group.codes].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0]!;
    return {
      id: group.id,
      name: group.name,
      codes: group.codes,
      color: colorOf.get(main) ?? '#808080',
      role: group.role,
      cells,
      todayHa: cells * cellAreaHa,
    };
  });
}

function codeClasses(
  counts: Map<number, number>,
  names: NameSource,
  raster: GeoTiffReadResult,
  cellAreaHa: number,
): InitClass[] {
  const used = new Set<string>();
  return [...counts].map(([code, cells], index) => {
    const name = names.names.get(code) ?? `Class ${code}`;
    let id = slug(name) || `class-${code}`;
    if (used.has(id)) id = `${id}-${code}`;
    used.add(id);
    return {
      id,
      name,
      codes: [code],
      color: names.colors.get(code) ?? raster.colorTable?.get(code) ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length]!,
      role: roleOfName(name),
      cells,
      todayHa: cells * cellAreaHa,
    };
  });
}

/** Qualitative colours (ColorBrewer Set3/Paired) for maps without any. */
const FALLBACK_COLORS = [
  '#8dd3c7',
  '#ffffb3',
  '#bebada',
  '#fb8072',
  '#80b1d3',
  '#fdb462',
  '#b3de69',
  '#fccde5',
  '#d9d9d9',
  '#bc80bd',
  '#ccebc5',
  '#ffed6f',
  '#a6cee3',
  '#1f78b4',
  '#b2df8a',
  '#33a02c',
];

function slug(name: string): string {
  const text = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return /^[a-z]/.test(text) ? text : text ? `class-${text}` : '';
}

type Objectives = Record<string, { label: string; description: string; indicators: string[] }>;

/** Economic, social (when there are homes to measure) and ecological objectives the classes allow. */
function defaultObjectives(classes: readonly InitClass[]): Objectives {
  const has = (flag: 'housing' | 'services' | 'green' | 'natural'): boolean =>
    classes.some((c) => ROLE_DEFAULTS[c.role][flag] === true);
  const objectives: Objectives = {
    economic: {
      label: 'Economic return',
      description: 'Land value of the plan minus the cost of converting land.',
      indicators: ['landValue: {}', 'conversionCost: {}'],
    },
  };
  const social: string[] = [];
  if (has('housing') && has('green')) social.push('greenAccess: { distance: 500 m }');
  if (has('housing') && has('services')) social.push('serviceAccess: { distance: 500 m }');
  if (social.length > 0)
    objectives.social = {
      label: 'Social welfare',
      description: 'Homes within walking distance of green space and services.',
      indicators: social,
    };
  objectives.ecological = {
    label: 'Ecological value',
    description: 'Habitat value, core habitat and carbon stock.',
    indicators: ['habitatValue: {}', ...(has('natural') ? ['habitatCore: {}'] : []), 'carbon: {}'],
  };
  return objectives;
}

const haText = (value: number): string => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

function scenarioText(input: {
  out: string;
  landcover: string;
  boundary?: string;
  band?: number;
  raster: GeoTiffReadResult;
  legend: Legend | null;
  names: InitResult['names'];
  classes: readonly InitClass[];
  objectives: Objectives;
}): string {
  const { raster, classes } = input;
  const relative = (file: string): string => {
    const rel = path.relative(path.dirname(input.out), file).split(path.sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const q = (text: string): string => JSON.stringify(text);
  const stem = path.basename(input.landcover).replace(/\.[^.]+$/, '');
  const totalHa = classes.reduce((sum, c) => sum + c.todayHa, 0);
  const lines: string[] = [
    '# yaml-language-server: $schema=https://paretoplan.example/scenario.schema.json',
    `# A starter scenario written by \`paretoplan init\` from ${path.basename(input.landcover)}.`,
    `# Classes: ${input.legend ? `grouped by the ${input.legend.name} legend` : `one per raster code; names from ${input.names}`}.`,
    '# Review the class values, the demands and the objectives: they are starting points, not a plan.',
    `name: ${q(`${stem} - starter scenario`)}`,
    'description: >',
    `  Today's land use of ${stem} (${haText(totalHa)} ha in ${classes.length} classes). Set the demands to the areas the plan`,
    '  needs, add layers (slope, roads, protected areas) and rules, then run it.',
    'layers:',
    `  landcover: { path: ${q(relative(input.landcover))}, kind: categorical${input.band === undefined ? '' : `, band: ${input.band}`} }`,
    ...(input.boundary ? [`  boundary: { path: ${q(relative(input.boundary))} }`] : []),
    'current: landcover',
    ...(input.boundary ? ['boundary: boundary  # cells outside keep their use'] : []),
    `# ${raster.grid.width} x ${raster.grid.height} cells of ${raster.grid.pixelWidth.toPrecision(6)} x ${raster.grid.pixelHeight.toPrecision(6)} m (${((raster.grid.pixelWidth * raster.grid.pixelHeight) / 10_000).toPrecision(4)} ha), ${raster.grid.crs.epsg ? `EPSG:${raster.grid.crs.epsg}` : raster.grid.crs.name}.`,
    '# landValue: k€ per ha; habitat: 0..1 per ha; carbon: t C per ha (starting values by kind of land cover).',
    'classes:',
  ];
  for (const c of classes) {
    const role = ROLE_DEFAULTS[c.role];
    const flags = (['built', 'housing', 'services', 'green', 'natural'] as const)
      .filter((f) => role[f])
      .map((f) => `${f}: true`);
    const codes = c.codes.length === 1 ? String(c.codes[0]) : `[${c.codes.join(', ')}]`;
    lines.push(`  # ${c.name}: ${haText(c.todayHa)} ha today (${c.cells} cells); role ${c.role}`);
    lines.push(
      `  - { id: ${c.id}, name: ${q(c.name)}, code: ${codes}, color: ${q(c.color)}${flags.length ? `, ${flags.join(', ')}` : ''}, landValue: ${role.landValue}, habitat: ${role.habitat}, carbon: ${role.carbon} }`,
    );
  }
  lines.push("# Demands: today's areas as a starting point. Built land may grow (min), other land may shrink (max);");
  lines.push('# set min and max to the areas the plan needs (e.g. housing: { min: 300 ha }).');
  lines.push('demands:');
  for (const c of classes) {
    const role = ROLE_DEFAULTS[c.role];
    if (role.fixed) continue;
    const bound = role.built
      ? `min: ${Math.floor(c.todayHa * 100) / 100} ha`
      : `max: ${Math.ceil(c.todayHa * 100) / 100} ha`;
    lines.push(`  ${c.id}: { ${bound} }  # today ${haText(c.todayHa)} ha`);
  }
  const fixed = classes.filter((c) => ROLE_DEFAULTS[c.role].fixed).map((c) => c.id);
  lines.push('rules:');
  lines.push(`  fixed: [${fixed.join(', ')}]  # never change`);
  lines.push('  conversions: { builtToUnbuilt: forbid }');
  lines.push('objectives:');
  for (const [id, objective] of Object.entries(input.objectives)) {
    lines.push(`  ${id}:`);
    lines.push(`    label: ${q(objective.label)}`);
    lines.push(`    description: ${q(objective.description)}`);
    lines.push('    indicators:');
    for (const indicator of objective.indicators) lines.push(`      ${indicator}`);
  }
  lines.push('optimizer: { population: 60, generations: 150, seed: 1 }');
  return `${lines.join('\n')}\n`;
}
