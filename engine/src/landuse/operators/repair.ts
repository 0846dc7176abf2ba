/**
 * Repair: makes any genome satisfy every hard constraint exactly.
 *
 * 1. A gene holding a class its cell may not take (a rule would break) returns to today's class,
 *    which is always allowed (on a cell a steered run locks: its locked class, model/cell-locks.ts).
 *    "Today's class" below is a gene's start class (model/study-area.ts startGenome).
 * 2. Area demands are restored by moving cells between classes along augmenting paths (as in a
 *    max-flow): a class below its minimum receives a cell from a class above its minimum, through
 *    intermediate classes when no cell can change directly (for example A -> B -> C when no cell
 *    of A may become C). Classes above their maximum give cells away the same way. Cells are
 *    grouped by (class, allowed-class mask), so a path only uses moves that some cell allows;
 *    when no path exists the demands cannot be met (validation reports that before a run).
 * 3. Which cell moves: a few random candidates of the group are scored and the least harmful
 *    wins: cells on the edge of a patch of the receiving class (keeps patches compact), cells that
 *    return to today's class (undoing a change rather than making a new one), cells whose class
 *    today resists change least (`resistance`) and, with `objectiveBias` > 0, cells where the
 *    change loses least of the linear objective terms under random objective weights drawn per
 *    call (so repairs do not all favour one objective).
 * 4. The change limit (`rules.maxChange`): while more genes differ from today's class than the
 *    limit allows, changed cells return to today's class, one at a time when the demands leave
 *    room, otherwise along a path or cycle of such returns between classes (A back to B, B back to
 *    C, ... keeps every count within its bounds). Should no such return exist (the changes are all
 *    needed where they are), the layout restarts from today's and is repaired again, which
 *    changes the least (the feasibility check tests that this meets the limit).
 */
import type { Random } from '../../optimizer/core/random.js';
import type { Repair } from '../../optimizer/core/operators.js';
import { ReferenceGenome } from '../model/genome-changes.js';
import { cellNeighbour4, NO_CLASS, startGenome, type StudyArea } from '../model/study-area.js';
import type { LinearGain, WeightedGain } from './linear-gain.js';
import type { Regions } from '../model/regions.js';

export interface RepairOptions {
  /** Candidates scored per move. Default 8. */
  readonly candidates?: number;
  /** Weight of the objective-based harm against the neighbourhood term. Default 1. */
  readonly objectiveBias?: number;
  /** Fixed objective weights (e.g. [1, 0, 0] to seed toward one objective); default random per call. */
  readonly objectiveWeights?: readonly number[];
}

const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

/**
 * A group's members must fill at least one in this many of the slots a random member is drawn
 * from (today's and added genes); below that the group is compacted (see `DemandRepair.compact`).
 */
const MAX_DRAWS_PER_MEMBER = 4;

/** Score bonus of a move that returns a cell to today's class (the neighbourhood term is in [-1, 1]). */
const RETURN_BONUS = 1;

/**
 * What a repair reads of its study area and never changes: the allowed-class masks, each
 * (class, mask) group's genes in today's layout and where each group's slots start, the start
 * layout and its class counts. Built once per area and shared by its repairs
 * ({@link DemandRepair.withOptions}).
 */
export interface RepairTables {
  /** Distinct allowed masks and each gene's mask id. */
  readonly masks: number[];
  readonly maskOf: Uint8Array | Uint16Array;
  /** Per group (class * masks + mask id), its first slot in `todayGenes` (and in a repair's `addedGenes`). */
  readonly poolStart: Int32Array;
  readonly todayGenes: Int32Array;
  readonly todaySize: Int32Array;
  readonly today: Uint8Array;
  readonly start: ReferenceGenome;
  readonly startCounts: Int32Array;
  readonly resistance: Float64Array;
}

