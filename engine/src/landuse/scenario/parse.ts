/**
 * Read a scenario file (YAML or JSON), validate it with the zod schema and resolve it. Every
 * problem is collected and reported at once as `file:line: path: message`.
 */
import { DERIVED_LAYER_NAMES, derivedLayerType } from '../model/derived/index.js';
import path from 'node:path';
import { inputFileProblem } from '../../gis/index.js';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { indicatorName } from '../objectives/descriptions.js';
import type { ResolveContext } from '../objectives/indicators/define.js';
import { resolveIndicators } from '../objectives/indicators/resolve.js';
import { checkParties } from './parties.js';
import type { PartyDocument } from './parties-schema.js';
import { scenarioSchema, type ScenarioDocument } from './schema.js';
import { formatPath, lineOf, type FieldPath } from './source-map.js';
import type {
  OptimizerSettings,
  ResolvedClass,
  ResolvedDemand,
  ResolvedLayer,
  ResolvedObjective,
  ResolvedRules,
  ResolvedScenario,
  ResolvedTravel,
} from './types.js';
import { parseAngle, parseArea, parseDistance } from './units.js';
import { clip, readSourceFile, validateYaml, type SourceKind } from './yaml-source.js';

const SCENARIO_SOURCE: SourceKind = { what: 'scenario', file: 'scenario file', docs: 'docs/scenario.md' };

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
  const text = await readSourceFile(file, SCENARIO_SOURCE);
  return parseScenarioText(text, file, { baseDir: path.dirname(path.resolve(file)), ...options });
}

/** Validate scenario text (YAML or JSON); `file` names it in messages. */
export function parseScenarioText(text: string, file: string, options: ParseOptions = {}): ResolvedScenario {
  const { data, lines } = validateYaml(text, file, scenarioSchema, SCENARIO_SOURCE);
  const resolver = new Resolver(data, file, lines, options.baseDir ?? process.cwd(), options.checkFiles ?? true);
  const scenario = resolver.resolve();
  if (resolver.issues.length > 0) throw LandUseInputError.fromIssues(file, resolver.issues);
  return scenario;
}

/** The largest region crossover and mutation exchange or convert whole (optimizer.regions.size). */
export const DEFAULT_REGION_SIZE = '5 ha';
/**
 * The memetic step's defaults (optimizer.localSearch). The search during the run is light (every
 * 10 generations: it is most of what the improvement step adds to a generation's time besides the
 * parsimony reversion); the extremes converge in the final polish, whose `compact` moves grow,
 * shrink and trade cells along the edges of changed patches, so they stay plan-like (on
 * riverbend-balanced, bench/results/landuse-plans.md).
 */
export const DEFAULT_LOCAL_SEARCH = { every: 10, evaluations: 2000, polish: 100_000 } as const;

