/**
 * Sums over a layout's changes taken per tile of the grid and remembered: incremental evaluation
 * wherever a layout is close to one evaluated before (issue 20), a child to its parents above all.
 *
 * The loop evaluates a layout from today's state plus the genes it changes (evaluator.ts). The
 * sums over those changes (each objective's fused linear part, the amenity sums, the first
 * compatibility indicator's neighbour pairs) are taken per square tile of cells
 * ({@link tileShiftFor}). A tile's sums depend only on its own changed genes and their classes and, through the
 * pairs, on the changes in the ring of cells around it; so a tile whose changes, ring included,
 * are those of a tile met before takes the sums found then instead of summing them again.
 *
 * A child differs from the parent it was copied from in 1-2 % of its genes, in a few regions
 * (bench/results/large-grid.md), so most of its changed tiles are its parents' as they were: in a
 * 1000 x 1000 run (population 100, generations 5-8; two workers' caches simulated) 90-93 %
 * of a layout's changes lay in tiles met before.
 *
 * Exact, not approximate: a tile's sums are summed in gene order over its changes, the same
 * whether now or when the tile was first met, and a layout's sum is today's plus its tiles' in
 * ascending tile order. The value is a function of the layout alone, whatever each worker has
 * evaluated before; a cached tile is taken only after its changes are compared one by one (the
 * hash only picks the candidate).
 */

/**
 * Tiles are about as wide as the regions that crossover and mutation exchange (5 ha by default:
 * model/regions.ts), so that a child's changed regions dirty few tiles: 2^shift cells on a side,
 * shift the power of two nearest the side of a 5 ha square of cells, from 16 to 64 cells. At 1000 x
 * 1000 cells of 6 m (a region up to 37 x 37 cells) 32: in a run there 32-cell tiles found 90-93 %
 * of the changes, 64-cell ones 78-83 % and 128-cell ones 45-49 %. At 2000 x 2000 cells of 25 m (9
 * x 9) 16. A function of the study area alone, as the tiles set the order of the sums.
 */
export function tileShiftFor(cellAreaM2: number): number {
  const side = Math.sqrt(50_000 / cellAreaM2);
  return Math.min(6, Math.max(4, Math.round(Math.log2(side))));
}

/**
 * About the most bytes one cache holds (each evaluator has its own: one per worker). A tile keeps
 * as many versions as fit when every tile holds changes in the evaluator's sparse share of its
 * cells: 16 at 1000 x 1000 (32-cell tiles), 7 at 2000 x 2000 (16-cell tiles), at least 2.
 */
export const TILE_CACHE_BYTES = 32 * 1024 * 1024;
const MAX_VERSIONS = 16;
const MIN_VERSIONS = 2;

/** What a tile's sums are made of: called with the tile's own changed genes (ascending). */
export interface TileSummer {
  sumTile(genome: ArrayLike<number>, genes: Int32Array, count: number, out: Float64Array): void;
}

/** The sums of a version being moved to the front. */
let moving = new Float64Array(8);

/**
 * Every tile's versions, most recently used first. Per version (row `tile * versions + v`): where
 * its changes start in the tile's buffer, how many there are, how many are the tile's own, their
 * hash, and its sums. Per tile, a buffer of its versions' changes back to back (its own genes,
 * then its ring's, and their classes), grown as needed. Typed arrays throughout, so that
 * remembering a version allocates nothing once its tile's buffer is large enough (hundreds of
 * versions are remembered a layout at 2000 x 2000).
 */
class TileVersionStore {
  readonly count: Uint8Array;
  readonly genes: (Int32Array | undefined)[];
  readonly classes: (Uint8Array | undefined)[];
  readonly offset: Int32Array;
  readonly length: Int32Array;
  readonly own: Int32Array;
  readonly hash: Int32Array;
  readonly sums: Float64Array;
  /** Slots of each tile's buffer in use (live versions and the gaps of dropped ones). */
  private readonly used: Int32Array;

