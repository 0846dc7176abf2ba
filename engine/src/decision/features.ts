/**
 * Features of layouts a planner can read, for the decision tree (tree.ts):
 *
 * - the area of each class (ha);
 * - the area of each class within a zone (a flood zone, a reserve) or a distance band of a layer
 *   (within 400 m of transit) (ha);
 * - the compactness of each class: the aggregation index AI = g / g_max (He, DeZonia & Mladenoff
 *   2000) in %, where g counts the pairs of edge-sharing cells (4-neighbours, each pair once) that
 *   both hold the class and g_max is the most such pairs n cells can have, packed as a square:
 *       a = floor(sqrt(n)), r = n - a^2,
 *       g_max = 2a(a - 1)            when r = 0
 *               2a(a - 1) + 2r - 1   when 0 < r <= a
 *               2a(a - 1) + 2r - 2   when r > a
 *   100 % is one compact block; scattered cells score near 0.
 *
 * Features that are the same for every layout of the front say nothing about its differences and
 * are left out.
 */
import quickselect from 'quickselect';
import type { LayoutChanges } from './rows.js';
import type { FeatureInfo, FeatureTable } from './tree.js';

/** A set of changeable cells with a name, such as a flood zone or a distance band. */
export interface Zone {
  /** Plain words completing "<class> <label>", e.g. "in the flood zone", "within 400 m of transit". */
  readonly label: string;
  readonly id: string;
  /** Per gene: 1 inside the zone. */
  readonly inside: Uint8Array;
  /** Per class: hectares inside the zone on cells that never change (added to every layout). */
  readonly fixedHa: Float64Array;
}

export interface FeatureInput {
  readonly classNames: readonly string[];
  readonly classIds: readonly string[];
  readonly cellAreaHa: number;
  /** rows x classes hectares per class (whole study area). */
  readonly areasHa: Float64Array;
  /** Every layout of the front (row i = layout i), read as its changes against today. */
  readonly layouts: LayoutChanges;
  readonly zones: readonly Zone[];
  /** For compactness: the grid, today's map (values >= the number of classes are outside) and each gene's cell. */
  readonly grid: { readonly width: number; readonly height: number };
  readonly current: Uint8Array;
  readonly geneCells: Int32Array;
}

/** Most 4-neighbour like-adjacencies n cells can have (He, DeZonia & Mladenoff 2000). */
export function maxLikeAdjacencies(n: number): number {
  const a = Math.floor(Math.sqrt(n));
  const r = n - a * a;
  const base = 2 * a * (a - 1);
  return r === 0 ? base : r <= a ? base + 2 * r - 1 : base + 2 * r - 2;
}

/** Cells of each class and 4-neighbour pairs of cells that both hold it, in one full map. */
interface Adjacencies {
  readonly cells: Int32Array;
  readonly like: Int32Array;
}

function likeAdjacencies(map: Uint8Array, width: number, height: number, classCount: number): Adjacencies {
  const cells = new Int32Array(classCount);
  const like = new Int32Array(classCount);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const c = map[row + x]!;
      if (c >= classCount) continue;
      cells[c]!++;
      if (x + 1 < width && map[row + x + 1] === c) like[c]!++;
      if (y + 1 < height && map[row + width + x] === c) like[c]!++;
    }
  }
  return { cells, like };
}

function indexOf({ cells, like }: Adjacencies): Float64Array {
  return Float64Array.from({ length: cells.length }, (_, c) => {
    const max = maxLikeAdjacencies(cells[c]!);
    return max > 0 ? (100 * like[c]!) / max : NaN;
  });
}

/**
 * Aggregation index (%) of every class in one full map (class index per cell; values >= classCount
 * are outside and never count). NaN for a class with fewer than 2 cells.
 */
export function aggregationIndex(map: Uint8Array, width: number, height: number, classCount: number): Float64Array {
  return indexOf(likeAdjacencies(map, width, height, classCount));
}

/**
 * The cells and like pairs of `map` from today's (`base`, of `today`): `map` is today's map with
 * the changed `cells` written over it. Only the pairs that touch a changed cell differ: a pair in
 * which the changed cell comes first (its east and south neighbours) is counted from it; one in
 * which it comes second (west, north) only when the other cell is unchanged, else from that cell.
 * The same integers as {@link likeAdjacencies} of the whole map.
 */
