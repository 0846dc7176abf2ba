/**
 * Regions: the pieces of the map crossover and mutation exchange and convert whole, so that new
 * patches follow edges already on the map instead of cutting across fields.
 *
 * A region is a 4-connected set of changeable cells (genes) that share today's class and the
 * value of every boundary layer (roads and rivers as 0/1 lines, or a parcel raster's ids), so
 * region edges run along today's land-cover edges, roads, rivers and parcel edges. A patch of
 * today's land cover larger than `maxCells` is cut into pieces of about that size: seeds on a
 * jittered lattice (spacing sqrt(maxCells) cells, jitter from a fixed hash, so regions are the
 * same on every thread) grow breadth-first inside the patch, each cell joining the seed that
 * reaches it first, so every piece is connected and compact, and the cuts are irregular rather
 * than straight lines.
 *
 * Regions depend only on the study area and the options: every worker computes the same ones.
 */
import type { StudyArea } from './study-area.js';

export interface RegionOptions {
  /** Layers whose value changes mark edges regions do not cross (roads, rivers, parcels). */
  readonly boundaries?: readonly string[];
  /** The largest region, in cells; bigger patches are split. Default 80 (5 ha of 25 m cells). */
  readonly maxCells?: number;
}

export interface Regions {
  readonly count: number;
  /** Region of each gene. */
  readonly regionOfGene: Int32Array;
  /** Genes of region r: genes[start[r] .. start[r + 1]). */
  readonly start: Int32Array;
  readonly genes: Int32Array;
  /** Regions adjacent to region r (4-neighbourhood): neighbours[neighbourStart[r] .. neighbourStart[r + 1]). */
  readonly neighbourStart: Int32Array;
  readonly neighbours: Int32Array;
}

/** Default largest region in cells (5 ha of 25 m cells; optimizer.regions.size overrides it). */
export const DEFAULT_REGION_CELLS = 80;

