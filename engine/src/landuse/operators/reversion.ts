/**
 * Parsimony: no layout may keep change that serves nothing.
 *
 * A changed patch is a 4-connected group of cells whose class differs from today's and which
 * share one from -> to pair. A layout is parsimonious when reverting any one changed patch to
 * today's use, or any matched pair of opposite patches (one A -> B with one B -> A), either
 * breaks a hard constraint (a class leaves its demand bounds; returning to today's class breaks
 * no other rule and only lowers the changed area) or makes at least one objective worse, by more
 * than {@link PARSIMONY_TOLERANCE} x max(1, |the objective's value today|) (objective values are
 * sums of many floating-point terms).
 *
 * {@link PatchReversion.revert} makes a layout parsimonious: it tries every patch, then every
 * matched pair, keeps each reversion that weakly dominates (no objective worse beyond the
 * tolerance), and repeats until a whole pass keeps none. Each trial is an exact local evaluation
 * of the reverted cells (objectives/delta.ts), not a full evaluation; pairs far enough apart not
 * to interact are first judged from the sum of their patches' effects.
 *
 * With a steered run's objective bounds (model/objective-bounds.ts), a reversion may raise an
 * objective above its max (or, by tolerances adding up, lower one below its min): when the
 * reverted layout lies further outside the bounds than the layout did, the layout is kept as it
 * was (its extra change is what keeps it within the bounds), so no layout leaves them here.
 */
import { boundShortfall } from '../model/objective-bounds.js';
import { currentGenome, startGenome, type StudyArea } from '../model/study-area.js';
import { ChangeEvaluator, type ChangeDelta } from '../objectives/delta.js';
import type { LandUseEvaluator } from '../objectives/evaluator.js';

/** Relative tolerance below which a reversion does not count as making an objective worse. */
export const PARSIMONY_TOLERANCE = 1e-9;

/**
 * Per objective, the change below which a reversion does not count as making it worse:
 * {@link PARSIMONY_TOLERANCE} x max(1, |value of today's layout|).
 */
export function parsimonyTolerances(evaluator: LandUseEvaluator): Float64Array {
  const today = new Float64Array(evaluator.numberOfObjectives);
  evaluator.evaluate(currentGenome(evaluator.area), today);
  return today.map((value) => PARSIMONY_TOLERANCE * Math.max(1, Math.abs(value)));
}

/** The changed patches of a layout: compressed lists of genes, with each patch's classes. */
export interface ChangedPatches {
  readonly count: number;
  /** Genes of patch p: genes[start[p] .. start[p + 1]). */
  readonly start: Int32Array;
  readonly genes: Int32Array;
  /** Today's class (`from`) and the layout's class (`to`) of each patch. */
  readonly from: Uint8Array;
  readonly to: Uint8Array;
  /** A hash of each patch's kind and genes (to recognise a patch seen in an earlier layout). */
  readonly hash: Int32Array;
}

/**
 * Reusable buffers of {@link changedPatches}: the result's arrays (sized for every gene), and the
 * runs of changed genes along the grid's rows, grown as a call needs (a layout under a change
 * limit has a few thousand).
 */
export interface PatchScratch {
  readonly members: Int32Array;
  readonly start: Int32Array;
  readonly from: Uint8Array;
  readonly to: Uint8Array;
  readonly hash: Int32Array;
  readonly runs: PatchRuns;
}

/**
 * Runs of changed genes with the same from -> to pair along a row of the grid: run r is the genes
 * gene[r] .. gene[r] + length[r] - 1 (consecutive genes on consecutive cells from cell[r]), with
 * its union-find parent (always a run listed before it, or itself) and its patch.
 */
interface PatchRuns {
  gene: Int32Array;
  cell: Int32Array;
  length: Int32Array;
  parent: Int32Array;
  patch: Int32Array;
  /** Per patch, the next free slot of its genes in `members`. */
  cursor: Int32Array;
}

function patchRuns(capacity: number): PatchRuns {
  return {
    gene: new Int32Array(capacity),
    cell: new Int32Array(capacity),
    length: new Int32Array(capacity),
    parent: new Int32Array(capacity),
    patch: new Int32Array(capacity),
    cursor: new Int32Array(capacity),
  };
}

