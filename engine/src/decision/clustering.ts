/**
 * Groups of similar layouts: planners cannot inspect 150 layouts, so the front is grouped into a
 * few clusters of similar maps, each shown by its medoid (the member closest to the others).
 *
 * Distance between two layouts = the share of changeable cells to which they give different
 * classes (Hamming distance / number of genes, 0..1): "similar" means similar maps, not similar
 * scores. Clustering is k-medoids by PAM (Kaufman & Rousseeuw 1990): BUILD picks the medoid of the
 * whole front, then each next medoid that lowers the total distance most; SWAP exchanges a medoid
 * with a non-medoid while that lowers the total. No randomness (ties go to the lower id), so the
 * same front always gives the same representatives.
 *
 * The number of groups is chosen by the mean silhouette (Rousseeuw 1987) over k = 2..8: for
 * layout i in group A, a(i) = mean distance to the other members of A, b(i) = the smallest mean
 * distance to the members of another group, s(i) = (b - a) / max(a, b) (0 for a group of one);
 * the k with the highest mean s wins (ties: the smaller k). See docs/parties.md.
 */
import { rowReader, type GenomeRows } from './rows.js';

/** One cluster of similar layouts. */
export interface LayoutCluster {
  /** Solution id of the medoid: the member with the least total distance to the others. */
  readonly medoid: number;
  /** Solution ids of every member (the medoid included), ascending. */
  readonly members: number[];
  /** Mean share of cells (0..1) in which a member differs from the medoid (members other than the medoid). */
  readonly meanDifference: number;
}

/** The numbers of groups the silhouette chooses among: "a few". */
export const GROUP_COUNTS = { min: 2, max: 8 } as const;

/**
 * Pairwise distances of `rows` genomes of `genes` classes each (row i = genomes[i*genes ..]): the
 * share of genes that differ. Returns a rows x rows symmetric matrix.
 */
export function layoutDistances(genomes: Uint8Array, rows: number, genes: number): Float64Array {
  const distances = new Float64Array(rows * rows);
  if (rows === 0 || genes === 0) return distances;
  // Compare four genes at a time: each row is copied into a 4-byte-aligned, zero-padded slot.
  const words = Math.ceil(genes / 4);
  const packed = new Uint32Array(rows * words);
  const bytes = new Uint8Array(packed.buffer);
  for (let r = 0; r < rows; r++) bytes.set(genomes.subarray(r * genes, (r + 1) * genes), r * words * 4);
  for (let a = 0; a < rows; a++) {
    const offsetA = a * words;
    for (let b = a + 1; b < rows; b++) {
      const offsetB = b * words;
      let differing = 0;
      for (let w = 0; w < words; w++) {
        const x = packed[offsetA + w]! ^ packed[offsetB + w]!;
        // 0x01 in each byte of x that is non-zero, then their sum lands in the top byte.
        const nonZero = ((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) >>> 7) & 0x01010101;
        differing += Math.imul(nonZero, 0x01010101) >>> 24;
      }
      const d = differing / genes;
      distances[a * rows + b] = d;
      distances[b * rows + a] = d;
    }
  }
  return distances;
}

/**
 * k-medoids (PAM) on a rows x rows distance matrix. Returns up to `k` clusters (fewer when there
 * are fewer rows, or fewer distinct ones), ordered by size (largest first, then by medoid id).
 */
export function clusterByMedoids(distances: Float64Array, rows: number, k: number): LayoutCluster[] {
  const count = Math.min(Math.max(1, Math.floor(k)), rows);
  if (rows === 0) return [];
  const d = (a: number, b: number) => distances[a * rows + b]!;
  const medoids: number[] = [];
  const isMedoid = new Uint8Array(rows);
  // nearest[i]: distance from row i to its closest medoid so far.
  const nearest = new Float64Array(rows).fill(Infinity);
  const addMedoid = (m: number) => {
    medoids.push(m);
    isMedoid[m] = 1;
    for (let i = 0; i < rows; i++) nearest[i] = Math.min(nearest[i]!, d(i, m));
  };

  // BUILD: each step adds the row that lowers the total distance to the nearest medoid most.
  while (medoids.length < count) {
    let best = -1;
    let bestGain = -Infinity;
    for (let c = 0; c < rows; c++) {
      if (isMedoid[c]) continue;
      let gain = 0;
      for (let i = 0; i < rows; i++) {
        const current = nearest[i]!;
        const withC = d(i, c);
        // Before the first medoid every row is infinitely far: compare negative totals instead.
        gain += current === Infinity ? -withC : Math.max(0, current - withC);
      }
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
    }
    // No further medoid brings any row closer (identical layouts): fewer, not empty, clusters.
    if (medoids.length > 0 && bestGain <= 0) break;
    addMedoid(best);
  }

  // SWAP: replace a medoid by a non-medoid while the total distance falls (first-improvement
  // passes in id order; every accepted swap lowers the total, so it ends).
  const total = (set: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      let closest = Infinity;
      for (const m of set) closest = Math.min(closest, d(i, m));
      sum += closest;
    }
    return sum;
  };
  let cost = total(medoids);
  for (let improved = true; improved;) {
    improved = false;
    for (let slot = 0; slot < medoids.length; slot++) {
      for (let c = 0; c < rows; c++) {
        if (isMedoid[c]) continue;
        const trial = medoids.slice();
        trial[slot] = c;
        const trialCost = total(trial);
        // A relative tolerance keeps floating-point noise from cycling.
        if (trialCost < cost - 1e-12 * Math.max(1, cost)) {
          isMedoid[medoids[slot]!] = 0;
          isMedoid[c] = 1;
          medoids[slot] = c;
          cost = trialCost;
          improved = true;
        }
      }
    }
  }

  // Assign each row to its closest medoid (ties: the lower medoid id; a medoid to itself).
  const sorted = [...medoids].sort((a, b) => a - b);
  const members = new Map<number, number[]>(sorted.map((m) => [m, []]));
  for (let i = 0; i < rows; i++) {
    let owner = sorted[0]!;
    if (isMedoid[i]) owner = i;
    else for (const m of sorted) if (d(i, m) < d(i, owner)) owner = m;
    members.get(owner)!.push(i);
  }
  return sorted
    .map((medoid) => {
      const list = members.get(medoid)!;
      const others = list.filter((i) => i !== medoid);
      const meanDifference = others.length === 0 ? 0 : others.reduce((sum, i) => sum + d(i, medoid), 0) / others.length;
      return { medoid, members: list, meanDifference };
    })
    .sort((a, b) => b.members.length - a.members.length || a.medoid - b.medoid);
}

