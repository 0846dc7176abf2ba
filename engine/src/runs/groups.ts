/**
 * Explained groups of a run's front: the groups of similar layouts (k-medoids, the number chosen by
 * silhouette), what sets each apart (decision/groups.ts), and a depth-3 decision tree over layout
 * features (decision/features.ts, decision/tree.ts) that tells the groups apart, or tells a
 * brushed region of the front from the rest.
 *
 * Zones and distance bands for the features come from the run's scenario: the layers its rules
 * keep free of building (no-build, protected areas) and its flood and reserve-edge indicators
 * measure are zones ("in floodzone"); the layers its objectives measure distances from (the centre
 * of the land-value premium, roads, amenities) get three distance bands each, cut at the terciles
 * of the changeable cells' distances rounded to 100 m ("within 600 m of transit"). Reading the
 * layers again takes about a second; if they cannot be read, the tree uses areas and compactness
 * only and says why.
 */
import {
  chooseGroups,
  describeRule,
  distanceBands,
  explainLabels,
  frontDistances,
  layoutFeatures,
  profileGroups,
  type ChosenGroups,
  type FeatureTable,
  type GenomeRows,
  type GroupProfile,
  type TreeRule,
  type TreeExplanation,
  type Zone,
} from '../decision/index.js';
import { euclideanDistance, type GridSpec } from '../gis/index.js';
import { prepareScenario, type ResolvedScenario } from '../landuse/index.js';
import { formatFixed } from '../report/format.js';
import { RunInputError } from './errors.js';
import { frontChangeCounts } from './front-agreement.js';
import { frontLayoutChanges, frontRow, genomeOf, type LoadedFront } from './front-io.js';
import { runCriteria } from './parties.js';
import { fillBy, gather } from '../io/typed-map.js';

/** A box on the objectives: each bound in natural units, null = open. */
export type FrontRegion = readonly {
  readonly objective: string;
  readonly min: number | null;
  readonly max: number | null;
}[];

export interface GroupsAnalysis {
  readonly groups: ChosenGroups;
  readonly profiles: readonly GroupProfile[];
  readonly features: FeatureTable;
  /** Why zones and distance bands are missing from the features, when they are. */
  readonly featureNote: string | null;
  /** What tells the groups apart (null for a single group). */
  readonly groupTree: TreeExplanation | null;
  /** What tells the region from the rest of the front, when a region was given. */
  readonly regionTree: (TreeExplanation & { readonly members: readonly number[] }) | null;
}

const groupCache = new WeakMap<LoadedFront, ChosenGroups>();

/**
 * The groups of similar layouts of a front: as the run recorded them with its final front
 * (outputs.ts), else computed once per loaded front (a live run's front, older folders).
 */
export function frontGroups(front: LoadedFront): ChosenGroups {
  const recorded = front.manifest.front?.groups;
  if (recorded) return recorded;
  let groups = groupCache.get(front);
  if (!groups) {
    const genes = front.manifest.studyArea.genes;
    const buffer = new Uint8Array(genes); // one row at a time, unless every row is decoded already
    groups = layoutGroups((row) => genomeOf(front, row, buffer), front.rows, genes);
    groupCache.set(front, groups);
  }
  return groups;
}

/** The groups of similar layouts among `rows` genomes (see decision/clustering.ts). */
export function layoutGroups(genomes: GenomeRows, rows: number, genes: number): ChosenGroups {
  return chooseGroups(frontDistances(genomes, rows, genes), rows);
}

/** Areas per class of every layout (rows x classes ha) from front.csv. */
export function frontAreas(front: LoadedFront): Float64Array {
  const K = front.manifest.classes.length;
  const areas = new Float64Array(front.rows * K);
  for (let i = 0; i < front.rows; i++) areas.set(frontRow(front, i).areaHa, i * K);
  return areas;
}

/** Layouts of the front inside a box on the objectives. */
export function layoutsInRegion(front: LoadedFront, region: FrontRegion): number[] {
  const objectives = front.manifest.objectives;
  const columns = region.map((bound) => {
    const j = objectives.findIndex((o) => o.id === bound.objective);
    if (j < 0) {
      throw new RunInputError(
        `Unknown objective "${bound.objective}" in the region: the run has ${objectives.map((o) => o.id).join(', ')}.`,
      );
    }
    return j;
  });
  const inside: number[] = [];
  front.table.forEach((_, i) => {
    const values = frontRow(front, i).objectives;
    const ok = region.every((bound, k) => {
      const v = values[columns[k]!]!;
      return (bound.min === null || v >= bound.min) && (bound.max === null || v <= bound.max);
    });
    if (ok) inside.push(i);
  });
  return inside;
}