/** The study area's {@link RepairTables}. */
function repairTables(area: StudyArea): RepairTables {
  const K = area.classes.length;
  // Masks are 16 bits (MAX_CLASSES): a table, not a Map, numbers them (3.7 M genes at 2,000 x 2,000).
  const ids = new Int32Array(1 << 16).fill(-1);
  const masks: number[] = [];
  const maskIds = new Uint16Array(area.allowed.length);
  for (let g = 0; g < area.allowed.length; g++) {
    const mask = area.allowed[g]!;
    let id = ids[mask]!;
    if (id < 0) {
      id = masks.length;
      ids[mask] = id;
      masks.push(mask);
    }
    maskIds[g] = id;
  }
  // One byte a gene when there are at most 256 masks (as in practice): a call reads it at every changed gene.
  const maskOf = masks.length <= 256 ? Uint8Array.from(maskIds) : maskIds;
  const groups = K * masks.length;
  const poolStart = new Int32Array(groups);
  // Each gene can sit in any group of its mask's classes: give every group room for all genes of that mask.
  const perMask = new Int32Array(masks.length);
  for (let g = 0; g < maskOf.length; g++) perMask[maskOf[g]!]!++;
  let offset = 0;
  for (let c = 0; c < K; c++) {
    for (let m = 0; m < masks.length; m++) {
      poolStart[c * masks.length + m] = offset;
      if ((masks[m]! >> c) & 1) offset += perMask[m]!;
    }
  }
  const today = startGenome(area);
  const startCounts = Int32Array.from(area.fixedCounts);
  for (let g = 0; g < today.length; g++) startCounts[today[g]!]!++;
  const todayGenes = new Int32Array(offset);
  const todaySize = new Int32Array(groups);
  for (let g = 0; g < today.length; g++) {
    const group = today[g]! * masks.length + maskOf[g]!;
    todayGenes[poolStart[group]! + todaySize[group]!++] = g;
  }
  return {
    masks,
    maskOf,
    poolStart,
    todayGenes,
    todaySize,
    today,
    start: new ReferenceGenome(today),
    startCounts,
    resistance: Float64Array.from(area.classes, (c) => c.resistance),
  };
}

export class DemandRepair implements Repair<Uint8Array> {
  readonly name = 'demand-repair';
  /** The study area's tables, read-only and shared with {@link withOptions}'s repairs. */
  private readonly tables: RepairTables;
  /** Distinct allowed masks and each gene's mask id. */
  private readonly masks: number[];
  /** One byte a gene when there are at most 256 masks (as in practice): a call reads it at every changed gene. */
  private readonly maskOf: Uint8Array | Uint16Array;
  private readonly K: number;
  private readonly counts: Int32Array;
  /**
   * The genes of each (class, mask) group, group = class * masks + maskId, kept so that a call
   * costs time in the row's changes and its moves rather than in the genome's length:
   * - `todayGenes`: the group's genes in today's layout, built once (never changed);
   * - `addedGenes`: this call's genes in the group that are not among its active today's genes
   *   (swap-remove lists), listed with the groups' sizes in step 1's pass over the row's changes
   *   and kept up to date by every move;
   * - `poolSize`: the group's genes in the row, today's count plus the changes.
   * A random member is a random slot of today's genes and the added ones, drawn again when it
   * holds a gene that has left the group (see `pickGene`); a group most of whose today's genes
   * have left is compacted for the rest of the call (`compact`).
   */
  private readonly poolStart: Int32Array;
  private readonly poolSize: Int32Array;
  private readonly todayGenes: Int32Array;
  private readonly todaySize: Int32Array;
  /** Per group, 1 while its today's genes are drawn from (0 once compacted in this call). */
  private readonly todayActive: Uint8Array;
  private readonly addedGenes: Int32Array;
  private readonly addedSize: Int32Array;
  /** Each gene's slot in `addedGenes` when it is listed there (valid only when the slot holds it). */
  private readonly addedSlot: Int32Array;
  /** The genes in which a row differs from today's class, ascending (listChanges' buffer). */
  private readonly rowChanges: Int32Array;
  private readonly weights: Float64Array;
  /** The linear gain under this call's objective weights (null without a gain or bias). */
  private readonly weightedGain: WeightedGain | null;
  /** Path-search buffers (breadth-first search over classes), reused by every call. */
  private readonly parent: Int32Array;
  private readonly queue: Int32Array;
  private readonly path: Int32Array;
  private readonly candidates: number;
  private readonly objectiveBias: number;
  /** Today's class per gene, and each class's resistance to change. */
  private readonly today: Uint8Array;
  /** The same, to find a row's changes four genes at a time; and the class counts of the start layout. */
  private readonly start: ReferenceGenome;
  private readonly startCounts: Int32Array;
  private readonly resistance: Float64Array;
  /** Changed genes grouped by (class now, class today): group = now * K + today; swap-remove lists. */
  private readonly returnStart: Int32Array;
  private readonly returnSize: Int32Array;
  private readonly returnGenes: Int32Array;
  private readonly returnPosition: Int32Array;
  /**
   * Per move (from * K + to): genes next to cells this call already moved that way, in the same
   * region, taken first so that converted and returned cells form compact blobs.
   */
  private readonly frontiers = new Map<number, number[]>();
  /** Counts the times a (class, mask) pool emptied or stopped being empty: the path searches' graph changed. */
  private topology = 0;
  /** Genes of the row being repaired that differ from today's class (kept up to date by every move). */
  private changed = 0;
  /** The last repair's number of unmet demand cells plus changed cells above the limit (0 when it succeeded). */
  lastShortfall = 0;