  constructor(
    tiles: number,
    readonly versions: number,
    readonly sumsPerVersion: number,
  ) {
    this.count = new Uint8Array(tiles);
    this.used = new Int32Array(tiles);
    this.genes = new Array(tiles);
    this.classes = new Array(tiles);
    this.offset = new Int32Array(tiles * versions);
    this.length = new Int32Array(tiles * versions);
    this.own = new Int32Array(tiles * versions);
    this.hash = new Int32Array(tiles * versions);
    this.sums = new Float64Array(tiles * versions * sumsPerVersion);
  }

  /** Move the tile's version v to the front (the others keep their order). */
  toFront(tile: number, v: number): void {
    if (v === 0) return;
    const first = tile * this.versions;
    const row = first + v;
    const S = this.sumsPerVersion;
    if (moving.length < S) moving = new Float64Array(S);
    moving.set(this.sums.subarray(row * S, (row + 1) * S));
    const [offset, length, own, hash] = [this.offset[row]!, this.length[row]!, this.own[row]!, this.hash[row]!];
    this.shiftDown(first, v);
    this.offset[first] = offset;
    this.length[first] = length;
    this.own[first] = own;
    this.hash[first] = hash;
    this.sums.set(moving.subarray(0, S), first * S);
  }

  /**
   * A new first version of the tile, of `length` changes (the least recently used one is dropped
   * when the tile has all its versions): returns where its changes go in `genes[tile]` and
   * `classes[tile]`, for the caller to write, and its sums' place in `sums`.
   */
  push(tile: number, length: number, own: number, hash: number): number {
    const first = tile * this.versions;
    if (this.count[tile] === this.versions) this.count[tile]!--;
    this.makeRoom(tile, length);
    this.shiftDown(first, this.count[tile]!);
    this.count[tile]!++;
    const at = this.used[tile]!;
    this.used[tile] = at + length;
    this.offset[first] = at;
    this.length[first] = length;
    this.own[first] = own;
    this.hash[first] = hash;
    return at;
  }

  /** Rows first..first+end-1 move one row down (row first+end is overwritten). */
  private shiftDown(first: number, end: number): void {
    const S = this.sumsPerVersion;
    this.offset.copyWithin(first + 1, first, first + end);
    this.length.copyWithin(first + 1, first, first + end);
    this.own.copyWithin(first + 1, first, first + end);
    this.hash.copyWithin(first + 1, first, first + end);
    this.sums.copyWithin((first + 1) * S, first * S, (first + end) * S);
  }

  /** Room for `length` more slots in the tile's buffer: its live versions packed, then the buffer grown if needed. */
  private makeRoom(tile: number, length: number): void {
    const genes = this.genes[tile];
    const used = this.used[tile]!;
    if (genes && used + length <= genes.length) return;
    const first = tile * this.versions;
    let at = 0;
    if (genes) {
      const classes = this.classes[tile]!;
      const rows = Array.from({ length: this.count[tile]! }, (_, v) => first + v);
      rows.sort((a, b) => this.offset[a]! - this.offset[b]!);
      for (const row of rows) {
        const from = this.offset[row]!;
        const n = this.length[row]!;
        genes.copyWithin(at, from, from + n);
        classes.copyWithin(at, from, from + n);
        this.offset[row] = at;
        at += n;
      }
      this.used[tile] = at;
      if (at + length <= genes.length) return;
    }
    const capacity = Math.max(2 * (genes?.length ?? 0), 2 * length, at + length);
    const grownGenes = new Int32Array(capacity);
    const grownClasses = new Uint8Array(capacity);
    if (genes) {
      grownGenes.set(genes.subarray(0, at));
      grownClasses.set(this.classes[tile]!.subarray(0, at));
    }
    this.genes[tile] = grownGenes;
    this.classes[tile] = grownClasses;
  }
}