function changedAdjacencies(
  base: Adjacencies,
  today: Uint8Array,
  map: Uint8Array,
  cells: Int32Array,
  count: number,
  width: number,
  height: number,
  out: Adjacencies,
): Adjacencies {
  const K = out.cells.length;
  const { like } = out;
  out.cells.set(base.cells);
  like.set(base.like);
  for (let j = 0; j < count; j++) {
    const i = cells[j]!;
    const before = today[i]!;
    const now = map[i]!;
    if (before < K) out.cells[before]!--;
    if (now < K) out.cells[now]!++;
    const y = (i / width) | 0;
    const x = i - y * width;
    if (x + 1 < width) {
      if (before < K && today[i + 1] === before) like[before]!--;
      if (now < K && map[i + 1] === now) like[now]!++;
    }
    if (y + 1 < height) {
      if (before < K && today[i + width] === before) like[before]!--;
      if (now < K && map[i + width] === now) like[now]!++;
    }
    if (x > 0 && map[i - 1] === today[i - 1]) {
      if (before < K && today[i - 1] === before) like[before]!--;
      if (now < K && map[i - 1] === now) like[now]!++;
    }
    if (y > 0 && map[i - width] === today[i - width]) {
      if (before < K && today[i - width] === before) like[before]!--;
      if (now < K && map[i - width] === now) like[now]!++;
    }
  }
  return out;
}

/**
 * The genes grouped by the zones they lie in (zones are layers and distance bands, so few
 * distinct sets): each gene's set, and each set's zones. Found by refining a partition zone by
 * zone.
 */
function zoneSets(zones: readonly Zone[], genes: number): { setOf: Int32Array; zonesOf: number[][] } {
  const setOf = new Int32Array(genes);
  let sets = 1;
  for (const zone of zones) {
    const split = new Int32Array(2 * sets).fill(-1);
    let next = 0;
    for (let g = 0; g < genes; g++) {
      const key = 2 * setOf[g]! + (zone.inside[g] ? 1 : 0);
      if (split[key] === -1) split[key] = next++;
      setOf[g] = split[key]!;
    }
    sets = next;
  }
  const zonesOf: number[][] = Array.from({ length: sets }, () => []);
  const seen = new Uint8Array(sets);
  for (let g = 0; g < genes; g++) {
    const set = setOf[g]!;
    if (seen[set]) continue;
    seen[set] = 1;
    zones.forEach((zone, z) => {
      if (zone.inside[g]) zonesOf[set]!.push(z);
    });
  }
  return { setOf, zonesOf };
}

/**
 * The feature table of every layout (features constant over the front are left out). Each layout
 * is read once, as its changes against today: its zone areas are today's plus its changes inside
 * the zone, its compactness today's like pairs plus those its changes make and break.
 */