/**
 * Genes compared at most per pair of layouts. Larger study areas are compared on this many genes
 * spread evenly over the genome (row-major cells, so over the whole map): the share of differing
 * cells is then estimated to within about 0.4 percentage points (two standard errors), and
 * grouping 150 layouts of a 500 x 500 map takes about as long as of the 240 x 240 default.
 */
export const MAX_COMPARED_GENES = 65_536;

/**
 * The rows x rows distances of a front's layouts (rows x genes genomes in one matrix, a list of
 * rows, or a function giving row r, read once each in order): exact for up to
 * {@link MAX_COMPARED_GENES} genes, estimated on an even sample of them above.
 */
export function frontDistances(genomes: GenomeRows, rows: number, genes: number): Float64Array {
  const rowOf = rowReader(genomes, genes);
  const compared = Math.min(genes, MAX_COMPARED_GENES);
  const sample = new Uint8Array(rows * compared);
  for (let r = 0; r < rows; r++) {
    const row = rowOf(r);
    if (compared === genes) sample.set(row, r * compared);
    else for (let s = 0; s < compared; s++) sample[r * compared + s] = row[Math.floor((s * genes) / compared)]!;
  }
  return layoutDistances(sample, rows, compared);
}

/**
 * Cluster a front's layouts (rows x genes genomes) into groups of similar maps: `k` groups when
 * given, else as many (2 to 8) as the silhouette chooses ({@link chooseGroups}).
 */
export function representativeLayouts(genomes: Uint8Array, rows: number, genes: number, k?: number): LayoutCluster[] {
  const distances = frontDistances(genomes, rows, genes);
  return k === undefined ? chooseGroups(distances, rows).clusters : clusterByMedoids(distances, rows, k);
}

/**
 * Mean silhouette of a clustering (Rousseeuw 1987): for each row i, a = its mean distance to the
 * other members of its cluster, b = the smallest mean distance to the members of another cluster,
 * s = (b - a) / max(a, b), and s = 0 for a cluster of one (or when a = b = 0). -1..1, higher is
 * better separated. Needs at least two clusters (else 0).
 */
export function meanSilhouette(distances: Float64Array, rows: number, clusters: readonly LayoutCluster[]): number {
  if (clusters.length < 2 || rows === 0) return 0;
  const owner = new Int32Array(rows);
  clusters.forEach((cluster, c) => {
    for (const i of cluster.members) owner[i] = c;
  });
  const sums = new Float64Array(clusters.length);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    sums.fill(0);
    for (let j = 0; j < rows; j++) sums[owner[j]!]! += distances[i * rows + j]!;
    const own = owner[i]!;
    const size = clusters[own]!.members.length;
    if (size === 1) continue; // s(i) = 0
    const a = sums[own]! / (size - 1);
    let b = Infinity;
    for (let c = 0; c < clusters.length; c++) if (c !== own) b = Math.min(b, sums[c]! / clusters[c]!.members.length);
    const scale = Math.max(a, b);
    if (scale > 0) total += (b - a) / scale;
  }
  return total / rows;
}

/** The groups chosen by silhouette, and the silhouette of every k tried. */
export interface ChosenGroups {
  clusters: LayoutCluster[];
  /** Mean silhouette per number of groups tried (k ascending); empty when no choice was possible. */
  silhouettes: { k: number; silhouette: number }[];
}

/**
 * k-medoids for every k in `range` (default 2..8, at most rows - 1) and the clustering with the
 * highest mean silhouette (ties: the smaller k). A front of fewer than 3 layouts, or of identical
 * layouts, is one group.
 */
export function chooseGroups(
  distances: Float64Array,
  rows: number,
  range: { min: number; max: number } = GROUP_COUNTS,
): ChosenGroups {
  const silhouettes: ChosenGroups['silhouettes'] = [];
  let best: LayoutCluster[] | null = null;
  let bestScore = -Infinity;
  for (let k = Math.max(2, range.min); k <= Math.min(range.max, rows - 1); k++) {
    const clusters = clusterByMedoids(distances, rows, k);
    if (clusters.length < k) break; // fewer distinct layouts than k: larger k cannot do better
    const silhouette = meanSilhouette(distances, rows, clusters);
    silhouettes.push({ k, silhouette });
    if (silhouette > bestScore + 1e-12) {
      bestScore = silhouette;
      best = clusters;
    }
  }
  return { clusters: best ?? clusterByMedoids(distances, rows, 1), silhouettes };
}
