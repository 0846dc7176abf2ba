/**
 * Exact objective changes of a set of cell changes against one layout, computed locally: the
 * incremental evaluation the parsimony step (operators/reversion.ts) tests patch reversions with.
 *
 * Unlike {@link IncrementalState}, which keeps for every housing cell the number of walking-access
 * targets within reach (so that any move is cheap once it is built, at the price of a costly
 * start), a ChangeEvaluator starts from plain data (the padded map, class counts, bitsets of the
 * housing and target cells) in one pass over the map, and computes each change's effect where it
 * happens:
 * - linear indicators: the change of each cell's term;
 * - amenity access and housing supply: from the change of their sums and of the housing count;
 * - compatibility: the neighbour pairs that touch the changed cells, before and after;
 * - core area: the core status of the changed cells and their 8 neighbours, before and after;
 * - walking access: first only its sign when it is known (adding targets never removes access,
 *   removing them never adds it, while no cell becomes or stops being housing), and the exact count, by
 *   testing the disks of the housing cells near the change before and after, only when the sign
 *   does not settle the question asked (change-access.ts).
 * The record of a change's effects is change-delta.ts's {@link ChangeDelta}.
 * Everything is exact (up to floating-point rounding); tests compare it with full evaluations.
 */
import type { LandUseEvaluator } from './evaluator.js';
import { PAIR_SHIFT } from './compatibility.js';
import { DX8, DY8, isPaddedCore } from './habitat-core.js';
import { housingSupply } from './housing.js';
import { linearDelta, sumLinear } from './linear.js';
import type { LinearTerm } from './terms.js';
import { ReferenceGenome } from '../model/genome-changes.js';
import { ChangeAccess, PROBE_UNTIL_HOMES_TESTED, type LoadedLayout } from './change-access.js';
import { CellMarks, ChangeDelta, gapAbove } from './change-delta.js';

export { ChangeDelta } from './change-delta.js';

interface AmenityPart {
  readonly objective: number;
  readonly weight: number;
  readonly term: LinearTerm;
}

interface CompatibilityPart {
  readonly objective: number;
  readonly weight: number;
  readonly pairs: Float64Array;
  /** Per (from << PAIR_SHIFT | to): the largest change of one pair's score when a cell goes from -> to. */
  readonly largestChange: Float64Array;
}
export class ChangeEvaluator implements LoadedLayout {
  readonly numberOfObjectives: number;
  /** The loaded layout: a copy, or with `load(genome, true)` the caller's array itself. */
  get genome(): Uint8Array {
    return this.layout;
  }
  private layout: Uint8Array;
  private readonly copy: Uint8Array;
  private readonly map: Uint8Array;
  private readonly counts: Int32Array;
  private housingCount = 0;
  private readonly changedGenes: Int32Array;
  /** With `today`: its genes to find a layout's changes four at a time, and its class counts (fixed cells included). */
  private readonly todayReference: ReferenceGenome | null;
  private readonly todayCounts: Int32Array | null;
  private changedCount = 0;
  /**
   * Whether {@link apply} changed a gene away from today's class since the last load: the gene may
   * be missing from `changedGenes`, so the derived parts built later take a pass over every gene.
   */
  private changedListStale = false;
  /** Which derived parts of the loaded layout are built (see load; the bitsets are `walking`'s). */
  private mapReady = false;
  private amenityReady = false;
  /** Objectives with linear indicators (their fused tables are in the evaluator). */
  private readonly linearObjectives: Int32Array;
  private readonly amenity: AmenityPart[] = [];
  private readonly amenityTotals: Float64Array;
  /** Per amenity indicator, its sum over today's layout (with `today`; computed on first need). */
  private todayAmenityTotals: Float64Array | null = null;
  private readonly compatibility: CompatibilityPart[] = [];
  private readonly supply: { objective: number; weight: number; density: number; dwellings: number }[] = [];
  /** Per objective: weight x cell area of its core-area indicators. */
  private readonly coreWeight: Float64Array;
  private readonly tracksCore: boolean;
  /** Walking access: the housing and target bitsets, exact changes of the homes reached (change-access.ts). */
  private readonly walking: ChangeAccess;
  private readonly marks: CellMarks;
  /** Each changed gene's class before the change ({@link apply}), or before a trial's swap into the map. */
  private readonly saved: Uint8Array;
  /** New class of each changed cell of the padded map, valid where the marks hold the current stamp. */
  private readonly next: Uint8Array;

