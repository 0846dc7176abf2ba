/**
 * The scenario file schema (zod v4). It checks shapes and value formats; cross-references
 * (a demand naming an undeclared class, a rule naming an unknown layer) are checked afterwards by
 * `resolveScenario`, so that one validation run reports every problem at once.
 *
 * The JSON Schema published in `scenarios/scenario.schema.json` is generated from this module
 * (`scenarioJsonSchema()`); a test keeps the two in sync. Document every change in docs/scenario.md.
 */
import { DERIVED_LAYER_NAMES, DERIVED_LAYERS } from '../model/derived/index.js';
import { z } from 'zod';
import { BUILT_IN_INDICATORS } from '../objectives/indicators/index.js';
import { indicatorsSchema } from '../objectives/indicators/resolve.js';
import { classList, hexColor, identifier } from './fields.js';
import { partyList } from './parties-schema.js';
import { describeLimit, LOCAL_SEARCH_LIMITS, OPTIMIZER_LIMITS, type OptimizerLimit } from '../../rules/index.js';
import { ANGLE_PATTERN, AREA_PATTERN } from './units.js';

const area = z
  .string()
  .regex(
    AREA_PATTERN,
    'must be an area with its unit, e.g. "120 ha", "1.5 km2", "15 %" (of the study area) or "400 cells"',
  )
  .describe('An area with its unit: ha, km2, m2, cells, or % of the study area.');
const changeArea = z
  .string()
  .regex(
    AREA_PATTERN,
    'must be an area with its unit, e.g. "300 ha", "2 km2", "10 %" (of the changeable land) or "4000 cells"',
  )
  .describe('An area with its unit: ha, km2, m2, cells, or % of the changeable land.');
const angle = z
  .string()
  .regex(ANGLE_PATTERN, 'must be a slope with its unit, e.g. "15 deg" or "25 %" (grade)')
  .describe('A slope angle with its unit: deg, or % grade.');

const travel = z
  .strictObject({
    speeds: z
      .array(z.strictObject({ layer: identifier, kmh: z.number().positive().max(300) }))
      .optional()
      .describe(
        'Speeds (km/h) on layers such as roads by type; where several cover a cell, the first listed wins. Elsewhere: offRoad.',
      ),
    offRoad: z
      .number()
      .positive()
      .max(300)
      .optional()
      .describe('Speed (km/h) where no listed layer is: walking, 4.8 by default.'),
    barriers: z
      .array(identifier)
      .optional()
      .describe('Layers that cannot be crossed (water, motorways without crossings).'),
    slope: identifier
      .optional()
      .describe("A slope layer (degrees): off-road speed follows Tobler's hiking function, slower on steep ground."),
  })
  .describe(
    'How a travelTime layer moves: speeds by layer, off-road speed, barriers and slope. Its values are travel times expressed as the distance walked in the same time at offRoad speed, so access distances read as times.',
  );

const layer = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        'File relative to the scenario: a raster (GeoTIFF or Cloud-Optimised GeoTIFF, .tif) or a vector (GeoJSON .geojson, Shapefile .shp, GeoPackage .gpkg).',
      ),
    kind: z
      .enum(['categorical', 'continuous'])
      .optional()
      .describe('For rasters: categorical (class codes, nearest-neighbour resampling) or continuous (default).'),
    where: z
      .record(z.string(), z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]))
      .optional()
      .describe('For vectors: keep only features whose properties equal one of these values.'),
    derive: z
      .enum(DERIVED_LAYER_NAMES)
      .optional()
      .describe(`Compute this layer from another: ${DERIVED_LAYERS.map((d) => `${d.type}, ${d.summary}`).join('; ')}.`),
    from: identifier.optional().describe('The layer a derived layer is computed from.'),
    travel: travel.optional(),
    band: z.int().min(1).optional().describe('For rasters: the band to read (1-based); required for multi-band files.'),
    nodata: z
      .number()
      .optional()
      .describe(
        "For rasters: the value that means 'no data', when the file does not declare it (or declares it wrong).",
      ),
    layer: z
      .string()
      .min(1)
      .optional()
      .describe('For GeoPackages: the feature table to read; required when the file has several.'),
    resampling: z
      .enum(['nearest', 'bilinear', 'average'])
      .optional()
      .describe(
        'For continuous rasters on another grid: nearest, bilinear or average (default: bilinear, or average when the layer is at least twice as fine). Categorical layers are always nearest.',
      ),
    description: z.string().optional(),
  })
  .describe('A raster or vector file, or a layer derived from another one.');