  /**
   * @param regions when given, the cells a move converts grow as compact blobs inside today's
   *   patches (see `nextFromFrontier`); without, each cell is picked on its own.
   */
  constructor(
    private readonly area: StudyArea,
    private readonly gain: LinearGain | null = null,
    private readonly options: RepairOptions = {},
    private readonly regions: Regions | null = null,
    tables: RepairTables = repairTables(area),
  ) {
    this.tables = tables;
    this.K = area.classes.length;
    ({
      masks: this.masks,
      maskOf: this.maskOf,
      poolStart: this.poolStart,
      todayGenes: this.todayGenes,
      todaySize: this.todaySize,
      today: this.today,
      start: this.start,
      startCounts: this.startCounts,
      resistance: this.resistance,
    } = tables);
    const groups = this.K * this.masks.length;
    this.counts = new Int32Array(this.K);
    this.poolSize = new Int32Array(groups);
    this.todayActive = new Uint8Array(groups);
    this.addedGenes = new Int32Array(this.todayGenes.length);
    this.addedSize = new Int32Array(groups);
    this.addedSlot = new Int32Array(area.allowed.length);
    this.weights = new Float64Array(area.objectives.length);
    this.candidates = options.candidates ?? 8;
    this.objectiveBias = options.objectiveBias ?? 1;
    this.weightedGain = gain && this.objectiveBias > 0 ? gain.weighted() : null;
    this.parent = new Int32Array(this.K);
    this.queue = new Int32Array(this.K);
    this.path = new Int32Array(this.K + 1);
    this.returnStart = new Int32Array(this.K * this.K + 1);
    this.returnSize = new Int32Array(this.K * this.K);
    this.returnGenes = new Int32Array(area.geneCells.length);
    this.returnPosition = new Int32Array(area.geneCells.length);
    this.rowChanges = new Int32Array(area.geneCells.length);
  }

  /**
   * A repair of the same study area under other options (a seeded layout's, favouring one
   * objective), sharing this one's tables of the area: at 2,000 x 2,000 cells they take 87 MB
   * and 0.12 s to build.
   */
  withOptions(options: RepairOptions): DemandRepair {
    return new DemandRepair(this.area, this.gain, options, this.regions, this.tables);
  }

  /** True when every gene holds an allowed class and every class count is within its bounds. */
  isFeasible(row: Uint8Array): boolean {
    const allowed = this.area.allowed;
    for (let g = 0; g < row.length; g++) if (!((allowed[g]! >> row[g]!) & 1)) return false;
    const counts = this.countClasses(row);
    for (let c = 0; c < this.K; c++)
      if (counts[c]! < this.area.minCells[c]! || counts[c]! > this.area.maxCells[c]!) return false;
    return true;
  }

  private countClasses(row: Uint8Array): Int32Array {
    const counts = this.counts;
    counts.set(this.area.fixedCounts);
    for (let g = 0; g < row.length; g++) counts[row[g]!]!++;
    return counts;
  }