/** Counts of the tiles met since construction (bench and tests). */
export interface TileSumStats {
  /** Changed tiles of the layouts summed. */
  tiles: number;
  /** Of which found in the cache. */
  found: number;
  /** Changed genes of those layouts. */
  changes: number;
  /** Of which in tiles found in the cache (their terms not summed again). */
  changesFound: number;
}

/** The counts before any tile is met (a cache's start, and an evaluator's before it makes its cache). */
export const NO_TILES_MET: Readonly<TileSumStats> = Object.freeze({ tiles: 0, found: 0, changes: 0, changesFound: 0 });

/** Bits of a gene's code below its ring flags (the tile index); the flags say which neighbours' rings hold it. */
const TILE_BITS = 23;
const MAX_TILES = 1 << TILE_BITS;
/** Ring flags: the gene lies on its tile's left, right, top or bottom edge, with a tile beyond it. */
const LEFT = 1 << TILE_BITS;
const RIGHT = 2 << TILE_BITS;
const TOP = 4 << TILE_BITS;
const BOTTOM = 8 << TILE_BITS;
const TILE_MASK = MAX_TILES - 1;
const FNV_PRIME = 0x01000193;

export class TileSumCache {
  readonly stats: TileSumStats = { ...NO_TILES_MET };
  private readonly across: number;
  /** Slots per tile for its changed genes (every cell) and for its ring's (the cells just outside its 4 sides and 4 corners). */
  private readonly ownSlots: number;
  private readonly ringSlots: number;
  /**
   * Per gene: its tile in the low {@link TILE_BITS} bits, and flags for the edges of its tile on
   * which it lies with a tile beyond (its changes are then in that tile's ring too, and at a
   * corner in the diagonal one's). 4 bytes a gene.
   */
  private readonly codeOfGene: Int32Array;
  private readonly ownCount: Int32Array;
  private readonly ringCount: Int32Array;
  /** Per tile, a hash of its changed genes and classes, and of its ring's (in gene order). */
  private readonly ownHash: Int32Array;
  private readonly ringHash: Int32Array;
  /** Each tile's changed genes at `tile * ownSlots`, its ring's at `tile * ringSlots`, in gene order. */
  private readonly ownGenes: Int32Array;
  private readonly ringGenes: Int32Array;
  /** Tiles with changes of their own, ascending once `collect` returns. */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Tiles whose ring holds changes (their counts and hashes are reset before the next layout). */
  private readonly ringed: Int32Array;
  private ringedCount = 0;
  private readonly versions: TileVersionStore;
  /** The sums of the tile being remembered. */
  private readonly scratchSums: Float64Array;

  /**
   * @param paddedCell each gene's cell in the evaluator's padded map (`paddedWidth` wide, one cell
   *   of margin all round), from which its column and row follow.
   * @param sums how many sums a tile has (the summer's `out` length).
   * @param sparseShare the most genes, as a share, in which a layout summed by tiles differs from
   *   today (sizes the cache).
   * @param shift tiles are 2^shift cells on a side ({@link tileShiftFor}).
   */
  constructor(
    width: number,
    height: number,
    paddedCell: Int32Array,
    paddedWidth: number,
    private readonly sums: number,
    sparseShare: number,
    readonly shift: number,
  ) {
    const side = 1 << shift;
    this.ownSlots = side * side;
    this.ringSlots = 4 * side + 4;
    const mask = side - 1;
    const across = (this.across = Math.ceil(width / side));
    const down = Math.ceil(height / side);
    const tiles = across * down;
    if (tiles > MAX_TILES)
      throw new RangeError(`a grid of ${width} x ${height} cells has more tiles than ${MAX_TILES}`);
    const n = paddedCell.length;
    this.codeOfGene = new Int32Array(n);
    for (let g = 0; g < n; g++) {
      const paddedRow = Math.floor(paddedCell[g]! / paddedWidth);
      const x = paddedCell[g]! - paddedRow * paddedWidth - 1;
      const y = paddedRow - 1;
      const tx = x >> shift;
      const ty = y >> shift;
      let code = ty * across + tx;
      if ((x & mask) === 0 && tx > 0) code |= LEFT;
      if ((x & mask) === mask && tx < across - 1) code |= RIGHT;
      if ((y & mask) === 0 && ty > 0) code |= TOP;
      if ((y & mask) === mask && ty < down - 1) code |= BOTTOM;
      this.codeOfGene[g] = code;
    }
    this.ownCount = new Int32Array(tiles);
    this.ringCount = new Int32Array(tiles);
    this.ownHash = new Int32Array(tiles);
    this.ringHash = new Int32Array(tiles);
    this.ownGenes = new Int32Array(tiles * this.ownSlots);
    this.ringGenes = new Int32Array(tiles * this.ringSlots);
    this.touched = new Int32Array(tiles);
    this.ringed = new Int32Array(tiles);
    this.scratchSums = new Float64Array(sums);
    const entryBytes = this.ownSlots * sparseShare * 5 + sums * 8 + 64;
    const versions = Math.max(
      MIN_VERSIONS,
      Math.min(MAX_VERSIONS, Math.floor(TILE_CACHE_BYTES / (tiles * entryBytes))),
    );
    this.versions = new TileVersionStore(tiles, versions, sums);
  }

