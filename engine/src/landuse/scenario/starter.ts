/**
 * The starter scenario `paretoplan init` writes from a land-cover map: its classes (one per group
 * of a known legend, or one per code), default objectives for what the classes allow, and the YAML
 * text with comments saying where each value comes from. Pure: the API reads the files.
 */
import path from 'node:path';
import type { GeoTiffReadResult } from '../../gis/index.js';
import { ROLE_DEFAULTS, roleOfName, type LandRole, type Legend } from './legends.js';

/** One class of a starter scenario, with its cells today. */
export interface StarterClass {
  readonly id: string;
  readonly name: string;
  readonly codes: readonly number[];
  readonly color: string;
  readonly role: LandRole;
  readonly todayHa: number;
  readonly cells: number;
}

/** One class per group of a known legend, with its cells today. */
export function legendClasses(legend: Legend, counts: ReadonlyMap<number, number>, cellAreaHa: number): StarterClass[] {
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

/** One class per code, named from `names` (else "Class <code>"), coloured from `colors`, the raster's table or a qualitative palette. */
export function codeClasses(
  counts: ReadonlyMap<number, number>,
  names: ReadonlyMap<number, string>,
  colors: ReadonlyMap<number, string>,
  cellAreaHa: number,
): StarterClass[] {
  const used = new Set<string>();
  return [...counts].map(([code, cells], index) => {
    const name = names.get(code) ?? `Class ${code}`;
    let id = slug(name) || `class-${code}`;
    if (used.has(id)) id = `${id}-${code}`;
    used.add(id);
    return {
      id,
      name,
      codes: [code],
      color: colors.get(code) ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length]!,
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

export type Objectives = Record<string, { label: string; description: string; indicators: string[] }>;

/** Economic, social (when there are homes to measure) and ecological objectives the classes allow. */
export function defaultObjectives(classes: readonly StarterClass[]): Objectives {
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

/** The starter scenario's YAML, with comments saying where each value comes from. */
export function starterScenarioText(input: {
  out: string;
  landcover: string;
  boundary?: string;
  band?: number;
  raster: GeoTiffReadResult;
  legend: Legend | null;
  names: string;
  classes: readonly StarterClass[];
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
