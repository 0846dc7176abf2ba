/**
 * Read a scenario file (YAML or JSON), validate it with the zod schema and resolve it. Every
 * problem is collected and reported at once as `file:line: path: message`.
 */
import path from 'node:path';
import type { z } from 'zod';
import { InputFileError, inputFileProblem, readInputFile } from '../../gis/index.js';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { scenarioSchema, type ScenarioDocument } from './schema.js';
import { formatPath, hasLine, lineOf, type FieldPath } from './source-map.js';
import type {
  OptimizerSettings,
  ResolvedClass,
  ResolvedDemand,
  ResolvedIndicator,
  ResolvedLayer,
  ResolvedObjective,
  ResolvedRules,
  ResolvedScenario,
} from './types.js';
import { parseAngle, parseArea, parseDistance } from './units.js';
import { YAML_LIMITS, readScenarioDocument } from './yaml-document.js';

export interface ParseOptions {
  /** Folder that relative layer paths resolve against. Default: the scenario file's folder. */
  readonly baseDir?: string;
  /** Check that layer files exist. Default true. */
  readonly checkFiles?: boolean;
}

/**
 * Read and validate a scenario file.
 * @throws LandUseInputError listing every problem with its line.
 * @example const scenario = await loadScenarioFile('scenarios/riverbend-balanced.yaml');
 */
export async function loadScenarioFile(file: string, options: ParseOptions = {}): Promise<ResolvedScenario> {
  let text: string;
  try {
    text = (await readInputFile(file, { maxBytes: YAML_LIMITS.maxBytes, what: 'a scenario file' })).toString('utf8');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const reason = error.problem === 'missing' ? 'no such scenario file; check the path' : error.reason;
    throw LandUseInputError.fromIssues(file, [{ file, line: null, path: '', message: reason }]);
  }
  return parseScenarioText(text, file, { baseDir: path.dirname(path.resolve(file)), ...options });
}

/** Validate scenario text (YAML or JSON); `file` names it in messages. */
export function parseScenarioText(text: string, file: string, options: ParseOptions = {}): ResolvedScenario {
  const { raw, lines } = readScenarioDocument(text, file);
  const issues: ScenarioIssue[] = [];
  const parsed = scenarioSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(...zodIssueToScenarioIssues(issue, file, lines));
    throw LandUseInputError.fromIssues(file, issues);
  }
  const resolver = new Resolver(parsed.data, file, lines, options.baseDir ?? process.cwd(), options.checkFiles ?? true);
  const scenario = resolver.resolve();
  if (resolver.issues.length > 0) throw LandUseInputError.fromIssues(file, resolver.issues);
  return scenario;
}

function zodIssueToScenarioIssues(
  issue: z.core.$ZodIssue,
  file: string,
  lines: Record<string, number>,
): ScenarioIssue[] {
  const at = (p: FieldPath, message: string): ScenarioIssue => ({
    file,
    line: lineOf(lines, p),
    path: formatPath(p),
    message,
  });
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      at([...issue.path, key], `unknown field "${clip(key)}" (see docs/scenario.md for the fields allowed here)`),
    );
  }
  if (issue.code === 'invalid_type' && !hasLine(lines, issue.path)) {
    return [at(issue.path, `is required (${issue.expected})`)];
  }
  if (issue.code === 'invalid_type' && typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
    return [
      at(
        issue.path,
        Number.isNaN(issue.input)
          ? 'must be a number, got .nan'
          : 'is too large a number (it is infinite for a computer)',
      ),
    ];
  }
  if (issue.code === 'invalid_type')
    return [at(issue.path, `expected ${issue.expected}, got ${describeInput(issue.input)}`)];
  if (issue.code === 'invalid_value') {
    return [
      at(
        issue.path,
        `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeInput(issue.input)}`,
      ),
    ];
  }
  if (issue.code === 'invalid_union') {
    return [at(issue.path, `has an unexpected form (${describeInput(issue.input)}); see docs/scenario.md`)];
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    return [at(issue.path, `${describeInput(issue.input)} ${issue.message}`)];
  }
  return [at(issue.path, issue.message)];
}