/** Doubles the run buffers (keeping the runs listed so far). */
function growRuns(runs: PatchRuns): void {
  const grown = patchRuns(2 * runs.gene.length);
  for (const key of ['gene', 'cell', 'length', 'parent'] as const) grown[key].set(runs[key]);
  Object.assign(runs, grown);
}

/** Scratch buffers for {@link changedPatches} on a study area. */
export function patchScratch(area: StudyArea): PatchScratch {
  const genes = area.geneCells.length;
  return {
    members: new Int32Array(genes),
    start: new Int32Array(genes + 1),
    from: new Uint8Array(genes),
    to: new Uint8Array(genes),
    hash: new Int32Array(genes),
    runs: patchRuns(64),
  };
}

/** The run that represents run `r`'s patch so far (union-find with path halving). */
function findRun(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]!]!;
    r = parent[r]!;
  }
  return r;
}

/**
 * The changed patches of `genome` (4-connected genes differing from today's class with the same
 * from -> to pair), in the order of their first gene, each patch's genes ascending.
 *
 * Found by runs rather than cell by cell: the changed genes, in gene order (the grid's row-major
 * order), form runs along the rows; each run joins the runs of the row above that overlap it and
 * share its from -> to pair (union-find over the runs, the earlier run as the root, so a patch's
 * root is its first run). A breadth-first search over each cell's four neighbours took 3 times as
 * long at 1,000 x 1,000 cells (2.1 against 0.7 ms for 50,000 changed genes).
 * @param scratch buffers to reuse (see {@link patchScratch}); the result's arrays are views of them.
 * @param changed the genes that differ from today's class, in gene order, when known (saves a pass over all genes).
 */
export function changedPatches(
  area: StudyArea,
  genome: Uint8Array,
  today: Uint8Array = startGenome(area),
  scratch: PatchScratch = patchScratch(area),
  changed?: { readonly genes: Int32Array; readonly count: number },
): ChangedPatches {
  const { members, start, from, to, hash, runs } = scratch;
  const { width, geneCells } = area;
  // The runs, in gene order.
  let count = 0;
  let last = -1;
  // The last run's classes today and in the genome.
  let runFrom = -1;
  let runTo = -1;
  const seeds = changed?.count ?? genome.length;
  for (let k = 0; k < seeds; k++) {
    const gene = changed ? changed.genes[k]! : k;
    const b = genome[gene]!;
    const a = today[gene]!;
    if (a === b) continue;
    const cell = geneCells[gene]!;
    if (
      last >= 0 &&
      gene === runs.gene[last]! + runs.length[last]! &&
      cell === runs.cell[last]! + runs.length[last]! &&
      cell % width !== 0 &&
      a === runFrom &&
      b === runTo
    ) {
      runs.length[last]!++;
      continue;
    }
    if (++last === runs.gene.length) growRuns(runs);
    runs.gene[last] = gene;
    runs.cell[last] = cell;
    runs.length[last] = 1;
    runs.parent[last] = last;
    runFrom = a;
    runTo = b;
  }
  const runCount = last + 1;
  const { gene: runGene, cell: runCell, length: runLength, parent } = runs;
  // Each run joins the overlapping runs of the row above with the same change. `above` is the
  // first run that ends after the start of the cells above run r (it only moves forward).
  let above = 0;
  for (let r = 0; r < runCount; r++) {
    const first = runCell[r]! - width;
    const end = first + runLength[r]!;
    while (above < r && runCell[above]! + runLength[above]! <= first) above++;
    const a = today[runGene[r]!]!;
    const b = genome[runGene[r]!]!;
    for (let j = above; j < r && runCell[j]! < end; j++) {
      const g = runGene[j]!;
      if (today[g] !== a || genome[g] !== b) continue;
      const x = findRun(parent, r);
      const y = findRun(parent, j);
      if (x < y) parent[y] = x;
      else if (y < x) parent[x] = y;
    }
  }
  // Patches numbered in the order of their first run; their sizes, then their genes.
  const { patch: runPatch, cursor } = runs;
  for (let r = 0; r < runCount; r++) {
    const root = findRun(parent, r);
    if (root === r) {
      const g = runGene[r]!;
      from[count] = today[g]!;
      to[count] = genome[g]!;
      cursor[count] = 0;
      runPatch[r] = count++;
    } else runPatch[r] = runPatch[root]!;
    cursor[runPatch[r]!]! += runLength[r]!;
  }
  let filled = 0;
  for (let p = 0; p < count; p++) {
    const size = cursor[p]!;
    start[p] = filled;
    cursor[p] = filled;
    hash[p] = Math.imul(from[p]! * 31 + to[p]! + 1, 0x9e3779b1);
    filled += size;
  }
  start[count] = filled;
  for (let r = 0; r < runCount; r++) {
    const p = runPatch[r]!;
    let slot = cursor[p]!;
    let h = hash[p]!;
    for (let g = runGene[r]!, end = g + runLength[r]!; g < end; g++) {
      members[slot++] = g;
      h = Math.imul(h ^ g, 0x01000193);
    }
    cursor[p] = slot;
    hash[p] = h;
  }
  return {
    count,
    start: start.subarray(0, count + 1),
    genes: members.subarray(0, filled),
    from: from.subarray(0, count),
    to: to.subarray(0, count),
    hash: hash.subarray(0, count),
  };
}