/** Explain the groups of a loaded front, and a brushed region of it when given. */
export async function analyseGroups(front: LoadedFront, region: FrontRegion | null = null): Promise<GroupsAnalysis> {
  const inRegion = region ? layoutsInRegion(front, region) : null; // a bad region fails before any work
  const groups = frontGroups(front);
  const { manifest } = front;
  const K = manifest.classes.length;
  const areasHa = frontAreas(front);
  const layouts = frontLayoutChanges(front);
  const profiles = profileGroups({
    clusters: groups.clusters,
    criteria: runCriteria(front).table,
    areasHa,
    classCount: K,
    layouts,
    frontCounts: await frontChangeCounts(front, K),
  });
  const { zones, note } = await scenarioZones(front);
  const features = layoutFeatures({
    classNames: manifest.classes.map((c) => c.name),
    classIds: manifest.classes.map((c) => c.id),
    cellAreaHa: manifest.cellAreaHa,
    areasHa,
    layouts,
    zones,
    grid: manifest.grid,
    current: front.current,
    geneCells: front.geneCells,
  });

  const groupLabels = new Int32Array(front.rows);
  groups.clusters.forEach((cluster, g) => cluster.members.forEach((i) => (groupLabels[i] = g)));
  const groupTree =
    groups.clusters.length < 2
      ? null
      : explainLabels(
          features,
          groupLabels,
          groups.clusters.map((c, g) => `group ${g + 1}`),
        );

  let regionTree: GroupsAnalysis['regionTree'] = null;
  if (inRegion) {
    const members = inRegion;
    const labels = new Int32Array(front.rows);
    for (const i of members) labels[i] = 1;
    regionTree = { ...explainLabels(features, labels, ['outside the region', 'in the region']), members };
  }
  return { groups, profiles, features, featureNote: note, groupTree, regionTree };
}

/** A rule of a tree in plain words (numbers with one decimal, none from 100 up), as the CLI and the report print it. */
export function ruleText(rule: TreeRule, features: FeatureTable, labels: readonly string[]): string {
  return describeRule(
    rule,
    features.features,
    (label) => labels[label]!,
    (v) => formatFixed(v, Math.abs(v) >= 100 ? 0 : 1),
  );
}

/** Zones and distance bands of the run's scenario as sets of genes (see the module comment). */
async function scenarioZones(front: LoadedFront): Promise<{ zones: Zone[]; note: string | null }> {
  const scenario = front.manifest.scenario.parsed as ResolvedScenario;
  const zoneLayers = new Set<string>([...scenario.rules.noBuild, ...scenario.rules.protectedAreas]);
  const bandLayers = new Set<string>();
  for (const objective of scenario.objectives) {
    for (const indicator of objective.indicators) {
      if (indicator.type === 'floodExposure') zoneLayers.add(indicator.layer);
      if (indicator.type === 'protectedEdge') indicator.layers.forEach((l) => zoneLayers.add(l));
      if (indicator.type === 'landValue' && indicator.accessFrom) bandLayers.add(indicator.accessFrom);
      if (indicator.type === 'developmentCost' && indicator.roads) bandLayers.add(indicator.roads);
      if (indicator.type === 'amenityAccess') indicator.layers.forEach((l) => bandLayers.add(l));
    }
  }
  if (zoneLayers.size + bandLayers.size === 0) return { zones: [], note: null };
  let prepared;
  try {
    prepared = await prepareScenario(scenario);
  } catch (error) {
    return {
      zones: [],
      note: `zones and distance bands left out: the scenario's layers could not be read (${(error as Error).message.split('\n')[0]})`,
    };
  }
  const { layers, distanceLayers } = prepared.studyArea;
  const grid = front.manifest.grid as GridSpec;
  const zones: Zone[] = [];
  const isGene = new Uint8Array(front.current.length);
  for (const cell of front.geneCells) isGene[cell] = 1;
  const cellCount = front.current.length;
  // A zone from a mask of the grid's cells (built in plain loops: a test called per cell of a
  // 2000 x 2000 grid took most of the zones' time).
  const zoneOf = (id: string, label: string, cellInside: Uint8Array): Zone => {
    const inside = gather(new Uint8Array(front.geneCells.length), cellInside, front.geneCells);
    const fixedHa = new Float64Array(front.manifest.classes.length);
    for (let cell = 0; cell < cellCount; cell++) {
      const c = front.current[cell]!;
      if (cellInside[cell] && !isGene[cell] && c < fixedHa.length) fixedHa[c]! += front.manifest.cellAreaHa;
    }
    return { id, label, inside, fixedHa };
  };
  const mask = new Uint8Array(cellCount);
  for (const name of zoneLayers) {
    const layer = layers[name];
    if (!layer) continue;
    for (let cell = 0; cell < cellCount; cell++) mask[cell] = layer[cell]! > 0 ? 1 : 0;
    zones.push(zoneOf(`in.${name}`, `in ${name}`, mask));
  }
  for (const name of bandLayers) {
    const layer = layers[name];
    if (!layer) continue;
    const distance = distanceLayers.includes(name)
      ? layer
      : euclideanDistance(
          grid,
          fillBy(new Uint8Array(layer.length), (i) => (layer[i]! > 0 ? 1 : 0)),
        );
    for (const band of distanceBands(gather(new Float64Array(front.geneCells.length), distance, front.geneCells))) {
      const label =
        band.from === 0
          ? `within ${band.to} m of ${name}`
          : band.to === Infinity
            ? `beyond ${band.from} m from ${name}`
            : `${band.from}-${band.to} m from ${name}`;
      for (let cell = 0; cell < cellCount; cell++) {
        const d = distance[cell]!;
        mask[cell] = d >= band.from && d < band.to ? 1 : 0;
      }
      zones.push(zoneOf(`${name}.${band.from}-${band.to}`, label, mask));
    }
  }
  return { zones, note: null };
}
