/**
 * Groups of similar layouts: the packed Hamming distances against a plain count, k-medoids recovering
 * planted groups of similar layouts with their true medoids, the silhouette choosing the planted
 * number of groups, and the edge cases.
 */
import { describe, expect, it } from 'vitest';
import {
  chooseGroups,
  clusterByMedoids,
  meanSilhouette,
  layoutDistances,
  MAX_COMPARED_GENES,
  representativeLayouts,
} from '../../../engine/src/decision/index.js';

/** A small deterministic generator (LCG) so the fixtures need no library. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

function naiveDistance(genomes: Uint8Array, genes: number, a: number, b: number): number {
  let differing = 0;
  for (let g = 0; g < genes; g++) if (genomes[a * genes + g] !== genomes[b * genes + g]) differing++;
  return differing / genes;
}

/** Total distance from every member of `ids` to `candidate`. */
function spread(genomes: Uint8Array, genes: number, ids: number[], candidate: number): number {
  return ids.reduce((sum, i) => sum + naiveDistance(genomes, genes, i, candidate), 0);
}

describe('layoutDistances', () => {
  it.each([1, 4, 37, 1001])('equals the share of differing genes (%i genes)', (genes) => {
    const next = lcg(genes);
    const rows = 9;
    const genomes = new Uint8Array(rows * genes).map(() => next(10));
    // Make some rows near-copies so that small distances are exercised too.
    genomes.copyWithin(3 * genes, 2 * genes, 3 * genes);
    genomes[3 * genes] = (genomes[3 * genes]! + 1) % 10;
    const distances = layoutDistances(genomes, rows, genes);
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < rows; b++) {
        expect(distances[a * rows + b]).toBe(a === b ? 0 : naiveDistance(genomes, genes, a, b));
      }
    }
  });
});