  repair(row: Uint8Array, random: Random): void {
    // Step 1, the class counts, the number of changed genes and the (class, mask) groups from the
    // start layout's and the row's changes (the only pass over the genome); a gene may always
    // return to its start class.
    const { masks, maskOf, today, counts, rowChanges } = this;
    counts.set(this.startCounts);
    this.listGroups();
    const { poolSize, poolStart, addedGenes, addedSize, addedSlot } = this;
    const M = masks.length;
    const listed = this.start.listChanges(row, rowChanges);
    let changed = 0;
    // One loop over the changes for the counts and the groups (a second one, listing the groups
    // when a demand is missed, read the same genes again).
    for (let i = 0; i < listed; i++) {
      const g = rowChanges[i]!;
      const c = row[g]!;
      const t = today[g]!;
      const mask = maskOf[g]!;
      if (!((masks[mask]! >> c) & 1)) {
        row[g] = t;
        continue;
      }
      counts[t]!--;
      counts[c]!++;
      changed++;
      // The gene leaves today's group for its group now, among whose added genes it is listed.
      poolSize[t * M + mask]!--;
      const group = c * M + mask;
      poolSize[group]!++;
      const slot = poolStart[group]! + addedSize[group]!++;
      addedGenes[slot] = g;
      addedSlot[g] = slot;
    }
    this.changed = changed;
    this.lastShortfall = 0;
    this.frontiers.clear();
    const weighted = this.meetDemands(row, random, false);
    if (this.area.maxChangedCells >= row.length) return;
    let excess = this.returnChanges(row, random, weighted);
    if (excess > 0) {
      // No return keeps the demands: start again from today's layout, which changes the least.
      row.set(today);
      this.countClasses(row);
      this.listGroups();
      this.changed = 0;
      this.lastShortfall = 0;
      this.frontiers.clear();
      this.meetDemands(row, random, true);
      excess = this.returnChanges(row, random, true);
    }
    this.lastShortfall += excess;
  }

  /**
   * The groups as in today's layout, before the row's changed genes move into theirs: today's
   * sizes, no added genes, today's genes drawn from.
   */
  private listGroups(): void {
    this.poolSize.set(this.todaySize);
    this.todayActive.fill(1);
    this.addedSize.fill(0);
  }

  /**
   * Steps 2 and 3: bring every class within its bounds. Returns whether this call's objective
   * weights were drawn (they are drawn once, on first need; `weightsDrawn` says they already are).
   * `counts` must hold the row's class counts and `changed` its changed genes.
   */
  private meetDemands(row: Uint8Array, random: Random, weightsDrawn: boolean): boolean {
    const counts = this.counts;
    const { minCells, maxCells } = this.area;
    let needsWork = false;
    for (let c = 0; c < this.K; c++) if (counts[c]! < minCells[c]! || counts[c]! > maxCells[c]!) needsWork = true;
    if (!needsWork) return weightsDrawn;
    if (!weightsDrawn) this.drawWeights(random);
    const path = this.path;
    // A path stays the one the search would find again until an edge appears or disappears (a
    // group empties or fills: `topology` changes) or its end class changes status: only the
    // path's two ends change counts. So it is reused while both hold, with the same result as a
    // new search (a search per moved cell was most of the repair's time on large grids).
    // Deficits first: each unit raises one class toward its minimum without pushing any class out of bounds.
    for (let d = 0; d < this.K; d++) {
      let length = 0;
      let topology = -1;
      let endStatus = -1;
      while (counts[d]! < minCells[d]!) {
        if (length === 0 || topology !== this.topology || endStatus !== this.status(path[0]!)) {
          length = this.findPathInto(d, path);
          if (length === 0) {
            this.lastShortfall += minCells[d]! - counts[d]!;
            break;
          }
          topology = this.topology;
          endStatus = this.status(path[0]!);
        }
        this.executePath(row, path, length, random);
      }
    }
    for (let s = 0; s < this.K; s++) {
      let length = 0;
      let topology = -1;
      let endStatus = -1;
      while (counts[s]! > maxCells[s]!) {
        if (length === 0 || topology !== this.topology || endStatus !== this.status(path[length - 1]!)) {
          length = this.findPathOutOf(s, path);
          if (length === 0) {
            this.lastShortfall += counts[s]! - maxCells[s]!;
            break;
          }
          topology = this.topology;
          endStatus = this.status(path[length - 1]!);
        }
        this.executePath(row, path, length, random);
      }
    }
    return true;
  }

