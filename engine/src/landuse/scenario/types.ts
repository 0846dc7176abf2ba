/**
 * A scenario after validation: references resolved to indices, units to numbers (metres,
 * degrees), paths made absolute, defaults filled in. Plain data (structured-cloneable), so it can
 * be sent to a worker.
 */
import type { DerivedLayerName } from '../model/derived/index.js';
import type { PartyDocument } from './parties-schema.js';
import type { ParsedArea } from './units.js';

export interface ResolvedLayer {
  readonly name: string;
  /** `raster` and `vector` read a file; the derived types (model/derived) are computed from layer `from`. */
  readonly type: 'raster' | 'vector' | DerivedLayerName;
  /** Absolute path (file layers). */
  readonly path: string | null;
  readonly kind: 'categorical' | 'continuous';
  readonly where: Readonly<Record<string, readonly (string | number)[]>> | null;
  readonly from: string | null;
  /** Raster options: the band (1-based), a nodata value overriding the file's, the resampling method. */
  readonly band: number | null;
  readonly nodata: number | null;
  readonly resampling: 'nearest' | 'bilinear' | 'average' | null;
  /** GeoPackage: the feature table. */
  readonly table: string | null;
  /** travelTime layers: how to move. */
  readonly travel: ResolvedTravel | null;
}

/** How a travel-time layer moves (speeds in km/h). */
export interface ResolvedTravel {
  readonly speeds: readonly { readonly layer: string; readonly kmh: number }[];
  readonly offRoad: number;
  readonly barriers: readonly string[];
  readonly slope: string | null;
}

export interface ResolvedClass {
  readonly id: string;
  readonly name: string;
  readonly codes: readonly number[];
  readonly color: string;
  readonly built: boolean;
  readonly natural: boolean;
  readonly green: boolean;
  readonly services: boolean;
  readonly housing: boolean;
  /** k€ per ha. */
  readonly landValue: number;
  /** 0..1 per ha. */
  readonly habitat: number;
  /** t C per ha. */
  readonly carbon: number;
  /** Conversion elasticity 0..1 (CLUE-S): how hard it is to convert land of this class today. */
  readonly resistance: number;
}

export interface ResolvedDemand {
  readonly classIndex: number;
  readonly min: ParsedArea | null;
  readonly max: ParsedArea | null;
}

export interface ResolvedRules {
  readonly fixed: readonly number[];
  readonly protectedAreas: readonly string[];
  readonly noBuild: readonly string[];
  readonly slopeLayer: string | null;
  /** Degrees per class index; null = no limit. */
  readonly maxSlope: readonly (number | null)[];
  /** Forbidden conversions as [fromIndex, toIndex] pairs (explicit and implied by builtToUnbuilt). */
  readonly forbidden: readonly (readonly [number, number])[];
  /** The most land a layout may change from today's use (`%` = of the changeable land), or null. */
  readonly maxChange: ParsedArea | null;
}

/** One sub-indicator with every parameter resolved (each built-in's shape is defined in its module). */
export type { ResolvedIndicator } from '../objectives/indicators/resolve.js';
import type { ResolvedIndicator } from '../objectives/indicators/resolve.js';

export type IndicatorType = ResolvedIndicator['type'];

export interface ResolvedObjective {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Enabled sub-indicators only. */
  readonly indicators: readonly ResolvedIndicator[];
}

export interface OptimizerSettings {
  readonly population: number;
  readonly generations: number;
  readonly seed: number;
  readonly workers: 'auto' | number;
  readonly crossoverProbability: number;
  /** null = 1 % of the changeable cells, at least 4. */
  readonly mutationCells: number | null;
  /** The regions crossover and mutation work on (see model/regions.ts). */
  readonly regions: { readonly boundaries: readonly string[]; readonly size: ParsedArea };
  /**
   * The memetic step: every `every` generations (0: never), `evaluations` moves per improved
   * layout; at the end, up to `polish` moves on each objective's best layout.
   */
  readonly localSearch: { readonly every: number; readonly evaluations: number; readonly polish: number };
}

export interface ResolvedScenario {
  /** The scenario file as given, used in messages. */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly layers: Readonly<Record<string, ResolvedLayer>>;
  readonly current: string;
  /** The layer bounding the study area (cells outside keep their use), or null. */
  readonly boundary: string | null;
  readonly classes: readonly ResolvedClass[];
  readonly demands: readonly ResolvedDemand[];
  readonly rules: ResolvedRules;
  readonly objectives: readonly ResolvedObjective[];
  readonly optimizer: OptimizerSettings;
  /**
   * The `parties:` section as written (names checked), empty when there is none. Absent in the
   * manifests of runs made before parties existed.
   */
  readonly parties?: readonly PartyDocument[];
  /** Line of each field (see source-map.ts), for messages about values found later. */
  readonly lines: Readonly<Record<string, number>>;
}