export function layoutFeatures(input: FeatureInput): FeatureTable {
  const { layouts, zones, classNames, classIds, areasHa } = input;
  const rows = layouts.rows;
  const today = layouts.today;
  const K = classNames.length;
  const { width, height } = input.grid;
  const columns: { info: FeatureInfo; values: Float64Array }[] = [];

  for (let c = 0; c < K; c++) {
    columns.push({
      info: { id: `area.${classIds[c]}`, label: classNames[c]!, unit: 'ha' },
      values: Float64Array.from({ length: rows }, (_, i) => areasHa[i * K + c]!),
    });
  }

  // Zone areas: today's per zone, plus each layout's changes counted per set of zones (two counts
  // a change, whatever the number of zones), then added to the set's zones.
  const Z = zones.length;
  const { setOf, zonesOf } = zoneSets(zones, today.length);
  const setChanges = new Int32Array(zonesOf.length * K);
  const touched: number[] = [];
  const isTouched = new Uint8Array(zonesOf.length);
  const inSomeZone = Uint8Array.from(zonesOf, (list) => (list.length > 0 ? 1 : 0));
  const todayInZones = new Float64Array(Z * K);
  for (let g = 0; g < today.length; g++) setChanges[setOf[g]! * K + today[g]!]!++;
  zonesOf.forEach((inZones, set) => {
    for (const z of inZones) for (let c = 0; c < K; c++) todayInZones[z * K + c]! += setChanges[set * K + c]!;
  });
  setChanges.fill(0);
  const zoneAreas = zones.map(() => Array.from({ length: K }, () => new Float64Array(rows)));
  const inZones = new Float64Array(Z * K);
  const compactness = Array.from({ length: K }, () => new Float64Array(rows));
  const todayAdjacencies = likeAdjacencies(input.current, width, height, K);
  const adjacencies: Adjacencies = { cells: new Int32Array(K), like: new Int32Array(K) };
  const map = Uint8Array.from(input.current);
  const changedGenes = new Int32Array(today.length);
  const changedClasses = new Uint8Array(today.length);
  const changedCells = new Int32Array(today.length);
  for (let i = 0; i < rows; i++) {
    const count = layouts.changesOf(i, changedGenes, changedClasses);
    for (let j = 0; j < count; j++) {
      const g = changedGenes[j]!;
      const set = setOf[g]!;
      if (!inSomeZone[set]) continue;
      const at = set * K;
      if (!isTouched[set]) {
        isTouched[set] = 1;
        touched.push(set);
      }
      setChanges[at + today[g]!]!--;
      setChanges[at + changedClasses[j]!]!++;
    }
    inZones.set(todayInZones);
    for (const set of touched) {
      for (const z of zonesOf[set]!) for (let c = 0; c < K; c++) inZones[z * K + c]! += setChanges[set * K + c]!;
      setChanges.fill(0, set * K, set * K + K);
      isTouched[set] = 0;
    }
    touched.length = 0;
    for (let z = 0; z < Z; z++) {
      for (let c = 0; c < K; c++) zoneAreas[z]![c]![i] = inZones[z * K + c]! * input.cellAreaHa + zones[z]!.fixedHa[c]!;
    }
    for (let j = 0; j < count; j++) {
      const cell = input.geneCells[changedGenes[j]!]!;
      changedCells[j] = cell;
      map[cell] = changedClasses[j]!;
    }
    const ai = indexOf(
      changedAdjacencies(todayAdjacencies, input.current, map, changedCells, count, width, height, adjacencies),
    );
    for (let c = 0; c < K; c++) compactness[c]![i] = ai[c]!;
    for (let j = 0; j < count; j++) map[changedCells[j]!] = input.current[changedCells[j]!]!;
  }
  zones.forEach((zone, z) => {
    for (let c = 0; c < K; c++) {
      columns.push({
        info: { id: `${zone.id}.${classIds[c]}`, label: `${classNames[c]} ${zone.label}`, unit: 'ha' },
        values: zoneAreas[z]![c]!,
      });
    }
  });
  for (let c = 0; c < K; c++) {
    columns.push({
      info: { id: `compactness.${classIds[c]}`, label: `Compactness of ${classNames[c]}`, unit: '% (AI)' },
      values: compactness[c]!,
    });
  }

  const varying = columns.filter(({ values }) => {
    if (values.some((v) => Number.isNaN(v))) return false;
    for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return true;
    return false;
  });
  const values = new Float64Array(rows * varying.length);
  varying.forEach((column, f) => {
    for (let i = 0; i < rows; i++) values[i * varying.length + f] = column.values[i]!;
  });
  return { features: varying.map((c) => c.info), rows, values };
}

/** Three bands cut at the terciles of `distances` rounded to 100 m (fewer when cuts coincide). */
export function distanceBands(distances: Float64Array): { from: number; to: number }[] {
  if (distances.length === 0) return [];
  // The two order statistics by selection (quickselect, Floyd-Rivest): linear time, where sorting
  // 3.7 M distances (2000 x 2000 cells) took 0.4 s a layer. The second selects among the values
  // above the first, which the first leaves on its right.
  const values = Float64Array.from(distances);
  const select = (k: number, left: number): number => {
    quickselect(values as unknown as number[], k, left);
    return values[k]!;
  };
  const last = values.length - 1;
  const lower = Math.floor((1 / 3) * last);
  const upper = Math.floor((2 / 3) * last);
  const cut = (v: number) => Math.max(100, Math.round(v / 100) * 100);
  const edges = [...new Set([cut(select(lower, 0)), cut(select(upper, lower))])];
  const bounds = [0, ...edges, Infinity];
  return bounds.slice(0, -1).map((from, k) => ({ from, to: bounds[k + 1]! }));
}