/** Counts of the work one call did (for benchmarks). */
export interface ReversionStats {
  patches: number;
  singleTrials: number;
  pairTrials: number;
  /** Pairs judged from their patches' summed effects, without measuring them together. */
  pairsJudgedApart: number;
  exactAccessTrials: number;
  reverted: number;
  revertedCells: number;
  /** Trials not repeated in a later pass because nothing they depend on had changed. */
  trialsSkipped: number;
}

/** What one patch's reversion does, measured against the current layout (see ChangeEvaluator). */
interface PatchRecord {
  /** Its effect in the current layout: `base`, plus exact compatibility and core area once measured. */
  readonly delta: ChangeDelta;
  /** What the patch's own cells determine (the same in any layout holding the patch; see measure). */
  base: ChangeDelta;
  /** Per walking-access indicator, the exact change of reached homes, NaN until computed. */
  readonly access: Float64Array;
}

/** A patch (its genes and classes) with what its cells alone determine, kept across layouts. */
interface KnownPatch {
  readonly genes: Int32Array;
  readonly from: number;
  readonly to: number;
  readonly base: ChangeDelta;
}

/**
 * Patches kept across calls: offspring share most of their patches with their parents, and a
 * patch's own effects (linear terms, bounds) do not depend on the rest of the layout. Beyond
 * this many genes in all, the memory starts afresh.
 */
const KNOWN_PATCH_GENES = 1 << 21;

export class PatchReversion {
  readonly tolerances: Float64Array;
  /** Totals over every call since construction (read by benchmarks). */
  readonly stats: ReversionStats = {
    patches: 0,
    singleTrials: 0,
    pairTrials: 0,
    pairsJudgedApart: 0,
    exactAccessTrials: 0,
    reverted: 0,
    revertedCells: 0,
    trialsSkipped: 0,
  };
  private readonly change: ChangeEvaluator;
  private readonly today: Uint8Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly exact: Float64Array;
  private readonly union: ChangeDelta;
  private readonly records: PatchRecord[] = [];
  /** The change being tried (genes and their classes today), and a second buffer for one patch. */
  private readonly trialGenes: Int32Array;
  private readonly trialClasses: Uint8Array;
  private readonly patchGenes: Int32Array;
  private readonly patchClasses: Uint8Array;
  private readonly scratch: PatchScratch;
  private readonly known = new Map<number, KnownPatch[]>();
  /** Per call: patches still changed, and the patches by kind (from * K + to, compressed rows). */
  private readonly alive: Uint8Array;
  private readonly kindStart: Int32Array;
  private readonly kindCursor: Int32Array;
  private readonly byKind: Int32Array;
  private knownGenes = 0;
  /**
   * Per call, to skip trials whose answer cannot have changed since a later pass last asked: a
   * counter of the reversions applied (`tick`), the tick of the last one that moved the layout's
   * totals the bounds read (housing cells, amenity sums, homes reached: `globalTick`), per patch
   * the tick at which its measured effect was last reset (`resetTick`), and the tick at which a
   * single patch (`singleRejected`, -1 when not rejected) or a pair (`pairRejected`) was last
   * rejected on its objectives. A rejection stands while neither patch was reset and the totals
   * did not move since (the class counts are checked afresh on every trial).
   */
  private tick = 0;
  private globalTick = 0;
  private readonly resetTick: Int32Array;
  private readonly singleRejected: Int32Array;
  private readonly pairRejected = new Map<number, number>();
  /** With objective bounds: the layout before a reversion, and objective buffers to check it. */
  private readonly bounded: { original: Uint8Array; objectives: Float64Array } | null;