  /**
   * The sums of a layout's changes, tile by tile, added into `totals` in ascending tile order: a
   * changed tile's from the cache when met before with the same changes (its ring's included),
   * else from `summer` (then remembered).
   * @param changed the genes in which the layout differs from today, ascending; `count` of them.
   */
  add(genome: ArrayLike<number>, changed: Int32Array, count: number, summer: TileSummer, totals: Float64Array): void {
    this.collect(genome, changed, count);
    const stats = this.stats;
    stats.tiles += this.touchedCount;
    stats.changes += count;
    const S = this.sums;
    for (let i = 0; i < this.touchedCount; i++) {
      const tile = this.touched[i]!;
      const hash = Math.imul(this.ownHash[tile]! ^ Math.imul(this.ringHash[tile]!, FNV_PRIME), FNV_PRIME);
      // The version found or remembered is the tile's first: its sums are the tile's first row.
      if (!this.find(genome, tile, hash)) this.remember(genome, tile, hash, summer);
      const sums = this.versions.sums;
      for (let s = 0, at = tile * this.versions.versions * S; s < S; s++) totals[s]! += sums[at + s]!;
    }
  }

  /**
   * Each changed tile's own changes and its ring's, in gene order, with their counts and hashes,
   * in one pass. A gene on a tile's edge belongs to the ring of the tile across that edge (and at
   * a corner to the diagonal one's).
   */
  private collect(genome: ArrayLike<number>, changed: Int32Array, count: number): void {
    const { ownCount, ringCount, ownHash, ringHash, ownGenes, codeOfGene, touched, ringed } = this;
    for (let i = 0; i < this.touchedCount; i++) ownCount[touched[i]!] = 0;
    for (let i = 0; i < this.ringedCount; i++) ringCount[ringed[i]!] = 0;
    let touchedCount = 0;
    this.ringedCount = 0;
    const ownSlots = this.ownSlots;
    for (let j = 0; j < count; j++) {
      const g = changed[j]!;
      const code = codeOfGene[g]!;
      const tile = code & TILE_MASK;
      const c = genome[g]!;
      const k = ownCount[tile]!++;
      if (k === 0) {
        touched[touchedCount++] = tile;
        ownHash[tile] = Math.imul(0x811c9dc5 ^ tile, FNV_PRIME);
      }
      ownGenes[tile * ownSlots + k] = g;
      ownHash[tile] = Math.imul(Math.imul(ownHash[tile]! ^ g, FNV_PRIME) ^ c, FNV_PRIME);
      if (code <= TILE_MASK) continue;
      const across = this.across;
      if (code & LEFT) this.addToRing(tile - 1, g, c);
      if (code & RIGHT) this.addToRing(tile + 1, g, c);
      if (code & TOP) {
        this.addToRing(tile - across, g, c);
        if (code & LEFT) this.addToRing(tile - across - 1, g, c);
        if (code & RIGHT) this.addToRing(tile - across + 1, g, c);
      }
      if (code & BOTTOM) {
        this.addToRing(tile + across, g, c);
        if (code & LEFT) this.addToRing(tile + across - 1, g, c);
        if (code & RIGHT) this.addToRing(tile + across + 1, g, c);
      }
    }
    this.touchedCount = touchedCount;
    touched.subarray(0, touchedCount).sort();
    // Touched tiles with nothing in their ring: its hash is that of an empty ring.
    for (let i = 0; i < touchedCount; i++) if (ringCount[touched[i]!] === 0) ringHash[touched[i]!] = 0;
  }