const landClass = z.strictObject({
  id: identifier.describe('The name used everywhere else in the scenario, e.g. "residential".'),
  name: z.string().optional().describe('A display name.'),
  code: z
    .union([z.int().min(1).max(65535), z.array(z.int().min(1).max(65535)).min(1)])
    .describe('The code(s) of the current land-use raster that map to this class.'),
  color: hexColor,
  built: z.boolean().optional().describe('Built-up land (housing, jobs, infrastructure). Default false.'),
  natural: z
    .boolean()
    .optional()
    .describe('Habitat for the ecological indicators (forest, wetland, grassland). Default false.'),
  green: z.boolean().optional().describe('Green space residents can walk to (parks, forest edges). Default false.'),
  services: z
    .boolean()
    .optional()
    .describe('Shops, jobs and services residents walk to (commercial, mixed use). Default false.'),
  housing: z
    .boolean()
    .optional()
    .describe('Homes: the class whose access and supply the social indicators measure. Default false.'),
  landValue: z
    .number()
    .min(0)
    .optional()
    .describe('Land value or annual output in k€ per ha (economic indicator). Default 0.'),
  habitat: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Ecological value per ha, 0..1 (ecological indicator). Default 0.'),
  carbon: z.number().min(0).optional().describe('Carbon stock in t C per ha (IPCC Tier 1 style). Default 0.'),
  resistance: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'Conversion elasticity (CLUE-S): how hard it is to convert land of this class today to another use, from 0 (easily) to 1 (hardly ever). The operators change such cells less often, and the conversionResistance sub-indicator counts it as a cost. Default 0.',
    ),
});

const objective = z.strictObject({
  label: z.string().optional().describe('A display name, e.g. "Economic return".'),
  description: z.string().optional(),
  indicators: indicatorsSchema,
});

const demand = z.strictObject({ min: area.optional(), max: area.optional() });

const classOrClasses = z.union([identifier, classList, z.literal('*')]);

const rules = z.strictObject({
  fixed: z.array(identifier).optional().describe('Classes whose cells never change (water, infrastructure).'),
  protectedAreas: z
    .union([identifier, z.array(identifier)])
    .optional()
    .describe("Layer(s) of cells that keep today's use."),
  noBuild: z
    .array(identifier)
    .optional()
    .describe('Layers where no built class may be newly allocated (e.g. flood zones).'),
  slope: identifier
    .optional()
    .describe('The slope layer (degrees) the maxSlope limits use. Default: a layer named "slope".'),
  maxSlope: z
    .record(identifier, angle)
    .optional()
    .describe('Per class, the steepest slope it may be newly allocated on.'),
  maxChange: changeArea
    .optional()
    .describe(
      "The most land any layout may change from today's use (a hard limit, met by every layout): an area, or a % of the changeable land.",
    ),
  conversions: z
    .strictObject({
      forbid: z.array(z.strictObject({ from: classOrClasses, to: classOrClasses })).optional(),
      builtToUnbuilt: z
        .enum(['forbid', 'allow'])
        .optional()
        .describe('Whether built land may return to an unbuilt class. Default "forbid".'),
    })
    .optional(),
});

/**
 * A whole-number optimiser setting within its bounds (rules/limits.ts), with the rule's own message,
 * given once: a value out of bounds is not also checked for evenness (`abort`).
 */
function limitedInt(name: OptimizerLimit) {
  const limit: { min: number; max: number; multipleOf?: number } = OPTIMIZER_LIMITS[name];
  const error = (issue: { input?: unknown }) => `must be ${describeLimit(name)}, got ${String(issue.input)}`;
  const bounded = z.int().min(limit.min, { error, abort: true }).max(limit.max, { error, abort: true });
  return limit.multipleOf === undefined ? bounded : bounded.multipleOf(limit.multipleOf, { error });
}