  /**
   * Step 4: return changed cells to today's class until at most `maxChangedCells` genes differ
   * from it, keeping every class within its bounds. Returns the changed cells still above the
   * limit (0 on success). `counts` must hold the row's class counts and `changed` its changed
   * genes; the changed genes are only listed (a pass over the genome) when there are too many.
   */
  private returnChanges(row: Uint8Array, random: Random, weightsDrawn: boolean): number {
    let excess = this.changed - this.area.maxChangedCells;
    if (excess <= 0) return 0;
    const K = this.K;
    const today = this.today;
    const start = this.returnStart;
    const size = this.returnSize;
    const genes = this.returnGenes;
    // The changed genes in ascending order (the same order a scan of the genome gives).
    const list = this.rowChanges;
    const listed = this.start.listChanges(row, list);
    size.fill(0);
    for (let i = 0; i < listed; i++) {
      const g = list[i]!;
      size[row[g]! * K + today[g]!]!++;
    }
    if (!weightsDrawn) this.drawWeights(random);
    for (let group = 0, offset = 0; group < K * K; group++) {
      start[group] = offset;
      offset += size[group]!;
      size[group] = 0;
    }
    for (let i = 0; i < listed; i++) {
      const g = list[i]!;
      const group = row[g]! * K + today[g]!;
      const slot = start[group]! + size[group]!++;
      genes[slot] = g;
      this.returnPosition[g] = slot;
    }
    const path = this.path;
    while (excess > 0) {
      const length = this.findReturnPath(path);
      if (length === 0) return excess;
      // path[0] -> path[1] -> ... : each step returns one cell of class path[k] to its class today
      // path[k + 1]. The whole chain is taken (a part of it would leave a count out of bounds).
      for (let k = 0; k + 1 < length; k++) {
        const group = path[k]! * K + path[k + 1]!;
        let gene = this.nextFromFrontier(row, group, path[k]!, path[k + 1]!, true);
        if (gene >= 0) this.takeReturn(group, gene);
        else gene = this.pickReturn(row, group, random);
        row[gene] = path[k + 1]!;
        this.pushNeighbours(row, gene, group, path[k]!, path[k + 1]!, true);
        this.counts[path[k]!]!--;
        this.counts[path[k + 1]!]!++;
        this.changed--;
        excess--;
      }
    }
    return 0;
  }

  /**
   * The shortest chain of returns (class a back to b, b back to c, ...) that keeps every class
   * within its bounds: from a class above its minimum to a class below its maximum, or a cycle.
   * Writes the classes into `path` and returns its length (0 when none exists).
   */
  private findReturnPath(path: Int32Array): number {
    const K = this.K;
    const counts = this.counts;
    const { minCells, maxCells } = this.area;
    const parent = this.parent;
    const queue = this.queue;
    const size = this.returnSize;
    // Chains from any class that can give a cell (multi-source breadth-first search).
    parent.fill(-2);
    let tail = 0;
    for (let c = 0; c < K; c++) {
      if (counts[c]! > minCells[c]!) {
        parent[c] = -1;
        queue[tail++] = c;
      }
    }
    for (let head = 0; head < tail; head++) {
      const from = queue[head]!;
      for (let to = 0; to < K; to++) {
        if (size[from * K + to] === 0) continue;
        if (counts[to]! < maxCells[to]!) return this.writeChain(from, to, path);
        if (parent[to] !== -2) continue;
        parent[to] = from;
        queue[tail++] = to;
      }
    }
    // Cycles keep every count: search back to each class from itself.
    for (let origin = 0; origin < K; origin++) {
      parent.fill(-2);
      parent[origin] = -1;
      queue[0] = origin;
      tail = 1;
      for (let head = 0; head < tail; head++) {
        const from = queue[head]!;
        for (let to = 0; to < K; to++) {
          if (size[from * K + to] === 0) continue;
          if (to === origin) return this.writeChain(from, to, path);
          if (parent[to] !== -2) continue;
          parent[to] = from;
          queue[tail++] = to;
        }
      }
    }
    return 0;
  }