/** A value quoted in a message, shortened when long (a value can be megabytes of digits). */
function clip(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 24)}… (${text.length.toLocaleString('en-GB')} characters)`;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return JSON.stringify(clip(input));
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return 'an object';
}

const RASTER_EXT = /\.(tif|tiff)$/i;
const VECTOR_EXT = /\.(geojson|json)$/i;

class Resolver {
  readonly issues: ScenarioIssue[] = [];
  private readonly classIndex = new Map<string, number>();

  constructor(
    private readonly doc: ScenarioDocument,
    private readonly file: string,
    private readonly lines: Record<string, number>,
    private readonly baseDir: string,
    private readonly checkFiles: boolean,
  ) {}

  private issue(p: FieldPath, message: string): void {
    this.issues.push({ file: this.file, line: lineOf(this.lines, p), path: formatPath(p), message });
  }

  resolve(): ResolvedScenario {
    const layers = this.resolveLayers();
    const classes = this.resolveClasses();
    this.checkCurrent(layers);
    const demands = this.resolveDemands();
    const rules = this.resolveRules(layers, classes);
    const objectives = this.resolveObjectives(layers, classes, rules);
    return {
      file: this.file,
      name: this.doc.name,
      description: (this.doc.description ?? '').trim(),
      layers,
      current: this.doc.current,
      classes,
      demands,
      rules,
      objectives,
      optimizer: this.resolveOptimizer(),
      lines: this.lines,
    };
  }

  private resolveLayers(): Record<string, ResolvedLayer> {
    const out: Record<string, ResolvedLayer> = {};
    const entries = Object.entries(this.doc.layers);
    for (const [name, layer] of entries) {
      const p = ['layers', name];
      const where = layer.where
        ? Object.fromEntries(Object.entries(layer.where).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
        : null;
      if (layer.path !== undefined && layer.derive !== undefined) {
        this.issue(p, 'has both "path" and "derive": a layer is either read from a file or derived from another layer');
        continue;
      }
      if (layer.path !== undefined) {
        const absolute = path.resolve(this.baseDir, layer.path);
        const type = RASTER_EXT.test(layer.path) ? 'raster' : VECTOR_EXT.test(layer.path) ? 'vector' : null;
        if (type === null) {
          this.issue([...p, 'path'], `"${layer.path}" is neither a GeoTIFF (.tif) nor GeoJSON (.geojson) file`);
          continue;
        }
        const problem = this.checkFiles ? inputFileProblem(absolute) : null;
        if (problem) {
          const reason = problem.problem === 'missing' ? 'file not found' : problem.reason;
          this.issue([...p, 'path'], `${reason}: ${absolute}`);
        }
        if (type === 'vector' && layer.kind !== undefined)
          this.issue([...p, 'kind'], '"kind" applies to raster layers only');
        if (type === 'raster' && where) this.issue([...p, 'where'], '"where" applies to vector layers only');
        out[name] = { name, type, path: absolute, kind: layer.kind ?? 'continuous', where, from: null };
      } else if (layer.derive !== undefined) {
        if (layer.from === undefined) {
          this.issue(p, `a derived layer needs "from": the layer to compute ${layer.derive} from`);
          continue;
        }
        out[name] = { name, type: layer.derive, path: null, kind: 'continuous', where: null, from: layer.from };
      } else {
        this.issue(p, 'needs either "path" (a file) or "derive" (slope or distance) with "from"');
      }
    }
    for (const layer of Object.values(out)) {
      if (layer.from === null) continue;
      const source = Object.hasOwn(out, layer.from) ? out[layer.from] : undefined;
      const p = ['layers', layer.name, 'from'];
      if (!this.declaresLayer(layer.from))
        this.issue(p, `no layer is named "${clip(layer.from)}"${this.known(Object.keys(this.doc.layers))}`);
      else if (source && source.type !== 'raster' && source.type !== 'vector')
        this.issue(p, `"${layer.from}" is itself derived; derive from a file layer`);
      else if (source && layer.type === 'slope' && source.type !== 'raster')
        this.issue(p, `slope needs a raster elevation layer, "${layer.from}" is a vector`);
    }
    return out;
  }

  /** Whether the scenario declares a layer of this name (own keys only: not `toString`, `valueOf`...). */
  private declaresLayer(name: string): boolean {
    return Object.hasOwn(this.doc.layers, name);
  }

  private known(names: readonly string[]): string {
    if (names.length === 0) return '';
    const shown = names.slice(0, 20).map(clip).join(', ');
    return ` (known: ${shown}${names.length > 20 ? `, … ${names.length - 20} more` : ''})`;
  }

  private resolveClasses(): ResolvedClass[] {
    const codeOwner = new Map<number, string>();
    return this.doc.classes.map((c, index) => {
      if (this.classIndex.has(c.id)) this.issue(['classes', index, 'id'], `class "${c.id}" is declared twice`);
      else this.classIndex.set(c.id, index);
      const codes = Array.isArray(c.code) ? c.code : [c.code];
      for (const code of codes) {
        const owner = codeOwner.get(code);
        if (owner !== undefined)
          this.issue(['classes', index, 'code'], `code ${code} already maps to class "${owner}"`);
        else codeOwner.set(code, c.id);
      }
      return {
        id: c.id,
        name: c.name ?? c.id,
        codes,
        color: c.color,
        built: c.built ?? false,
        natural: c.natural ?? false,
        green: c.green ?? false,
        services: c.services ?? false,
        housing: c.housing ?? false,
        landValue: c.landValue ?? 0,
        habitat: c.habitat ?? 0,
        carbon: c.carbon ?? 0,
      };
    });
  }

  private checkCurrent(layers: Record<string, ResolvedLayer>): void {
    const layer = Object.hasOwn(layers, this.doc.current) ? layers[this.doc.current] : undefined;
    if (!this.declaresLayer(this.doc.current)) {
      this.issue(
        ['current'],
        `no layer is named "${clip(this.doc.current)}"${this.known(Object.keys(this.doc.layers))}`,
      );
    } else if (layer && (layer.type !== 'raster' || layer.kind !== 'categorical')) {
      this.issue(
        ['current'],
        `"${this.doc.current}" must be a raster layer with kind: categorical (today's land-use codes)`,
      );
    }
  }

  private classRef(p: FieldPath, id: string): number {
    const index = this.classIndex.get(id);
    if (index === undefined) this.issue(p, `no class is named "${clip(id)}"${this.known([...this.classIndex.keys()])}`);
    return index ?? -1;
  }

  private classRefs(p: FieldPath, ids: string | readonly string[]): number[] {
    if (ids === '*') return [...this.classIndex.values()];
    const list = typeof ids === 'string' ? [ids] : ids;
    return list.map((id, i) => this.classRef(typeof ids === 'string' ? p : [...p, i], id)).filter((i) => i >= 0);
  }

  private layerRef(p: FieldPath, name: string, layers: Record<string, ResolvedLayer>): void {
    if (!Object.hasOwn(layers, name) && !this.declaresLayer(name))
      this.issue(p, `no layer is named "${clip(name)}"${this.known(Object.keys(this.doc.layers))}`);
  }

  private resolveDemands(): ResolvedDemand[] {
    const out: ResolvedDemand[] = [];
    for (const [id, demand] of Object.entries(this.doc.demands ?? {})) {
      const p = ['demands', id];
      const classIndex = this.classRef(p, id);
      const min = demand.min !== undefined ? parseArea(demand.min) : null;
      const max = demand.max !== undefined ? parseArea(demand.max) : null;
      if (demand.min !== undefined && !min) this.issue([...p, 'min'], `${clip(demand.min)} is too large a number`);
      if (demand.max !== undefined && !max) this.issue([...p, 'max'], `${clip(demand.max)} is too large a number`);
      if (demand.min === undefined && demand.max === undefined) this.issue(p, 'give "min", "max" or both');
      if (min && max && min.unit === max.unit && min.value > max.value) {
        this.issue([...p, 'min'], `${demand.min} is more than the maximum ${demand.max}`);
      }
      if (min?.unit === '%' && min.value > 100)
        this.issue([...p, 'min'], `${demand.min} is more than the whole study area`);
      if (classIndex >= 0) out.push({ classIndex, min, max });
    }
    return out;
  }

  private resolveRules(layers: Record<string, ResolvedLayer>, classes: ResolvedClass[]): ResolvedRules {
    const rules = this.doc.rules ?? {};
    const fixed = this.classRefs(['rules', 'fixed'], rules.fixed ?? []);
    const protectedAreas =
      rules.protectedAreas === undefined
        ? []
        : typeof rules.protectedAreas === 'string'
          ? [rules.protectedAreas]
          : rules.protectedAreas;
    protectedAreas.forEach((name, i) =>
      this.layerRef(
        typeof rules.protectedAreas === 'string' ? ['rules', 'protectedAreas'] : ['rules', 'protectedAreas', i],
        name,
        layers,
      ),
    );
    const noBuild = rules.noBuild ?? [];
    noBuild.forEach((name, i) => this.layerRef(['rules', 'noBuild', i], name, layers));
    const maxSlope: (number | null)[] = classes.map(() => null);
    for (const [id, text] of Object.entries(rules.maxSlope ?? {})) {
      const index = this.classRef(['rules', 'maxSlope', id], id);
      const degrees = parseAngle(text);
      if (degrees === null) this.issue(['rules', 'maxSlope', id], `${clip(text)} is too large a number`);
      if (index >= 0) maxSlope[index] = degrees;
    }
    let slopeLayer: string | null = rules.slope ?? (this.declaresLayer('slope') ? 'slope' : null);
    if (rules.slope !== undefined) this.layerRef(['rules', 'slope'], rules.slope, layers);
    if (rules.maxSlope && Object.keys(rules.maxSlope).length > 0 && slopeLayer === null) {
      this.issue(
        ['rules', 'maxSlope'],
        'slope limits need a slope layer: add `slope: { derive: slope, from: <dem layer> }` to layers, or name one in rules.slope',
      );
      slopeLayer = null;
    }
    const forbidden = new Set<string>();
    (rules.conversions?.forbid ?? []).forEach((rule, i) => {
      const p = ['rules', 'conversions', 'forbid', i];
      for (const from of this.classRefs([...p, 'from'], rule.from)) {
        for (const to of this.classRefs([...p, 'to'], rule.to)) if (from !== to) forbidden.add(`${from},${to}`);
      }
    });
    if ((rules.conversions?.builtToUnbuilt ?? 'forbid') === 'forbid') {
      classes.forEach((from, a) => classes.forEach((to, b) => from.built && !to.built && forbidden.add(`${a},${b}`)));
    }
    return {
      fixed,
      protectedAreas,
      noBuild,
      slopeLayer,
      maxSlope,
      forbidden: [...forbidden].map((key) => key.split(',').map(Number) as [number, number]),
    };
  }

  private distanceOr(p: FieldPath, text: string | undefined, fallback: number): number {
    if (text === undefined) return fallback;
    const metres = parseDistance(text);
    if (metres === null) this.issue(p, `${clip(text)} is too large a number`);
    else if (metres <= 0) this.issue(p, `${text} must be a positive distance`);
    return metres ?? fallback;
  }

  private resolveObjectives(
    layers: Record<string, ResolvedLayer>,
    classes: ResolvedClass[],
    rules: ResolvedRules,
  ): ResolvedObjective[] {
    const entries = Object.entries(this.doc.objectives);
    if (entries.length < 2 || entries.length > 5) {
      this.issue(['objectives'], `declare 2 to 5 objectives, found ${entries.length}`);
    }
    const K = classes.length;
    const hasHousing = classes.some((c) => c.housing);
    return entries.map(([id, objective]) => {
      const p = ['objectives', id];
      const indicators: ResolvedIndicator[] = [];
      const spec = objective.indicators;
      const on = (x: { enabled?: boolean | undefined } | undefined): boolean => x !== undefined && x.enabled !== false;
      const ip = (name: string): FieldPath => [...p, 'indicators', name];
      const needHousing = (name: string) => {
        if (!hasHousing) this.issue(ip(name), 'needs a class marked `housing: true` (whose residents it measures)');
      };
      if (on(spec.landValue)) {
        const s = spec.landValue!;
        if (s.accessFrom) this.layerRef([...ip('landValue'), 'accessFrom'], s.accessFrom, layers);
        const sensitivity = classes.map((c): number => (c.built ? 0.5 : 0.1));
        for (const [cid, value] of Object.entries(s.sensitivity ?? {})) {
          const index = this.classRef([...ip('landValue'), 'sensitivity', cid], cid);
          if (index >= 0) sensitivity[index] = value;
        }
        indicators.push({
          type: 'landValue',
          weight: s.weight ?? 1,
          accessFrom: s.accessFrom ?? null,
          decay: this.distanceOr([...ip('landValue'), 'decay'], s.decay, 1000),
          sensitivity,
        });
      }
      if (on(spec.conversionCost)) {
        const s = spec.conversionCost!;
        const toBuilt = s.toBuilt ?? 50;
        const other = s.other ?? 5;
        const matrix = new Array<number>(K * K).fill(0);
        for (let a = 0; a < K; a++) {
          for (let b = 0; b < K; b++)
            if (a !== b) matrix[a * K + b] = !classes[a]!.built && classes[b]!.built ? toBuilt : other;
        }
        (s.costs ?? []).forEach((entry, i) => {
          const q = [...ip('conversionCost'), 'costs', i];
          for (const a of this.classRefs([...q, 'from'], entry.from))
            for (const b of this.classRefs([...q, 'to'], entry.to)) if (a !== b) matrix[a * K + b] = entry.cost;
        });
        indicators.push({ type: 'conversionCost', weight: s.weight ?? 1, matrix });
      }
      if (on(spec.developmentCost)) {
        const s = spec.developmentCost!;
        if (s.slope) this.layerRef([...ip('developmentCost'), 'slope'], s.slope, layers);
        if (s.roads) this.layerRef([...ip('developmentCost'), 'roads'], s.roads, layers);
        indicators.push({
          type: 'developmentCost',
          weight: s.weight ?? 1,
          slope: s.slope ?? rules.slopeLayer,
          perDegree: s.perDegree ?? 4,
          roads: s.roads ?? null,
          perKm: s.perKm ?? 100,
        });
      }
      for (const type of ['greenAccess', 'serviceAccess'] as const) {
        if (!on(spec[type])) continue;
        const s = spec[type]!;
        needHousing(type);
        const flag = type === 'greenAccess' ? 'green' : 'services';
        const targets = s.classes
          ? this.classRefs([...ip(type), 'classes'], s.classes)
          : classes.flatMap((c, i) => (c[flag] ? [i] : []));
        if (!s.classes && targets.length === 0)
          this.issue(ip(type), `no class is marked \`${flag}: true\`; mark one or list "classes"`);
        indicators.push({
          type,
          weight: s.weight ?? 1,
          distance: this.distanceOr([...ip(type), 'distance'], s.distance, 500),
          classes: targets,
        });
      }
      if (on(spec.amenityAccess)) {
        const s = spec.amenityAccess!;
        needHousing('amenityAccess');
        s.layers.forEach((name, i) => this.layerRef([...ip('amenityAccess'), 'layers', i], name, layers));
        indicators.push({
          type: 'amenityAccess',
          weight: s.weight ?? 1,
          distance: this.distanceOr([...ip('amenityAccess'), 'distance'], s.distance, 800),
          layers: s.layers,
        });
      }
      if (on(spec.housingSupply)) {
        const s = spec.housingSupply!;
        needHousing('housingSupply');
        indicators.push({
          type: 'housingSupply',
          weight: s.weight ?? 1,
          dwellings: s.dwellings,
          density: s.density ?? 40,
        });
      }
      if (on(spec.compatibility)) {
        const s = spec.compatibility!;
        const matrix = new Array<number>(K * K).fill(0);
        s.pairs.forEach((pair, i) => {
          const q = [...ip('compatibility'), 'pairs', i];
          const a = this.classRef([...q, 'a'], pair.a);
          const b = this.classRef([...q, 'b'], pair.b);
          if (a >= 0 && b >= 0) matrix[a * K + b] = matrix[b * K + a] = pair.score;
        });
        indicators.push({ type: 'compatibility', weight: s.weight ?? 1, matrix });
      }
      if (on(spec.habitatValue)) {
        const s = spec.habitatValue!;
        if (s.layer) this.layerRef([...ip('habitatValue'), 'layer'], s.layer, layers);
        indicators.push({ type: 'habitatValue', weight: s.weight ?? 1, layer: s.layer ?? null });
      }
      if (on(spec.habitatCore)) {
        if (!classes.some((c) => c.natural)) this.issue(ip('habitatCore'), 'no class is marked `natural: true`');
        indicators.push({ type: 'habitatCore', weight: spec.habitatCore!.weight ?? 1 });
      }
      if (on(spec.floodExposure)) {
        const s = spec.floodExposure!;
        this.layerRef([...ip('floodExposure'), 'layer'], s.layer, layers);
        indicators.push({ type: 'floodExposure', weight: s.weight ?? 1, layer: s.layer });
      }
      if (on(spec.protectedEdge)) {
        const s = spec.protectedEdge!;
        const names = s.layer ? [s.layer] : rules.protectedAreas;
        if (s.layer) this.layerRef([...ip('protectedEdge'), 'layer'], s.layer, layers);
        else if (names.length === 0) this.issue(ip('protectedEdge'), 'name a "layer", or declare rules.protectedAreas');
        indicators.push({
          type: 'protectedEdge',
          weight: s.weight ?? 1,
          layers: names,
          distance: this.distanceOr([...ip('protectedEdge'), 'distance'], s.distance, 100),
        });
      }
      if (on(spec.carbon)) indicators.push({ type: 'carbon', weight: spec.carbon!.weight ?? 1 });
      if (indicators.length === 0) this.issue([...p, 'indicators'], 'enable at least one sub-indicator');
      return { id, label: objective.label ?? id, description: (objective.description ?? '').trim(), indicators };
    });
  }

  private resolveOptimizer(): OptimizerSettings {
    const o = this.doc.optimizer ?? {};
    return {
      population: o.population ?? 100,
      generations: o.generations ?? 200,
      seed: o.seed ?? 1,
      workers: o.workers ?? 'auto',
      crossoverProbability: o.crossoverProbability ?? 0.9,
      mutationCells: o.mutationCells ?? null,
    };
  }
}