  /**
   * @param probedCallLimit exactAccess calls per layout and indicator answered by testing disks
   *   before the counts near every home are built; by default ({@link PROBE_UNTIL_HOMES_TESTED}) until
   *   the homes tested reach the layout's number of homes (tests set 0 or a large number). The
   *   answers are exact either way: this only decides which way is cheaper.
   */
  constructor(
    private readonly evaluator: LandUseEvaluator,
    probedCallLimit: number | typeof PROBE_UNTIL_HOMES_TESTED = PROBE_UNTIL_HOMES_TESTED,
    /** Today's class per gene, when the genes that differ from it should be listed by load (see `changed`). */
    private readonly today: Uint8Array | null = null,
  ) {
    const area = evaluator.area;
    const compiled = evaluator.compiled;
    this.numberOfObjectives = evaluator.numberOfObjectives;
    const genes = area.geneCells.length;
    this.copy = new Uint8Array(genes);
    this.layout = this.copy;
    this.changedGenes = new Int32Array(today ? genes : 0);
    this.todayReference = today ? new ReferenceGenome(today) : null;
    this.todayCounts = today ? Int32Array.from(area.fixedCounts) : null;
    if (today) for (let g = 0; g < today.length; g++) this.todayCounts![today[g]!]!++;
    this.map = new Uint8Array(evaluator.paddedToday.length);
    this.counts = new Int32Array(area.classes.length);
    this.coreWeight = new Float64Array(this.numberOfObjectives);
    compiled.indicators.forEach((indicator, k) => {
      const objective = compiled.objectiveOf[k]!;
      const weight = indicator.weight;
      switch (indicator.kind) {
        case 'linear':
          break;
        case 'amenity':
          this.amenity.push({ objective, weight, term: indicator.term });
          break;
        case 'compatibility': {
          const pairs = evaluator.pairTables[k]!;
          const K = area.classes.length;
          const largestChange = new Float64Array((K + 1) << PAIR_SHIFT);
          for (let a = 0; a < K; a++) {
            for (let b = 0; b < K; b++) {
              let largest = 0;
              for (let n = 0; n <= K; n++)
                largest = Math.max(largest, Math.abs(pairs[(b << PAIR_SHIFT) | n]! - pairs[(a << PAIR_SHIFT) | n]!));
              largestChange[(a << PAIR_SHIFT) | b] = largest;
            }
          }
          this.compatibility.push({ objective, weight, pairs, largestChange });
          break;
        }
        case 'supply':
          this.supply.push({ objective, weight, density: indicator.density, dwellings: indicator.dwellings });
          break;
        case 'core':
          this.coreWeight[objective]! += weight * area.cellAreaHa;
          break;
        case 'access': // change-access.ts
          break;
      }
    });
    this.tracksCore = this.coreWeight.some((w) => w !== 0);
    this.linearObjectives = Int32Array.from(evaluator.fused.keys()).filter((m) => evaluator.fused[m]!.indicators > 0);
    this.amenityTotals = new Float64Array(this.amenity.length);
    this.marks = new CellMarks(this.map.length);
    this.walking = new ChangeAccess(evaluator, this, this.marks, probedCallLimit);
    this.next = new Uint8Array(this.map.length);
    this.saved = new Uint8Array(genes);
  }