  /** Write the chain ending with the step last -> end (earlier steps from `parent`) into `path`. */
  private writeChain(last: number, end: number, path: Int32Array): number {
    let length = 0;
    path[length++] = end;
    for (let c = last; c !== -1; c = this.parent[c]!) {
      path[length++] = c;
    }
    for (let i = 0, j = length - 1; i < j; i++, j--) {
      const swap = path[i]!;
      path[i] = path[j]!;
      path[j] = swap;
    }
    return length;
  }

  /**
   * Take a changed gene of `group` to return to today's class: of a few candidates, the best by
   * {@link score} (on the edge of its patch, so patches shrink rather than break up, and serving least).
   */
  private pickReturn(row: Uint8Array, group: number, random: Random): number {
    const start = this.returnStart[group]!;
    const size = this.returnSize[group]!;
    const K = this.K;
    const from = (group / K) | 0;
    const to = group - from * K;
    let best = 0;
    let bestScore = -Infinity;
    const tries = Math.min(this.candidates, size);
    for (let t = 0; t < tries; t++) {
      const slot = size === 1 ? 0 : random.nextInt(size);
      const score = this.score(row, this.returnGenes[start + slot]!, from, to);
      if (score > bestScore) {
        bestScore = score;
        best = slot;
      }
    }
    const gene = this.returnGenes[start + best]!;
    this.takeReturn(group, gene);
    return gene;
  }

  /** Remove `gene` from the changed genes of its return group. */
  private takeReturn(group: number, gene: number): void {
    const start = this.returnStart[group]!;
    const last = start + --this.returnSize[group]!;
    const slot = this.returnPosition[gene]!;
    const moved = this.returnGenes[last]!;
    this.returnGenes[slot] = moved;
    this.returnPosition[moved] = slot;
  }

  /**
   * The next gene of a blob grown by moves from -> to: a gene next to one this call moved that
   * way, in the same region, that still holds `from` and may take `to` (and, for returns, whose
   * class today is `to`); -1 when there is none.
   */
  private nextFromFrontier(row: Uint8Array, key: number, from: number, to: number, returning: boolean): number {
    const frontier = this.frontiers.get(key);
    if (!frontier) return -1;
    while (frontier.length > 0) {
      const gene = frontier.pop()!;
      if (row[gene] !== from) continue;
      if (returning ? this.today[gene] !== to : !((this.area.allowed[gene]! >> to) & 1)) continue;
      return gene;
    }
    return -1;
  }

  /** After moving `gene` from -> to, offer its 4-neighbours in the same region to the blob's frontier. */
  private pushNeighbours(
    row: Uint8Array,
    gene: number,
    key: number,
    from: number,
    to: number,
    returning: boolean,
  ): void {
    const regions = this.regions;
    if (!regions) return;
    const { width, height, geneCells, geneOfCell, allowed } = this.area;
    const cell = geneCells[gene]!;
    const region = regions.regionOfGene[gene]!;
    let frontier = this.frontiers.get(key);
    for (let d = 0; d < 4; d++) {
      const next = cellNeighbour4(cell, d, width, height);
      if (next < 0) continue;
      const other = geneOfCell[next]!;
      if (other < 0 || row[other] !== from || regions.regionOfGene[other] !== region) continue;
      if (returning ? this.today[other] !== to : !((allowed[other]! >> to) & 1)) continue;
      if (!frontier) this.frontiers.set(key, (frontier = []));
      frontier.push(other);
    }
  }

  private drawWeights(random: Random): void {
    const fixed = this.options.objectiveWeights;
    let total = 0;
    for (let m = 0; m < this.weights.length; m++) {
      const w = fixed ? (fixed[m] ?? 0) : -Math.log(1 - random.nextDouble());
      this.weights[m] = w;
      total += w;
    }
    if (total > 0) for (let m = 0; m < this.weights.length; m++) this.weights[m]! /= total;
    this.weightedGain?.setWeights(this.weights);
  }