  constructor(
    private readonly area: StudyArea,
    private readonly evaluator: LandUseEvaluator,
    tolerances: Float64Array = parsimonyTolerances(evaluator),
  ) {
    this.tolerances = tolerances;
    this.bounded = area.objectiveBounds
      ? {
          original: new Uint8Array(area.geneCells.length),
          objectives: new Float64Array(evaluator.numberOfObjectives),
        }
      : null;
    this.change = new ChangeEvaluator(evaluator, undefined, currentGenome(area));
    // Patches return to their start class (today's, or a steered run's locked class); the change
    // evaluator measures objectives against today's map.
    this.today = startGenome(area);
    const M = evaluator.numberOfObjectives;
    this.lower = new Float64Array(M);
    this.upper = new Float64Array(M);
    this.exact = new Float64Array(this.change.accessCount);
    this.union = this.change.createDelta();
    const genes = area.geneCells.length;
    this.trialGenes = new Int32Array(genes);
    this.trialClasses = new Uint8Array(genes);
    this.patchGenes = new Int32Array(genes);
    this.patchClasses = new Uint8Array(genes);
    this.scratch = patchScratch(area);
    const K = area.classes.length;
    this.alive = new Uint8Array(genes);
    this.kindStart = new Int32Array(K * K + 1);
    this.kindCursor = new Int32Array(K * K);
    this.byKind = new Int32Array(genes);
    this.resetTick = new Int32Array(genes);
    this.singleRejected = new Int32Array(genes);
  }

  /**
   * Revert, in place, every patch and matched pair of patches whose reversion weakly dominates.
   * Returns whether anything was reverted.
   */
  revert(row: Uint8Array): boolean {
    const bounded = this.bounded;
    if (!bounded) return this.revertPatches(row);
    bounded.original.set(row);
    this.evaluator.evaluate(row, bounded.objectives);
    const before = boundShortfall(this.area.objectiveBounds, bounded.objectives);
    if (!this.revertPatches(row)) return false;
    this.evaluator.evaluate(row, bounded.objectives);
    if (boundShortfall(this.area.objectiveBounds, bounded.objectives) <= before) return true;
    row.set(bounded.original);
    return false;
  }