export function buildRegions(area: StudyArea, options: RegionOptions = {}): Regions {
  const { width, height, geneCells, geneOfCell, current } = area;
  const genes = geneCells.length;
  const maxCells = Math.max(1, Math.round(options.maxCells ?? DEFAULT_REGION_CELLS));
  const boundaryLayers = (options.boundaries ?? []).map((name) => {
    const layer = area.layers[name];
    if (!layer) throw new RangeError(`region boundary layer "${name}" was not loaded`);
    return layer;
  });
  const sameSide = (a: number, b: number) => {
    if (current[a] !== current[b]) return false;
    for (const layer of boundaryLayers) if (!sameValue(layer[a]!, layer[b]!)) return false;
    return true;
  };

  // 1. Patches of today's land cover (split along boundary layers), as lists of genes.
  const patchOfGene = new Int32Array(genes).fill(-1);
  const patchGenes = new Int32Array(genes);
  const patchStart: number[] = [];
  let filled = 0;
  for (let seed = 0; seed < genes; seed++) {
    if (patchOfGene[seed] !== -1) continue;
    const patch = patchStart.length;
    patchStart.push(filled);
    patchOfGene[seed] = patch;
    patchGenes[filled++] = seed;
    for (let head = patchStart[patch]!; head < filled; head++) {
      const gene = patchGenes[head]!;
      const cell = geneCells[gene]!;
      const x = cell % width;
      for (let d = 0; d < 4; d++) {
        const next = neighbourCell(cell, x, d, width, height);
        if (next < 0) continue;
        const other = geneOfCell[next]!;
        if (other < 0 || patchOfGene[other] !== -1 || !sameSide(cell, next)) continue;
        patchOfGene[other] = patch;
        patchGenes[filled++] = other;
      }
    }
  }
  patchStart.push(filled);

  // 2. Cut large patches into pieces grown from jittered lattice seeds.
  const regionOfGene = new Int32Array(genes).fill(-1);
  const spacing = Math.max(1, Math.sqrt(maxCells));
  const queue = new Int32Array(genes);
  let count = 0;
  for (let patch = 0; patch + 1 < patchStart.length; patch++) {
    const first = patchStart[patch]!;
    const last = patchStart[patch + 1]!;
    if (last - first <= maxCells) {
      for (let k = first; k < last; k++) regionOfGene[patchGenes[k]!] = count;
      count++;
      continue;
    }
    // Seeds: for each lattice cell, its jittered point if that point's cell belongs to the patch.
    let tail = 0;
    const seen = new Set<number>();
    for (let k = first; k < last; k++) {
      const gene = patchGenes[k]!;
      const cell = geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      const lx = Math.floor(x / spacing);
      const ly = Math.floor(y / spacing);
      const key = ly * width + lx;
      if (seen.has(key)) continue;
      const jitterX = Math.floor((lx + hash01(lx, ly, 1)) * spacing);
      const jitterY = Math.floor((ly + hash01(lx, ly, 2)) * spacing);
      if (jitterX !== x || jitterY !== y) continue;
      seen.add(key);
      regionOfGene[gene] = count++;
      queue[tail++] = gene;
    }
    if (tail === 0) {
      regionOfGene[patchGenes[first]!] = count++;
      queue[tail++] = patchGenes[first]!;
    }
    // Multi-source breadth-first growth inside the patch.
    for (let head = 0; head < tail; head++) {
      const gene = queue[head]!;
      const cell = geneCells[gene]!;
      const x = cell % width;
      for (let d = 0; d < 4; d++) {
        const next = neighbourCell(cell, x, d, width, height);
        if (next < 0) continue;
        const other = geneOfCell[next]!;
        if (other < 0 || regionOfGene[other] !== -1 || patchOfGene[other] !== patch) continue;
        regionOfGene[other] = regionOfGene[gene]!;
        queue[tail++] = other;
      }
    }
    // The patch is connected, so the growth reaches every one of its cells.
  }

  // 3. Genes per region and region adjacency (compressed rows).
  const start = new Int32Array(count + 1);
  for (let g = 0; g < genes; g++) start[regionOfGene[g]! + 1]!++;
  for (let r = 0; r < count; r++) start[r + 1]! += start[r]!;
  const fill = start.slice(0, count);
  const members = new Int32Array(genes);
  for (let g = 0; g < genes; g++) members[fill[regionOfGene[g]!]!++] = g;
  const pairs = new Set<number>();
  const edges: number[] = [];
  for (let g = 0; g < genes; g++) {
    const cell = geneCells[g]!;
    const x = cell % width;
    const r = regionOfGene[g]!;
    for (let d = 0; d < 4; d++) {
      const next = neighbourCell(cell, x, d, width, height);
      if (next < 0) continue;
      const other = geneOfCell[next]!;
      if (other < 0) continue;
      const s = regionOfGene[other]!;
      if (s === r) continue;
      const key = r * count + s;
      if (pairs.has(key)) continue;
      pairs.add(key);
      edges.push(r, s);
    }
  }
  const neighbourStart = new Int32Array(count + 1);
  for (let e = 0; e < edges.length; e += 2) neighbourStart[edges[e]! + 1]!++;
  for (let r = 0; r < count; r++) neighbourStart[r + 1]! += neighbourStart[r]!;
  const cursor = neighbourStart.slice(0, count);
  const neighbours = new Int32Array(edges.length / 2);
  for (let e = 0; e < edges.length; e += 2) neighbours[cursor[edges[e]!]!++] = edges[e + 1]!;
  return { count, regionOfGene, start, genes: members, neighbourStart, neighbours };
}

/** Layer values on both sides of an edge are the same (NaN equals NaN: both outside the layer). */
function sameValue(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Cell index of neighbour `d` (0 right, 1 left, 2 down, 3 up) of `cell` at column x, or -1. */
function neighbourCell(cell: number, x: number, d: number, width: number, height: number): number {
  switch (d) {
    case 0:
      return x + 1 < width ? cell + 1 : -1;
    case 1:
      return x > 0 ? cell - 1 : -1;
    case 2:
      return cell + width < width * height ? cell + width : -1;
    default:
      return cell >= width ? cell - width : -1;
  }
}

/** A fixed pseudo-random number in [0, 1) for lattice cell (x, y) and a salt (a 32-bit integer hash). */
function hash01(x: number, y: number, salt: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(salt, 0x9e3779b9);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