  /**
   * Move `gene` from class `from`'s group to class `to`'s (the row itself is the caller's): the
   * sizes and the added lists (a gene returning to its group of today is among today's genes,
   * unless that group was compacted).
   */
  private moveInGroups(gene: number, from: number, to: number): void {
    const M = this.masks.length;
    const mask = this.maskOf[gene]!;
    const oldGroup = from * M + mask;
    const newGroup = to * M + mask;
    if (--this.poolSize[oldGroup]! === 0) this.topology++;
    if (this.poolSize[newGroup]!++ === 0) this.topology++;
    if (this.isAdded(gene, oldGroup)) {
      const slot = this.addedSlot[gene]!;
      const last = this.poolStart[oldGroup]! + --this.addedSize[oldGroup]!;
      const moved = this.addedGenes[last]!;
      this.addedGenes[slot] = moved;
      this.addedSlot[moved] = slot;
    }
    this.addTo(newGroup, gene, to);
  }

  /** Whether `gene` is listed among `group`'s added genes in this call. */
  private isAdded(gene: number, group: number): boolean {
    const slot = this.addedSlot[gene]!;
    const start = this.poolStart[group]!;
    return slot >= start && slot < start + this.addedSize[group]! && this.addedGenes[slot] === gene;
  }

  /** List `gene`, now of class `to` in `group`, among the group's added genes unless it is drawn from today's. */
  private addTo(group: number, gene: number, to: number): void {
    if (this.todayActive[group] && this.today[gene] === to) return;
    const added = this.poolStart[group]! + this.addedSize[group]!++;
    this.addedGenes[added] = gene;
    this.addedSlot[gene] = added;
  }

  /**
   * Gather a group's genes into its added list and stop drawing from its today's genes for the
   * rest of the call. Taken when fewer than one in {@link MAX_DRAWS_PER_MEMBER} of the slots drawn
   * from holds a member; its cost (today's genes of the group) is bounded by the departures it saves.
   */
  private compact(row: Uint8Array, group: number, from: number): void {
    const start = this.poolStart[group]!;
    for (let k = 0; k < this.todaySize[group]!; k++) {
      const gene = this.todayGenes[start + k]!;
      if (row[gene] !== from) continue;
      const added = start + this.addedSize[group]!++;
      this.addedGenes[added] = gene;
      this.addedSlot[gene] = added;
    }
    this.todayActive[group] = 0;
  }

  /** A class's count against its bounds, as the path searches see it: above max, above min, below max. */
  private status(c: number): number {
    const count = this.counts[c]!;
    const { minCells, maxCells } = this.area;
    return (count > maxCells[c]! ? 4 : 0) | (count > minCells[c]! ? 2 : 0) | (count < maxCells[c]! ? 1 : 0);
  }

  /** Whether some gene of class `from` may move to class `to`; returns the mask id or -1. */
  private edge(from: number, to: number, start: number): number {
    const M = this.masks.length;
    for (let k = 0; k < M; k++) {
      const m = (start + k) % M;
      if ((this.masks[m]! >> to) & 1 && this.poolSize[from * M + m]! > 0) return m;
    }
    return -1;
  }

  /**
   * Breadth-first search backwards from deficit class `d` for a class that can spare a cell
   * (count above its minimum, preferring one above its maximum). Writes the path donor..d into
   * `path` and returns its length (0 when none).
   */
  private findPathInto(d: number, path: Int32Array): number {
    const K = this.K;
    const counts = this.counts;
    const parent = this.parent.fill(-2);
    const queue = this.queue;
    parent[d] = -1;
    queue[0] = d;
    let tail = 1;
    let best = -1;
    for (let head = 0; head < tail; head++) {
      const t = queue[head]!;
      for (let s = 0; s < K; s++) {
        if (parent[s] !== -2 || this.edge(s, t, 0) < 0) continue;
        parent[s] = t;
        queue[tail++] = s;
        if (counts[s]! > this.area.maxCells[s]!) {
          best = s;
          break;
        }
        if (best < 0 && counts[s]! > this.area.minCells[s]!) best = s;
      }
      if (best >= 0 && counts[best]! > this.area.maxCells[best]!) break;
    }
    if (best < 0) return 0;
    let length = 0;
    for (let c = best; c !== -1; c = parent[c]!) path[length++] = c;
    return length;
  }