  /** A delta record sized for this evaluator. */
  createDelta(): ChangeDelta {
    return new ChangeDelta(this.numberOfObjectives, this.amenity.length, this.walking.parts.length);
  }

  /**
   * Make `genome` the layout that changes are measured against (a copy of it, or, `inPlace`, the
   * array itself, which {@link apply} then changes). Only the genome and the class counts are taken now; the padded map, the bitsets and the amenity sums are built on first
   * need (many layouts are judged from linear terms alone).
   */
  load(genome: Uint8Array, inPlace = false): void {
    const evaluator = this.evaluator;
    const own = inPlace ? genome : this.copy;
    if (!inPlace) own.set(genome);
    this.layout = own;
    const counts = this.counts;
    const today = this.today;
    if (today) {
      // The genes that differ from today's class, and the class counts from today's through them.
      const list = this.changedGenes;
      const changed = this.todayReference!.listChanges(own, list);
      counts.set(this.todayCounts!);
      for (let k = 0; k < changed; k++) {
        const g = list[k]!;
        counts[today[g]!]!--;
        counts[own[g]!]!++;
      }
      this.changedCount = changed;
    } else {
      counts.set(evaluator.area.fixedCounts);
      for (let g = 0; g < own.length; g++) counts[own[g]!]!++;
    }
    this.changedListStale = false;
    this.housingCount = 0;
    for (let c = 0; c < this.counts.length; c++) if (evaluator.housing[c]) this.housingCount += this.counts[c]!;
    this.mapReady = false;
    this.amenityReady = false;
    this.walking.reset();
  }

  /**
   * The padded map of the loaded layout: today's, with the genes that differ written in (all
   * genes when the changed ones are not listed).
   */
  private ensureMap(): void {
    if (this.mapReady) return;
    const evaluator = this.evaluator;
    const map = this.map;
    map.set(evaluator.paddedToday);
    const cells = evaluator.paddedCell;
    const genome = this.layout;
    if (this.today && !this.changedListStale) {
      const list = this.changedGenes;
      for (let k = 0; k < this.changedCount; k++) map[cells[list[k]!]!] = genome[list[k]!]!;
    } else {
      for (let g = 0; g < genome.length; g++) map[cells[g]!] = genome[g]!;
    }
    this.mapReady = true;
  }

  /** The amenity sums of the loaded layout. */
  private ensureAmenity(): void {
    if (this.amenityReady) return;
    const today = this.today;
    if (!today || this.changedListStale) {
      for (let a = 0; a < this.amenity.length; a++)
        this.amenityTotals[a] = sumLinear(this.amenity[a]!.term, this.layout);
      this.amenityReady = true;
      return;
    }
    // Today's sums (once) plus the changed genes' terms: a pass over the changed genes instead of all.
    this.todayAmenityTotals ??= Float64Array.from(this.amenity, (part) => sumLinear(part.term, today));
    const list = this.changedGenes;
    const layout = this.layout;
    for (let a = 0; a < this.amenity.length; a++) {
      const term = this.amenity[a]!.term;
      let total = this.todayAmenityTotals[a]!;
      for (let k = 0; k < this.changedCount; k++) {
        const g = list[k]!;
        total += linearDelta(term, g, today[g]!, layout[g]!);
      }
      this.amenityTotals[a] = total;
    }
    this.amenityReady = true;
  }

  /** The genes of the loaded layout that differ from today's class, in gene order (given `today`). */
  get changed(): { readonly genes: Int32Array; readonly count: number } {
    return { genes: this.changedGenes, count: this.changedCount };
  }

  /** {@link LoadedLayout.changedList}: the changed genes while they are listed and current. */
  changedList(): { readonly genes: Int32Array; readonly count: number } | null {
    return this.today && !this.changedListStale ? { genes: this.changedGenes, count: this.changedCount } : null;
  }

  /** Housing cells of the loaded layout. */
  get housingCells(): number {
    return this.housingCount;
  }