const optimizer = z.strictObject({
  population: limitedInt('population').optional().describe('Population size, even. Default 100.'),
  generations: limitedInt('generations').optional().describe('Generations. Default 200.'),
  seed: limitedInt('seed').optional().describe('Random seed; the same seed reproduces the run. Default 1.'),
  workers: z
    .union([z.literal('auto'), limitedInt('workers')])
    .optional()
    .describe('Worker threads. Default "auto".'),
  crossoverProbability: z.number().min(0).max(1).optional().describe('Probability of block crossover. Default 0.9.'),
  mutationCells: z
    .int()
    .min(0)
    .optional()
    .describe(
      'Cells changed by mutation per child (boundary and patch moves). Default 1 % of the changeable cells, at least 4.',
    ),
  regions: z
    .strictObject({
      boundaries: z
        .array(identifier)
        .optional()
        .describe(
          'Layers whose edges regions do not cross besides land-cover edges: roads, rivers (lines), or a parcel raster (ids).',
        ),
      size: area.optional().describe('The largest region; larger patches of today are split. Default "5 ha".'),
    })
    .optional()
    .describe(
      "The map regions crossover and mutation work on: today's land-cover patches, split along boundary layers and cut to a size.",
    ),
  localSearch: z
    .strictObject({
      every: z
        .int()
        .min(LOCAL_SEARCH_LIMITS.every.min)
        .max(LOCAL_SEARCH_LIMITS.every.max)
        .optional()
        .describe(
          'Improve the best layout of each objective and the compromise every this many generations (0: never). Default 10.',
        ),
      evaluations: z
        .int()
        .min(LOCAL_SEARCH_LIMITS.evaluations.min)
        .max(LOCAL_SEARCH_LIMITS.evaluations.max)
        .optional()
        .describe('Move evaluations (incremental) spent on each of those layouts each time. Default 2000.'),
      polish: z
        .int()
        .min(LOCAL_SEARCH_LIMITS.polish.min)
        .max(LOCAL_SEARCH_LIMITS.polish.max)
        .optional()
        .describe(
          'At the end of a run, the most move evaluations spent polishing the best layout of each objective by growing, shrinking and trading cells along the edges of its changed patches (at most 12 per full evaluation of the run; stops earlier once 5,000 moves in a row fail; 0: none). Default 100000.',
        ),
    })
    .optional()
    .describe("The memetic step: a local search on the front's extremes and compromise."),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('A short title, e.g. "Riverbend 2040 - balanced growth".'),
    description: z.string().optional().describe('The planning question this scenario asks.'),
    layers: z.record(identifier, layer).describe('Named input layers; paths are relative to the scenario file.'),
    current: identifier.describe("The categorical raster layer of today's land use; it also defines the grid."),
    boundary: identifier
      .optional()
      .describe(
        'A layer (polygons, or a raster > 0 inside) bounding the study area: cells outside it keep their use and are not planned. Default: every cell with a land-use code.',
      ),
    classes: z.array(landClass).min(2).max(16).describe("The plan's land-use classes (2 to 16)."),
    demands: z
      .record(identifier, demand)
      .optional()
      .describe('Area demands per class (min and/or max), met exactly by every layout.'),
    rules: rules.optional(),
    objectives: z
      .record(identifier, objective)
      .describe('2 to 5 objectives, each a weighted sum of sub-indicators, all maximised.'),
    optimizer: optimizer.optional(),
    parties: partyList
      .optional()
      .describe('The parties at the table and their preferences (see docs/parties.md); or a separate parties file.'),
  })
  .describe('A Pareto Plan land-use scenario.');

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioDocument = z.output<typeof scenarioSchema>;
export type IndicatorName = (typeof BUILT_IN_INDICATORS)[number]['type'];
export type LayerInput = z.output<typeof layer>;
export type TravelInput = z.output<typeof travel>;
export type ClassInput = z.output<typeof landClass>;

/** The catalogue of built-in sub-indicators (objectives/indicators/index.ts), in the order they are reported. */
export const INDICATOR_NAMES: IndicatorName[] = BUILT_IN_INDICATORS.map((d) => d.type);

/** The JSON Schema (draft 2020-12) of scenario files, for editors (`$schema: ./scenario.schema.json`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://paretoplan.example/scenario.schema.json', title: 'Pareto Plan scenario' };
}