  /** Forward search from over-full class `s` to a class below its maximum; path s..receiver. */
  private findPathOutOf(s: number, path: Int32Array): number {
    const K = this.K;
    const counts = this.counts;
    const parent = this.parent.fill(-2);
    const queue = this.queue;
    parent[s] = -1;
    queue[0] = s;
    let tail = 1;
    let found = -1;
    for (let head = 0; head < tail && found < 0; head++) {
      const from = queue[head]!;
      for (let t = 0; t < K; t++) {
        if (parent[t] !== -2 || this.edge(from, t, 0) < 0) continue;
        parent[t] = from;
        queue[tail++] = t;
        if (counts[t]! < this.area.maxCells[t]!) {
          found = t;
          break;
        }
      }
    }
    if (found < 0) return 0;
    let length = 0;
    for (let c = found; c !== -1; c = parent[c]!) path[length++] = c;
    for (let i = 0, j = length - 1; i < j; i++, j--) {
      const swap = path[i]!;
      path[i] = path[j]!;
      path[j] = swap;
    }
    return length;
  }

  /** Move one cell along each edge path[k] -> path[k+1]. */
  private executePath(row: Uint8Array, path: Int32Array, length: number, random: Random): void {
    for (let k = 0; k + 1 < length; k++) {
      const from = path[k]!;
      const to = path[k + 1]!;
      const key = -1 - (from * this.K + to);
      let gene = this.nextFromFrontier(row, key, from, to, false);
      if (gene < 0) {
        const mask = this.edge(from, to, random.nextInt(this.masks.length));
        gene = this.pickGene(row, from * this.masks.length + mask, from, to, random);
      }
      this.move(row, gene, to);
      this.pushNeighbours(row, gene, key, from, to, false);
    }
  }

  /**
   * Of a few random members of `group` (class `from`), the one whose move to `to` scores best. A
   * member is drawn uniformly: a random slot of the group's today's and added genes, drawn again
   * while it holds a gene that has left the group.
   */
  private pickGene(row: Uint8Array, group: number, from: number, to: number, random: Random): number {
    const start = this.poolStart[group]!;
    const size = this.poolSize[group]!;
    if (this.todayActive[group] && size * MAX_DRAWS_PER_MEMBER < this.todaySize[group]! + this.addedSize[group]!) {
      this.compact(row, group, from);
    }
    const fromToday = this.todayActive[group] ? this.todaySize[group]! : 0;
    const slots = fromToday + this.addedSize[group]!;
    let best = -1;
    let bestScore = -Infinity;
    const tries = Math.min(this.candidates, size);
    for (let t = 0; t < tries; t++) {
      let gene: number;
      do {
        const slot = slots === 1 ? 0 : random.nextInt(slots);
        gene = slot < fromToday ? this.todayGenes[start + slot]! : this.addedGenes[start + slot - fromToday]!;
      } while (row[gene] !== from);
      if (size === 1) return gene;
      const score = this.score(row, gene, from, to);
      if (score > bestScore) {
        bestScore = score;
        best = gene;
      }
    }
    return best;
  }

  /** Higher is better: neighbours already of class `to`, minus those of `from`, plus the weighted objective gain. */
  private score(row: Uint8Array, gene: number, from: number, to: number): number {
    const area = this.area;
    const cell = area.geneCells[gene]!;
    const { width, height } = area;
    const x = cell % width;
    const y = (cell - x) / width;
    let like = 0;
    for (let k = 0; k < 8; k++) {
      const nx = x + DX8[k]!;
      const ny = y + DY8[k]!;
      if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
      const j = ny * width + nx;
      const gj = area.geneOfCell[j]!;
      const c = gj >= 0 ? row[gj]! : area.current[j]!;
      if (c === NO_CLASS) continue;
      if (c === to) like++;
      else if (c === from) like--;
    }
    let score = like / 8;
    const today = this.today[gene]!;
    if (to === today) score += RETURN_BONUS;
    else if (from === today) score -= this.resistance[today]!;
    if (this.weightedGain) score += this.objectiveBias * this.weightedGain.gain(cell, from, to);
    return score;
  }

  private move(row: Uint8Array, gene: number, to: number): void {
    const from = row[gene]!;
    this.moveInGroups(gene, from, to);
    row[gene] = to;
    this.counts[from]!--;
    this.counts[to]!++;
    const today = this.today[gene]!;
    if (from === today) this.changed++;
    else if (to === today) this.changed--;
  }
}