  private revertPatches(row: Uint8Array): boolean {
    this.change.load(row, true); // reversions are applied to the row itself
    const patches = changedPatches(this.area, row, this.today, this.scratch, this.change.changed);
    if (patches.count === 0) return false;
    let changed = false;
    this.stats.patches += patches.count;
    const alive = this.alive.subarray(0, patches.count).fill(1);
    this.tick = 0;
    this.globalTick = 0;
    this.resetTick.fill(0, 0, patches.count);
    this.singleRejected.fill(-1, 0, patches.count);
    this.pairRejected.clear();
    // Each patch's reversion is measured once, and again only when a reversion near it changes its context.
    while (this.records.length < patches.count)
      this.records.push({
        delta: this.change.createDelta(),
        base: this.change.createDelta(),
        access: new Float64Array(this.change.accessCount),
      });
    for (let p = 0; p < patches.count; p++) this.measurePatch(patches, p);
    // Matched pairs: the patches of each kind A -> B, listed by kind (a counting sort).
    const K = this.area.classes.length;
    const kindStart = this.kindStart.fill(0);
    for (let p = 0; p < patches.count; p++) kindStart[patches.from[p]! * K + patches.to[p]! + 1]!++;
    for (let k = 0; k < K * K; k++) kindStart[k + 1]! += kindStart[k]!;
    const cursor = this.kindCursor;
    cursor.set(kindStart.subarray(0, K * K));
    for (let p = 0; p < patches.count; p++) this.byKind[cursor[patches.from[p]! * K + patches.to[p]!]!++] = p;
    for (;;) {
      let reverted = false;
      for (let p = 0; p < patches.count; p++) {
        if (!alive[p] || !this.countsAllow(patches, p, -1)) continue;
        if (this.stillRejected(this.singleRejected[p]!, p, -1)) {
          this.stats.trialsSkipped++;
          continue;
        }
        this.stats.singleTrials++;
        if (this.tryPatches(patches, p, -1)) {
          alive[p] = 0;
          this.reverted(patches, alive, p, -1);
          reverted = true;
        } else this.singleRejected[p] = this.tick;
      }
      if (this.revertPairs(patches, alive, K)) reverted = true;
      if (!reverted) return changed;
      changed = true;
    }
  }

