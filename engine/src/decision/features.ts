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
  readonly rows: number;
  /** rows x genes class indices. */
  readonly genomes: Uint8Array;
  readonly genes: number;
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

/**
 * Aggregation index (%) of every class in one full map (class index per cell; values >= classCount
 * are outside and never count). NaN for a class with fewer than 2 cells.
 */
export function aggregationIndex(map: Uint8Array, width: number, height: number, classCount: number): Float64Array {
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
  return Float64Array.from({ length: classCount }, (_, c) => {
    const max = maxLikeAdjacencies(cells[c]!);
    return max > 0 ? (100 * like[c]!) / max : NaN;
  });
}

/** The feature table of every layout (features constant over the front are left out). */
export function layoutFeatures(input: FeatureInput): FeatureTable {
  const { rows, genes, genomes, zones, classNames, classIds, areasHa } = input;
  const K = classNames.length;
  const columns: { info: FeatureInfo; values: Float64Array }[] = [];

  for (let c = 0; c < K; c++) {
    columns.push({
      info: { id: `area.${classIds[c]}`, label: classNames[c]!, unit: 'ha' },
      values: Float64Array.from({ length: rows }, (_, i) => areasHa[i * K + c]!),
    });
  }

  for (const zone of zones) {
    const perClass = Array.from({ length: K }, () => new Float64Array(rows));
    const counts = new Int32Array(K);
    for (let i = 0; i < rows; i++) {
      counts.fill(0);
      const offset = i * genes;
      for (let g = 0; g < genes; g++) if (zone.inside[g]) counts[genomes[offset + g]!]!++;
      for (let c = 0; c < K; c++) perClass[c]![i] = counts[c]! * input.cellAreaHa + zone.fixedHa[c]!;
    }
    for (let c = 0; c < K; c++) {
      columns.push({
        info: { id: `${zone.id}.${classIds[c]}`, label: `${classNames[c]} ${zone.label}`, unit: 'ha' },
        values: perClass[c]!,
      });
    }
  }

  const compactness = Array.from({ length: K }, () => new Float64Array(rows));
  const map = new Uint8Array(input.current.length);
  for (let i = 0; i < rows; i++) {
    map.set(input.current);
    const offset = i * genes;
    for (let g = 0; g < genes; g++) map[input.geneCells[g]!] = genomes[offset + g]!;
    const ai = aggregationIndex(map, input.grid.width, input.grid.height, K);
    for (let c = 0; c < K; c++) compactness[c]![i] = ai[c]!;
  }
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
  const sorted = Float64Array.from(distances).sort();
  const cut = (q: number) => Math.max(100, Math.round(sorted[Math.floor(q * (sorted.length - 1))]! / 100) * 100);
  const edges = [...new Set([cut(1 / 3), cut(2 / 3)])];
  const bounds = [0, ...edges, Infinity];
  return bounds.slice(0, -1).map((from, k) => ({ from, to: bounds[k + 1]! }));
}