  private addToRing(tile: number, g: number, c: number): void {
    const k = this.ringCount[tile]!++;
    if (k === 0) {
      this.ringed[this.ringedCount++] = tile;
      this.ringHash[tile] = 0x811c9dc5;
    }
    this.ringGenes[tile * this.ringSlots + k] = g;
    this.ringHash[tile] = Math.imul(Math.imul(this.ringHash[tile]! ^ g, FNV_PRIME) ^ c, FNV_PRIME);
  }

  /** Whether the tile has a version with exactly these changes (compared one by one): then it is moved to the front. */
  private find(genome: ArrayLike<number>, tile: number, hash: number): boolean {
    const versions = this.versions;
    const own = this.ownCount[tile]!;
    const length = own + this.ringCount[tile]!;
    const first = tile * versions.versions;
    for (let v = 0; v < versions.count[tile]!; v++) {
      const row = first + v;
      if (versions.hash[row] !== hash || versions.own[row] !== own || versions.length[row] !== length) continue;
      if (!this.sameChanges(genome, tile, row)) continue;
      versions.toFront(tile, v);
      this.stats.found++;
      this.stats.changesFound += own;
      return true;
    }
    return false;
  }

  private sameChanges(genome: ArrayLike<number>, tile: number, row: number): boolean {
    const versions = this.versions;
    const genes = versions.genes[tile]!;
    const classes = versions.classes[tile]!;
    const start = versions.offset[row]!;
    const ownEnd = start + versions.own[row]!;
    const end = start + versions.length[row]!;
    const ownGenes = this.ownGenes;
    const ringGenes = this.ringGenes;
    for (let i = start, at = tile * this.ownSlots; i < ownEnd; i++, at++) {
      const g = ownGenes[at]!;
      if (genes[i] !== g || classes[i] !== genome[g]) return false;
    }
    for (let i = ownEnd, at = tile * this.ringSlots; i < end; i++, at++) {
      const g = ringGenes[at]!;
      if (genes[i] !== g || classes[i] !== genome[g]) return false;
    }
    return true;
  }

  /** Sum a tile's changes and keep them as its first version (the least recently used goes beyond the cache's limit). */
  private remember(genome: ArrayLike<number>, tile: number, hash: number, summer: TileSummer): void {
    const own = this.ownCount[tile]!;
    const ring = this.ringCount[tile]!;
    const length = own + ring;
    const versions = this.versions;
    const at = versions.push(tile, length, own, hash);
    const genes = versions.genes[tile]!;
    const classes = versions.classes[tile]!;
    const ownStart = tile * this.ownSlots;
    genes.set(this.ownGenes.subarray(ownStart, ownStart + own), at);
    genes.set(this.ringGenes.subarray(tile * this.ringSlots, tile * this.ringSlots + ring), at + own);
    for (let i = at; i < at + length; i++) classes[i] = genome[genes[i]!]!;
    const sums = this.scratchSums;
    summer.sumTile(genome, genes.subarray(at, at + own), own, sums);
    versions.sums.set(sums, tile * versions.versions * this.sums);
  }
}