  /** Class of the loaded layout at gene `gene`. */
  classOf(gene: number): number {
    return this.layout[gene]!;
  }

  /** Class counts of the loaded layout (read-only by contract). */
  get classCounts(): Int32Array {
    return this.counts;
  }

  /**
   * What changing `genes[0..count)` to `classes[0..count)` (each gene at most once) in the loaded
   * layout does, except to walking access (only bounded), and to compatibility and core area
   * (bounded until {@link measureSpatial}).
   */
  measure(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, out: ChangeDelta): ChangeDelta {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const width = area.width;
    out.additive.fill(0);
    out.amenitySums.fill(0);
    out.targets.fill(0);
    out.housing = 0;
    out.housingMoves = false;
    out.natural = 0;
    out.compatibilityBound.fill(0);
    out.x0 = width;
    out.y0 = area.height;
    out.x1 = -1;
    out.y1 = -1;
    const fused = evaluator.fused;
    const linear = this.linearObjectives;
    const natural = evaluator.natural;
    const access = this.walking.parts;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.layout[gene]!;
      const to = classes[i]!;
      if (from === to) continue;
      const row = evaluator.rowOfGene[gene]!;
      for (let j = 0; j < linear.length; j++) {
        const m = linear[j]!;
        out.additive[m]! += fused[m]!.delta(gene, row, from, to);
      }
      for (let a = 0; a < this.amenity.length; a++)
        out.amenitySums[a]! += linearDelta(this.amenity[a]!.term, gene, from, to);
      if (evaluator.housing[to] !== evaluator.housing[from]) {
        out.housing += evaluator.housing[to]! - evaluator.housing[from]!;
        out.housingMoves = true;
      }
      for (let p = 0; p < access.length; p++) {
        const t = access[p]!.targets;
        if (t[to] && !t[from]) out.targets[p]! |= 1;
        else if (t[from] && !t[to]) out.targets[p]! |= 2;
      }
      if (natural[to] !== natural[from]) out.natural |= natural[to] ? 1 : 2;
      const cell = area.geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      if (x < out.x0) out.x0 = x;
      if (x > out.x1) out.x1 = x;
      if (y < out.y0) out.y0 = y;
      if (y > out.y1) out.y1 = y;
    }
    // A pair's score changes by at most the largest change of either cell's row, so 8 of those per changed cell bound it.
    const scale = evaluator.neighbourPairs > 0 ? 100 / evaluator.neighbourPairs : 0;
    for (const part of this.compatibility) {
      let bound = 0;
      for (let i = 0; i < count; i++)
        bound += part.largestChange[(this.layout[genes[i]!]! << PAIR_SHIFT) | classes[i]!]!;
      out.compatibilityBound[part.objective]! += 8 * part.weight * scale * bound;
    }
    out.spatialMeasured = this.compatibility.length === 0 && (!this.tracksCore || out.natural === 0);
    return out;
  }

  /**
   * Compatibility: every neighbour pair that touches a changed cell, before and after (a pair of
   * two changed cells is met from both ends and counted half each time).
   */
  private compatibilityDelta(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    additive: Float64Array,
  ): void {
    this.ensureMap();
    const evaluator = this.evaluator;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const mark = this.marks.mark;
    const next = this.next;
    const members = this.marks.next();
    const cells = evaluator.paddedCell;
    for (let i = 0; i < count; i++) {
      const p = cells[genes[i]!]!;
      mark[p] = members;
      next[p] = classes[i]!;
    }
    const scale = evaluator.neighbourPairs > 0 ? 100 / evaluator.neighbourPairs : 0;
    for (const part of this.compatibility) {
      const pairs = part.pairs;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const p = cells[genes[i]!]!;
        const oldRow = map[p]! << PAIR_SHIFT;
        const newRow = next[p]! << PAIR_SHIFT;
        for (let o = 0; o < 8; o++) {
          const q = p + DX8[o]! + DY8[o]! * W;
          if (mark[q] === members) sum += (pairs[newRow | next[q]!]! - pairs[oldRow | map[q]!]!) / 2;
          else sum += pairs[newRow | map[q]!]! - pairs[oldRow | map[q]!]!;
        }
      }
      additive[part.objective]! += part.weight * scale * sum;
    }
  }

  /**
   * Add the exact compatibility and core-area changes of a measured change to `delta.additive`.
   * Core area: the core status of the changed cells and of their 8 neighbours, before and after.
   */
  measureSpatial(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, delta: ChangeDelta): void {
    if (delta.spatialMeasured) return;
    delta.compatibilityBound.fill(0);
    if (this.compatibility.length > 0) this.compatibilityDelta(genes, classes, count, delta.additive);
    delta.spatialMeasured = true;
    if (!this.tracksCore || delta.natural === 0) return;
    this.ensureMap();
    const evaluator = this.evaluator;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const mark = this.marks.mark;
    const cells = evaluator.paddedCell;
    let change = 0;
    for (let pass = 0; pass < 2; pass++) {
      const seen = this.marks.next();
      let cores = 0;
      for (let i = 0; i < count; i++) {
        const p = cells[genes[i]!]!;
        for (let o = -1; o < 8; o++) {
          const q = o < 0 ? p : p + DX8[o]! + DY8[o]! * W;
          if (mark[q] === seen) continue;
          mark[q] = seen;
          if (isPaddedCore(map, W, evaluator.natural, evaluator.breaksCore, q)) cores++;
        }
      }
      change += pass === 0 ? -cores : cores;
      if (pass === 0) this.swapMap(genes, classes, count);
    }
    this.restoreMap(genes, count);
    for (let m = 0; m < delta.additive.length; m++) delta.additive[m]! += this.coreWeight[m]! * change;
  }

  /** Write the change into the padded map, keeping the old classes in `saved`. */
  private swapMap(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number): void {
    const cells = this.evaluator.paddedCell;
    for (let i = 0; i < count; i++) {
      const p = cells[genes[i]!]!;
      this.saved[i] = this.map[p]!;
      this.map[p] = classes[i]!;
    }
  }

  private restoreMap(genes: ArrayLike<number>, count: number): void {
    const cells = this.evaluator.paddedCell;
    for (let i = count - 1; i >= 0; i--) this.map[cells[genes[i]!]!] = this.saved[i]!;
  }

  /**
   * Lower and upper bounds (exact values when `exact` was filled by {@link exactAccess}, or when
   * walking access cannot move) of every objective's change.
   * @param exactAccess per access indicator, its exact change of reached housing cells, or NaN.
   */
  bounds(delta: ChangeDelta, lower: Float64Array, upper: Float64Array, exactAccess?: Float64Array): void {
    lower.set(delta.additive);
    const H = this.housingCount;
    const after = H + delta.housing;
    for (let a = 0; a < this.amenity.length; a++) {
      if (!delta.housingMoves && delta.amenitySums[a] === 0) continue;
      this.ensureAmenity();
      const part = this.amenity[a]!;
      const before = H > 0 ? (100 * this.amenityTotals[a]!) / H : 0;
      const now = after > 0 ? (100 * (this.amenityTotals[a]! + delta.amenitySums[a]!)) / after : 0;
      lower[part.objective]! += part.weight * (now - before);
    }
    const area = this.evaluator.area;
    const today = this.evaluator.housingToday;
    for (const part of this.supply) {
      const change =
        housingSupply(after - today, area.cellAreaHa, part.density, part.dwellings) -
        housingSupply(H - today, area.cellAreaHa, part.density, part.dwellings);
      lower[part.objective]! += part.weight * change;
    }
    upper.set(lower);
    if (!delta.spatialMeasured) {
      for (let m = 0; m < lower.length; m++) {
        lower[m]! -= delta.compatibilityBound[m]!;
        upper[m]! += delta.compatibilityBound[m]!;
        if (this.coreWeight[m] === 0 || delta.natural === 0) continue;
        if (delta.natural !== 2) upper[m] = Infinity;
        if (delta.natural !== 1) lower[m] = -Infinity;
      }
    }
    const access = this.walking.parts;
    for (let p = 0; p < access.length; p++) {
      const part = access[p]!;
      const exact = exactAccess?.[p];
      if (exact !== undefined && !Number.isNaN(exact)) {
        const change = this.walking.shareChange(p, exact, delta.housing);
        lower[part.objective]! += part.weight * change;
        upper[part.objective]! += part.weight * change;
        continue;
      }
      const flags = delta.targets[p]!;
      if (!delta.housingMoves && flags === 0) continue;
      if (!delta.housingMoves && flags === 1) upper[part.objective] = Infinity;
      else if (!delta.housingMoves && flags === 2) lower[part.objective] = -Infinity;
      else {
        lower[part.objective] = -Infinity;
        upper[part.objective] = Infinity;
      }
    }
  }

  /**
   * Whether applying this change moves the layout's totals that {@link bounds} reads besides the
   * change itself (housing cells, amenity sums, homes reached): then the bounds of other changes
   * measured before it may differ after it.
   */
  movesTotals(delta: ChangeDelta): boolean {
    if (delta.housing !== 0 || delta.housingMoves) return true;
    for (let a = 0; a < delta.amenitySums.length; a++) if (delta.amenitySums[a] !== 0) return true;
    for (let p = 0; p < this.walking.parts.length; p++) if (this.walking.moves(delta, p)) return true;
    return false;
  }

  /** Whether walking access indicator `p` may move under this change (its bounds are not [0, 0]). */
  accessMoves(delta: ChangeDelta, p: number): boolean {
    return this.walking.moves(delta, p);
  }

  /** Number of walking-access indicators. */
  get accessCount(): number {
    return this.walking.parts.length;
  }

  /**
   * Exact change of the number of housing cells with a target of access indicator p within reach
   * when `genes[0..count)` change to `classes[0..count)` ({@link ChangeAccess.exactChange}).
   */
  exactAccess(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, p: number): number {
    return this.walking.exactChange(genes, classes, count, p);
  }

  /**
   * Make the change part of the loaded layout.
   * @param delta its {@link measure}ment.
   * @param exactAccess per access indicator its exact change of reached homes, or NaN when unknown.
   */
  apply(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    delta: ChangeDelta,
    exactAccess: Float64Array,
  ): void {
    const evaluator = this.evaluator;
    if (this.amenityReady)
      for (let a = 0; a < this.amenity.length; a++) this.amenityTotals[a]! += delta.amenitySums[a]!;
    this.housingCount += delta.housing;
    const derivedReady = this.mapReady && this.walking.bitsReady && this.amenityReady;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.layout[gene]!;
      const to = classes[i]!;
      this.saved[i] = from;
      if (from === to) continue;
      if (this.today && from === this.today[gene] && !derivedReady) this.changedListStale = true;
      this.layout[gene] = to;
      this.counts[from]!--;
      this.counts[to]!++;
      if (this.mapReady) this.map[evaluator.paddedCell[gene]!] = to;
    }
    this.walking.apply(genes, classes, count, this.saved, delta, exactAccess);
  }

  /**
   * Whether two measured changes are far enough apart for their compatibility and core-area
   * effects to add up (no cell lies within one cell of both).
   */
  static separated(a: ChangeDelta, b: ChangeDelta): boolean {
    return gapAbove(a, b, 2, 2);
  }

  /**
   * Whether two measured changes are far enough apart for their effects on walking-access
   * indicator p to add up: no housing cell lies within walking distance of both.
   */
  accessSeparated(a: ChangeDelta, b: ChangeDelta, p: number): boolean {
    return this.walking.separated(a, b, p);
  }
}