  /** Try every matched pair of opposite patches; returns whether any was reverted. */
  private revertPairs(patches: ChangedPatches, alive: Uint8Array, K: number): boolean {
    let any = false;
    const start = this.kindStart;
    const list = this.byKind;
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        const forward = a * K + b;
        const backward = b * K + a;
        if (start[forward] === start[forward + 1] || start[backward] === start[backward + 1]) continue;
        for (let i = start[forward]!; i < start[forward + 1]!; i++) {
          const p = list[i]!;
          for (let j = start[backward]!; j < start[backward + 1]!; j++) {
            const q = list[j]!;
            if (!alive[p] || !alive[q] || !this.countsAllow(patches, p, q)) continue;
            const key = p * patches.count + q;
            if (this.stillRejected(this.pairRejected.get(key) ?? -1, p, q)) {
              this.stats.trialsSkipped++;
              continue;
            }
            this.stats.pairTrials++;
            if (this.tryPatches(patches, p, q)) {
              alive[p] = 0;
              alive[q] = 0;
              this.reverted(patches, alive, p, q);
              any = true;
            } else this.pairRejected.set(key, this.tick);
          }
        }
      }
    }
    return any;
  }

  /**
   * Revert patch p (with patch q when q >= 0) if that weakly dominates; returns whether it did.
   * The change is judged from the patches' cached effects where they add up (a single patch, or
   * two patches far enough apart), and measured together otherwise; the costlier parts (core
   * area, walking access) are computed only when the cheaper bounds leave the answer open.
   */
  private tryPatches(patches: ChangedPatches, p: number, q: number): boolean {
    const change = this.change;
    const recordP = this.records[p]!;
    const recordQ = q >= 0 ? this.records[q]! : null;
    const union = this.union;
    const apart = recordQ === null || ChangeEvaluator.separated(recordP.delta, recordQ.delta);
    let count = 0;
    if (apart) {
      if (recordQ) union.sum(recordP.delta, recordQ.delta);
      else union.copy(recordP.delta);
    } else {
      count = this.writeReturns(patches, p, q);
      change.measure(this.trialGenes, this.trialClasses, count, union);
    }
    if (this.rejected(union)) {
      if (recordQ && apart) this.stats.pairsJudgedApart++;
      return false;
    }
    if (!this.noneWorse(this.lower) && !union.spatialMeasured) {
      if (apart) {
        this.measurePatchSpatial(patches, p);
        if (q >= 0) this.measurePatchSpatial(patches, q);
        if (recordQ) union.sum(recordP.delta, recordQ.delta);
        else union.copy(recordP.delta);
      } else change.measureSpatial(this.trialGenes, this.trialClasses, count, union);
      if (this.rejected(union)) return false;
    }
    this.exact.fill(NaN);
    if (!this.noneWorse(this.lower)) {
      // One access indicator at a time: often the first exact value settles it.
      for (let k = 0; k < change.accessCount; k++) {
        if (!change.accessMoves(union, k)) continue;
        if (recordQ === null || change.accessSeparated(recordP.delta, recordQ.delta, k)) {
          this.exact[k] = this.patchAccess(patches, p, k) + (q >= 0 ? this.patchAccess(patches, q, k) : 0);
        } else {
          if (count === 0) count = this.writeReturns(patches, p, q);
          this.exact[k] = change.exactAccess(this.trialGenes, this.trialClasses, count, k);
          this.stats.exactAccessTrials++;
        }
        change.bounds(union, this.lower, this.upper, this.exact);
        if (this.worse(this.upper)) return false;
      }
      if (!this.noneWorse(this.lower)) return false;
    }
    if (count === 0) count = this.writeReturns(patches, p, q);
    change.apply(this.trialGenes, this.trialClasses, count, union, this.exact);
    this.stats.reverted++;
    this.stats.revertedCells += count;
    return true;
  }

  /** Measure patch p's reversion on its own (cheap parts; core and access left for later). */
  private measurePatch(patches: ChangedPatches, p: number): void {
    const record = this.records[p]!;
    record.base = this.knownBase(patches, p);
    record.delta.copy(record.base);
    record.access.fill(NaN);
  }

  /** What patch p's own cells determine: remembered from earlier layouts, or measured now. */
  private knownBase(patches: ChangedPatches, p: number): ChangeDelta {
    const first = patches.start[p]!;
    const end = patches.start[p + 1]!;
    const from = patches.from[p]!;
    const to = patches.to[p]!;
    const hash = patches.hash[p]!;
    const list = this.known.get(hash);
    if (list) {
      for (const entry of list) {
        if (entry.from !== from || entry.to !== to || entry.genes.length !== end - first) continue;
        let same = true;
        for (let k = first; k < end && same; k++) same = entry.genes[k - first] === patches.genes[k];
        if (same) return entry.base;
      }
    }
    const count = this.writeReturn(patches, p, 0, this.patchGenes, this.patchClasses);
    const base = this.change.measure(this.patchGenes, this.patchClasses, count, this.change.createDelta());
    if (this.knownGenes + count > KNOWN_PATCH_GENES) {
      this.known.clear();
      this.knownGenes = 0;
    }
    const entry = { genes: patches.genes.slice(first, end), from, to, base };
    if (list) list.push(entry);
    else this.known.set(hash, [entry]);
    this.knownGenes += count;
    return base;
  }

  private measurePatchSpatial(patches: ChangedPatches, p: number): void {
    const record = this.records[p]!;
    if (record.delta.spatialMeasured) return;
    const count = this.writeReturn(patches, p, 0, this.patchGenes, this.patchClasses);
    this.change.measureSpatial(this.patchGenes, this.patchClasses, count, record.delta);
  }

  /** Patch p's exact change of reached homes for access indicator k (cached). */
  private patchAccess(patches: ChangedPatches, p: number, k: number): number {
    const record = this.records[p]!;
    if (!this.change.accessMoves(record.delta, k)) return 0;
    if (Number.isNaN(record.access[k]!)) {
      const count = this.writeReturn(patches, p, 0, this.patchGenes, this.patchClasses);
      record.access[k] = this.change.exactAccess(this.patchGenes, this.patchClasses, count, k);
      this.stats.exactAccessTrials++;
    }
    return record.access[k]!;
  }

  /**
   * Whether a trial rejected at tick `rejectedAt` (-1: never) would be rejected again: the patches'
   * measured effects were not reset and the layout's totals did not move since. Class counts do
   * not enter a rejection (they are checked before each trial), so they need not be the same.
   */
  private stillRejected(rejectedAt: number, p: number, q: number): boolean {
    return (
      rejectedAt >= 0 &&
      this.globalTick <= rejectedAt &&
      this.resetTick[p]! <= rejectedAt &&
      (q < 0 || this.resetTick[q]! <= rejectedAt)
    );
  }

  /** After reverting patch p (with q when q >= 0): what the next trials must measure afresh. */
  private reverted(patches: ChangedPatches, alive: Uint8Array, p: number, q: number): void {
    const tick = ++this.tick;
    // The change just applied (tryPatches left it in `union`).
    if (this.change.movesTotals(this.union)) this.globalTick = tick;
    this.remeasureNear(patches, alive, this.records[p]!.delta);
    if (q >= 0) this.remeasureNear(patches, alive, this.records[q]!.delta);
  }

  /**
   * After a reversion: measure again the living patches close enough for their compatibility or
   * core area to change, and forget the access changes of those within two walking distances.
   */
  private remeasureNear(patches: ChangedPatches, alive: Uint8Array, done: ChangeDelta): void {
    const change = this.change;
    for (let p = 0; p < patches.count; p++) {
      if (!alive[p]) continue;
      const record = this.records[p]!;
      if (!ChangeEvaluator.separated(record.delta, done)) {
        // Its compatibility and core area may have changed: back to what its cells alone determine.
        record.delta.copy(record.base);
        record.access.fill(NaN);
        this.resetTick[p] = this.tick;
        continue;
      }
      for (let k = 0; k < change.accessCount; k++)
        if (!change.accessSeparated(record.delta, done, k)) {
          record.access[k] = NaN;
          this.resetTick[p] = this.tick;
        }
    }
  }

  /** Bound the change's objectives into lower/upper; true when some objective certainly gets worse. */
  private rejected(delta: ChangeDelta): boolean {
    this.change.bounds(delta, this.lower, this.upper);
    return this.worse(this.upper);
  }

  /** Some objective certainly gets worse beyond its tolerance (`upper` bounds the changes). */
  private worse(upper: Float64Array): boolean {
    for (let m = 0; m < upper.length; m++) if (upper[m]! < -this.tolerances[m]!) return true;
    return false;
  }

  /** No objective gets worse beyond its tolerance (`lower` bounds the changes). */
  private noneWorse(lower: Float64Array): boolean {
    for (let m = 0; m < lower.length; m++) if (!(lower[m]! >= -this.tolerances[m]!)) return false;
    return true;
  }

  /**
   * Whether reverting patch p (and patch q, when q >= 0) keeps every class it touches within its
   * demand bounds.
   */
  private countsAllow(patches: ChangedPatches, p: number, q: number): boolean {
    const counts = this.change.classCounts;
    const { minCells, maxCells } = this.area;
    const sizeP = patches.start[p + 1]! - patches.start[p]!;
    const sizeQ = q >= 0 ? patches.start[q + 1]! - patches.start[q]! : 0;
    // Reverting p moves sizeP cells from `to` back to `from`; q (the opposite pair) moves sizeQ back.
    const from = patches.from[p]!;
    const to = patches.to[p]!;
    const fromCount = counts[from]! + sizeP - sizeQ;
    const toCount = counts[to]! - sizeP + sizeQ;
    return (
      fromCount >= minCells[from]! &&
      fromCount <= maxCells[from]! &&
      toCount >= minCells[to]! &&
      toCount <= maxCells[to]!
    );
  }

  /** Write the return of patch p (and of patch q when q >= 0) into the trial buffers; returns their length. */
  private writeReturns(patches: ChangedPatches, p: number, q: number): number {
    const count = this.writeReturn(patches, p, 0, this.trialGenes, this.trialClasses);
    return q >= 0 ? this.writeReturn(patches, q, count, this.trialGenes, this.trialClasses) : count;
  }

  /** Append patch p's return to today's classes to `genes`/`classes` from position `offset`; returns the new length. */
  private writeReturn(
    patches: ChangedPatches,
    p: number,
    offset: number,
    genes: Int32Array,
    classes: Uint8Array,
  ): number {
    let count = offset;
    const from = patches.from[p]!;
    for (let k = patches.start[p]!; k < patches.start[p + 1]!; k++) {
      genes[count] = patches.genes[k]!;
      classes[count++] = from;
    }
    return count;
  }
}
