/**
 * Slow, obviously-correct reference implementations that the fast ones are checked against.
 * Deliberately written in the plainest way (no shared code with engine/src/optimizer).
 */

export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j]! > b[j]!) return false;
    if (a[j]! < b[j]!) strictly = true;
  }
  return strictly;
}

/** O(M N^2) peeling: front 0 = not dominated by anyone; remove it; repeat. */
export function naiveRanks(points: readonly (readonly number[])[]): number[] {
  const rank = new Array<number>(points.length).fill(-1);
  let remaining = points.map((_, i) => i);
  let front = 0;
  while (remaining.length > 0) {
    const current = remaining.filter((i) => !remaining.some((k) => dominates(points[k]!, points[i]!)));
    for (const i of current) rank[i] = front;
    remaining = remaining.filter((i) => rank[i] === -1);
    front++;
  }
  return rank;
}

/**
 * Ranks by dynamic programming over a lexicographic order (computed with Array.prototype.sort):
 * rank(i) = 1 + the largest rank among the points dominating i (0 if none). O(M N^2), no peeling,
 * so it stays usable for a few thousand points.
 */
export function dynamicProgrammingRanks(points: readonly (readonly number[])[]): number[] {
  const order = points
    .map((_, i) => i)
    .sort((a, b) => {
      for (let j = 0; j < points[a]!.length; j++)
        if (points[a]![j] !== points[b]![j]) return points[a]![j]! - points[b]![j]!;
      return 0;
    });
  const rank = new Array<number>(points.length).fill(0);
  for (let x = 0; x < order.length; x++) {
    const i = order[x]!;
    for (let y = 0; y < x; y++) {
      const k = order[y]!;
      if (rank[k]! + 1 > rank[i]! && dominates(points[k]!, points[i]!)) rank[i] = rank[k]! + 1;
    }
  }
  return rank;
}

/**
 * Crowding distance of one front with the engine's documented duplicate rule: exact copies
 * after the first (in lexicographic, then input order) get 0; an objective on which all unique
 * members agree adds nothing; otherwise extremes get Infinity.
 */
export function naiveCrowding(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const m = points[0]?.length ?? 0;
  const distance = new Array<number>(n).fill(0);
  const lexOrder = points
    .map((_, i) => i)
    .sort((a, b) => {
      for (let j = 0; j < m; j++) if (points[a]![j] !== points[b]![j]) return points[a]![j]! - points[b]![j]!;
      return a - b;
    });
  const unique: number[] = [];
  for (const i of lexOrder) {
    if (!unique.some((u) => points[u]!.every((v, j) => v === points[i]![j]))) unique.push(i);
  }
  if (unique.length <= 2) {
    for (const i of unique) distance[i] = Infinity;
    return distance;
  }
  for (let j = 0; j < m; j++) {
    const sorted = [...unique].sort(
      (a, b) => points[a]![j]! - points[b]![j]! || lexOrder.indexOf(a) - lexOrder.indexOf(b),
    );
    const low = points[sorted[0]!]![j]!;
    const high = points[sorted[sorted.length - 1]!]![j]!;
    if (high - low <= 0) continue;
    distance[sorted[0]!] = Infinity;
    distance[sorted[sorted.length - 1]!] = Infinity;
    for (let k = 1; k < sorted.length - 1; k++) {
      distance[sorted[k]!]! += (points[sorted[k + 1]!]![j]! - points[sorted[k - 1]!]![j]!) / (high - low);
    }
  }
  return distance;
}

/**
 * Hypervolume by inclusion-exclusion over all non-empty subsets: the volume of the union of boxes
 * [p, ref] is sum over subsets S of (-1)^(|S|+1) * volume(box of the componentwise max of S).
 * Exponential: keep n <= 14.
 */
export function inclusionExclusionHypervolume(
  points: readonly (readonly number[])[],
  reference: readonly number[],
): number {
  const inside = points.filter((p) => p.every((v, j) => v < reference[j]!));
  const n = inside.length;
  let total = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    const corner = reference.map(() => -Infinity);
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) {
        bits++;
        inside[i]!.forEach((v, j) => (corner[j] = Math.max(corner[j]!, v)));
      }
    }
    const volume = corner.reduce((product, v, j) => product * (reference[j]! - v), 1);
    total += bits % 2 === 1 ? volume : -volume;
  }
  return total;
}

/** Exact hypervolume by slicing the last axis and recursing (no sorting structure); O(n^M). */
export function slicingHypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const m = reference.length;
  const inside = points.filter((p) => p.every((v, j) => v < reference[j]!));
  if (inside.length === 0) return 0;
  if (m === 1) return reference[0]! - Math.min(...inside.map((p) => p[0]!));
  const levels = [...new Set(inside.map((p) => p[m - 1]!))].sort((a, b) => a - b);
  let volume = 0;
  for (let k = 0; k < levels.length; k++) {
    const top = k + 1 < levels.length ? levels[k + 1]! : reference[m - 1]!;
    const slice = inside.filter((p) => p[m - 1]! <= levels[k]!).map((p) => p.slice(0, m - 1));
    volume += slicingHypervolume(slice, reference.slice(0, m - 1)) * (top - levels[k]!);
  }
  return volume;
}

/** A tiny seeded generator for test data (mulberry32), independent of the engine's Random. */
export function testRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random points with many ties and exact duplicates (values on a coarse grid, some rows copied). */
export function pointsWithTies(count: number, m: number, random: () => number, levels = 6): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < 0.15) points.push([...points[Math.floor(random() * i)]!]);
    else points.push(Array.from({ length: m }, () => Math.floor(random() * levels) / levels));
  }
  return points;
}

/** Mutually non-dominated points on the positive unit sphere octant (a DTLZ2-like front). */
export function spherePoints(count: number, m: number, random: () => number): number[][] {
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: m }, () => Math.abs(gaussian(random)) + 1e-9);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