const RASTER_EXT = /\.(tif|tiff)$/i;
/** Off-road speed of travel-time layers unless set: walking, 4.8 km/h (80 m per minute). */
const DEFAULT_WALKING_KMH = 4.8;
const VECTOR_EXT = /\.(geojson|json|shp|gpkg)$/i;

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
      boundary: this.resolveBoundary(layers),
      classes,
      demands,
      rules,
      objectives,
      optimizer: this.resolveOptimizer(layers),
      parties: this.resolveParties(objectives),
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
          this.issue(
            [...p, 'path'],
            `"${layer.path}" is not a raster (GeoTIFF .tif) or vector (GeoJSON .geojson, Shapefile .shp, GeoPackage .gpkg) file`,
          );
          continue;
        }
        const problem = this.checkFiles ? inputFileProblem(absolute) : null;
        if (problem) {
          const reason = problem.problem === 'missing' ? 'file not found' : problem.reason;
          this.issue([...p, 'path'], `${reason}: ${absolute}`);
        }
        this.checkFileLayerOptions(p, layer, type);
        out[name] = {
          name,
          type,
          path: absolute,
          kind: layer.kind ?? 'continuous',
          where,
          from: null,
          band: layer.band ?? null,
          nodata: layer.nodata ?? null,
          resampling: layer.resampling ?? null,
          table: layer.layer ?? null,
          travel: null,
        };
        if (layer.travel !== undefined) this.issue([...p, 'travel'], '"travel" applies to travelTime layers only');
      } else if (layer.derive !== undefined) {
        if (layer.from === undefined) {
          this.issue(p, `a derived layer needs "from": the layer to compute ${layer.derive} from`);
          continue;
        }
        for (const option of ['kind', 'where', 'band', 'nodata', 'layer', 'resampling'] as const)
          if (layer[option] !== undefined)
            this.issue([...p, option], `"${option}" applies to file layers, not derived ones`);
        if (layer.travel !== undefined && layer.derive !== 'travelTime')
          this.issue([...p, 'travel'], '"travel" applies to travelTime layers only');
        out[name] = {
          name,
          type: layer.derive,
          path: null,
          kind: 'continuous',
          where: null,
          from: layer.from,
          band: null,
          nodata: null,
          resampling: null,
          table: null,
          travel:
            layer.derive === 'travelTime'
              ? {
                  speeds: layer.travel?.speeds ?? [],
                  offRoad: layer.travel?.offRoad ?? DEFAULT_WALKING_KMH,
                  barriers: layer.travel?.barriers ?? [],
                  slope: layer.travel?.slope ?? null,
                }
              : null,
        };
      } else {
        this.issue(p, `needs either "path" (a file) or "derive" (${DERIVED_LAYER_NAMES.join(', ')}) with "from"`);
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
      else if (source && derivedLayerType(layer.type)?.needsRaster && source.type !== 'raster')
        this.issue(p, `${layer.type} needs a raster layer (an elevation model for slope), "${layer.from}" is a vector`);
      if (layer.travel) this.checkTravel(layer.name, layer.travel, out);
    }
    return out;
  }

  /** Which options apply to which kind of file layer (one place for these rules). */
  private checkFileLayerOptions(
    p: FieldPath,
    layer: ScenarioDocument['layers'][string],
    type: 'raster' | 'vector',
  ): void {
    const rasterOnly = ['kind', 'band', 'nodata', 'resampling'] as const;
    if (type === 'vector')
      for (const option of rasterOnly)
        if (layer[option] !== undefined) this.issue([...p, option], `"${option}" applies to raster layers only`);
    if (type === 'raster' && layer.where) this.issue([...p, 'where'], '"where" applies to vector layers only');
    if (layer.layer !== undefined && !/\.gpkg$/i.test(layer.path ?? ''))
      this.issue([...p, 'layer'], '"layer" picks a table of a GeoPackage (.gpkg)');
    if (layer.kind === 'categorical' && layer.resampling !== undefined && layer.resampling !== 'nearest')
      this.issue(
        [...p, 'resampling'],
        `a categorical layer is resampled by nearest neighbour (classes cannot be averaged), not ${layer.resampling}`,
      );
  }

  /** A travelTime layer's speeds and barriers name other layers; its slope a slope layer. */
  private checkTravel(name: string, travel: ResolvedTravel, layers: Record<string, ResolvedLayer>): void {
    const p = ['layers', name, 'travel'];
    travel.speeds.forEach((speed, i) => this.layerRef([...p, 'speeds', i, 'layer'], speed.layer, layers));
    travel.barriers.forEach((barrier, i) => this.layerRef([...p, 'barriers', i], barrier, layers));
    if (travel.slope !== null) {
      this.layerRef([...p, 'slope'], travel.slope, layers);
      const slope = layers[travel.slope];
      if (slope && slope.type !== 'slope')
        this.issue([...p, 'slope'], `"${travel.slope}" is not a slope layer (derive: slope)`);
    }
    for (const ref of [...travel.speeds.map((s) => s.layer), ...travel.barriers]) {
      if (layers[ref]?.type === 'travelTime')
        this.issue(p, `"${ref}" is itself a travel time; name roads, water or other layers`);
    }
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
        resistance: c.resistance ?? 0,
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

  private resolveBoundary(layers: Record<string, ResolvedLayer>): string | null {
    const name = this.doc.boundary;
    if (name === undefined) return null;
    this.layerRef(['boundary'], name, layers);
    if (name === this.doc.current)
      this.issue(['boundary'], 'the boundary must be another layer than the land use itself');
    return name;
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
    const maxChange = rules.maxChange !== undefined ? parseArea(rules.maxChange) : null;
    if (maxChange?.unit === '%' && maxChange.value > 100)
      this.issue(['rules', 'maxChange'], `${rules.maxChange} is more than all of the changeable land`);
    return {
      fixed,
      protectedAreas,
      noBuild,
      slopeLayer,
      maxSlope,
      forbidden: [...forbidden].map((key) => key.split(',').map(Number) as [number, number]),
      maxChange,
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
    const hasHousing = classes.some((c) => c.housing);
    const layerNames = Object.keys(this.doc.layers);
    return entries.map(([id, objective]) => {
      const p = ['objectives', id];
      const context = (name: string): ResolveContext => {
        const at: FieldPath = [...p, 'indicators', name];
        return {
          classes,
          rules,
          layerNames,
          at,
          issue: (q, message) => this.issue(q, message),
          classRef: (q, cid) => this.classRef(q, cid),
          classRefs: (q, ids) => this.classRefs(q, ids),
          layerRef: (q, name) => this.layerRef(q, name, layers),
          distanceOr: (q, text, fallback) => this.distanceOr(q, text, fallback),
          needHousing: () => {
            if (!hasHousing) this.issue(at, 'needs a class marked `housing: true` (whose residents it measures)');
          },
        };
      };
      const indicators = resolveIndicators(objective.indicators, context);
      if (indicators.length === 0) this.issue([...p, 'indicators'], 'enable at least one sub-indicator');
      return { id, label: objective.label ?? id, description: (objective.description ?? '').trim(), indicators };
    });
  }

  /** The `parties:` section, checked against the objectives and their sub-indicators (all maximised). */
  private resolveParties(objectives: readonly ResolvedObjective[]): readonly PartyDocument[] {
    const parties = this.doc.parties ?? [];
    const criteria = new Map<string, 'maximize'>();
    for (const objective of objectives) {
      criteria.set(objective.id, 'maximize');
      for (const indicator of objective.indicators)
        criteria.set(`${objective.id}.${indicatorName(indicator)}`, 'maximize');
    }
    checkParties(parties, criteria, (p, message) => this.issue(p, message));
    return parties;
  }

  private resolveOptimizer(layers: Record<string, ResolvedLayer>): OptimizerSettings {
    const o = this.doc.optimizer ?? {};
    const boundaries = o.regions?.boundaries ?? [];
    boundaries.forEach((name, i) => this.layerRef(['optimizer', 'regions', 'boundaries', i], name, layers));
    return {
      population: o.population ?? 100,
      generations: o.generations ?? 200,
      seed: o.seed ?? 1,
      workers: o.workers ?? 'auto',
      crossoverProbability: o.crossoverProbability ?? 0.9,
      mutationCells: o.mutationCells ?? null,
      regions: { boundaries, size: parseArea(o.regions?.size ?? DEFAULT_REGION_SIZE)! },
      localSearch: {
        every: o.localSearch?.every ?? DEFAULT_LOCAL_SEARCH.every,
        evaluations: o.localSearch?.evaluations ?? DEFAULT_LOCAL_SEARCH.evaluations,
        polish: o.localSearch?.polish ?? DEFAULT_LOCAL_SEARCH.polish,
      },
    };
  }
}