describe('representativeLayouts (k-medoids)', () => {
  it('recovers planted groups of similar layouts, each with its true medoid, largest first', () => {
    const genes = 603;
    const next = lcg(7);
    const sizes = [9, 6, 4];
    const bases = sizes.map(() => Uint8Array.from({ length: genes }, () => next(8)));
    // Members: their base with 1-4 % of the genes changed, in a shuffled order of ids.
    const planted: number[] = sizes.flatMap((size, group) => Array.from({ length: size }, () => group));
    for (let i = planted.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [planted[i], planted[j]] = [planted[j]!, planted[i]!];
    }
    const rows = planted.length;
    const genomes = new Uint8Array(rows * genes);
    planted.forEach((group, id) => {
      const row = genomes.subarray(id * genes, (id + 1) * genes);
      row.set(bases[group]!);
      const changes = Math.round(genes * (0.01 + 0.03 * (next(1000) / 1000)));
      for (let c = 0; c < changes; c++) row[next(genes)] = next(8);
    });

    const clusters = representativeLayouts(genomes, rows, genes, 3);
    expect(clusters.map((c) => c.members.length)).toEqual(sizes);
    clusters.forEach((cluster, group) => {
      const expected = planted.flatMap((g, id) => (g === group ? [id] : []));
      expect(cluster.members).toEqual(expected);
      // The medoid minimises the total distance to the cluster's members.
      const best = Math.min(...expected.map((id) => spread(genomes, genes, expected, id)));
      expect(spread(genomes, genes, expected, cluster.medoid)).toBeCloseTo(best, 12);
      expect(cluster.meanDifference).toBeGreaterThan(0);
      expect(cluster.meanDifference).toBeLessThan(0.1);
    });
    // Deterministic: the same input gives the same clusters.
    expect(representativeLayouts(genomes, rows, genes, 3)).toEqual(clusters);
  });

  it('compares large maps on an even sample of their cells and still finds the groups', () => {
    const genes = MAX_COMPARED_GENES + 4321;
    const next = lcg(3);
    const bases = [0, 1].map(() => Uint8Array.from({ length: genes }, () => next(6)));
    const rows = 6;
    const genomes = new Uint8Array(rows * genes);
    for (let id = 0; id < rows; id++) {
      const row = genomes.subarray(id * genes, (id + 1) * genes);
      row.set(bases[id % 2]!);
      for (let c = 0; c < 500 * (1 + id); c++) row[next(genes)] = next(6);
    }
    const clusters = representativeLayouts(genomes, rows, genes, 2);
    expect(clusters.map((c) => c.members).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    for (const cluster of clusters) {
      const exact =
        cluster.members
          .filter((id) => id !== cluster.medoid)
          .reduce((sum, id) => sum + naiveDistance(genomes, genes, id, cluster.medoid), 0) /
        (cluster.members.length - 1);
      expect(cluster.meanDifference).toBeCloseTo(exact, 2);
    }
  });

  it('gives fewer clusters than asked when there are fewer (distinct) layouts, and none for none', () => {
    const genes = 10;
    const two = new Uint8Array(2 * genes);
    two.fill(1, genes);
    expect(representativeLayouts(two, 2, genes, 5).map((c) => c.members)).toEqual([[0], [1]]);
    const same = new Uint8Array(4 * genes).fill(3);
    expect(representativeLayouts(same, 4, genes, 3)).toEqual([{ medoid: 0, members: [0, 1, 2, 3], meanDifference: 0 }]);
    expect(clusterByMedoids(new Float64Array(0), 0, 3)).toEqual([]);
  });

  it('improves on the greedy start by swapping medoids (PAM SWAP)', () => {
    // Points on a line at 0, 1, 2, 10, 11, 12: BUILD starts from the overall medoid (2 or 10), the
    // swap phase must end with the two group centres 1 and 11.
    const positions = [0, 1, 2, 10, 11, 12];
    const rows = positions.length;
    const distances = new Float64Array(rows * rows);
    for (let a = 0; a < rows; a++)
      for (let b = 0; b < rows; b++) distances[a * rows + b] = Math.abs(positions[a]! - positions[b]!);
    const clusters = clusterByMedoids(distances, rows, 2);
    expect(clusters.map((c) => c.medoid).sort((a, b) => a - b)).toEqual([1, 4]);
    expect(clusters.map((c) => c.members)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
});

/** Euclidean distances of points in the plane. */
function planeDistances(points: [number, number][]): Float64Array {
  const n = points.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) d[a * n + b] = Math.hypot(points[a]![0] - points[b]![0], points[a]![1] - points[b]![1]);
  return d;
}

describe('silhouette', () => {
  it('matches a hand computation', () => {
    // Points 0, 1 | 5: a(0) = 1, b(0) = 5 -> s = 0.8; a(1) = 1, b(1) = 4 -> s = 0.75; a singleton scores 0.
    const d = planeDistances([
      [0, 0],
      [1, 0],
      [5, 0],
    ]);
    const clusters = clusterByMedoids(d, 3, 2);
    expect(meanSilhouette(d, 3, clusters)).toBeCloseTo((0.8 + 0.75 + 0) / 3, 12);
  });

  it.each([2, 3, 4, 6])('chooses the %i planted groups among k = 2..8', (groups) => {
    const next = lcg(100 + groups);
    const points: [number, number][] = [];
    const planted: number[] = [];
    for (let g = 0; g < groups; g++) {
      const angle = (2 * Math.PI * g) / groups;
      const [cx, cy] = [20 * Math.cos(angle), 20 * Math.sin(angle)];
      const size = 4 + next(6);
      for (let k = 0; k < size; k++) {
        points.push([cx + (next(1000) / 1000 - 0.5) * 4, cy + (next(1000) / 1000 - 0.5) * 4]);
        planted.push(g);
      }
    }
    const chosen = chooseGroups(planeDistances(points), points.length);
    expect(chosen.clusters).toHaveLength(groups);
    expect(chosen.silhouettes.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // Every cluster is exactly one planted group.
    for (const cluster of chosen.clusters) expect(new Set(cluster.members.map((i) => planted[i]))).toHaveLength(1);
  });

  it('picks the planted number of groups of layouts when no k is given', () => {
    const genes = 400;
    const next = lcg(11);
    const bases = [0, 1, 2, 3].map(() => Uint8Array.from({ length: genes }, () => next(6)));
    const rows = 24;
    const genomes = new Uint8Array(rows * genes);
    for (let id = 0; id < rows; id++) {
      const row = genomes.subarray(id * genes, (id + 1) * genes);
      row.set(bases[id % 4]!);
      for (let c = 0; c < 12; c++) row[next(genes)] = next(6);
    }
    const clusters = representativeLayouts(genomes, rows, genes);
    expect(clusters.map((c) => c.members.map((id) => id % 4))).toEqual(
      clusters.map((c) => c.members.map(() => c.members[0]! % 4)),
    );
    expect(clusters).toHaveLength(4);
  });

  it('one group for fewer than three layouts or identical ones', () => {
    expect(chooseGroups(new Float64Array(4), 2).clusters).toHaveLength(1);
    expect(chooseGroups(new Float64Array(25), 5)).toEqual({
      clusters: [{ medoid: 0, members: [0, 1, 2, 3, 4], meanDifference: 0 }],
      silhouettes: [],
    });
  });
});
