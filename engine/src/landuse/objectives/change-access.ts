/**
 * Walking access under a change of the loaded layout (for delta.ts's ChangeEvaluator): the
 * housing and target bitsets of the loaded layout, the exact change of the number of homes with a
 * target within reach when some cells change class, and, once they pay, the number of targets
 * within reach of every home, kept up to date as changes are applied. Split from delta.ts, which
 * measures everything else a change does and owns the loaded layout this reads.
 */
import type { LandUseEvaluator } from './evaluator.js';
import { anyInRange, lowestBit, setRange, writeBit } from './bits.js';
import {
  countAccessible,
  countInDisk,
  countTargetsNearHousing,
  shiftTargetCounts,
  shiftTargetCountsByRuns,
  targetShiftScratch,
  type HomesVisited,
  type WalkingDisk,
} from './access.js';
import type { CellMarks, ChangeDelta } from './change-delta.js';
import { gapAbove } from './change-delta.js';

/** How exactChange tests a candidate home (see there). */
const HOUSING_CHANGES = 0;
const ADDED_ONLY = 1;
const REMOVED_ONLY = 2;
const MIXED = 3;

/**
 * How exactChange settles the homes it must test, per layout and access indicator: by testing
 * each home's disk, until the homes tested so far reach the layout's number of homes; then by
 * counting once the targets within reach of every home ({@link ChangeAccess.ensureWithin}) and
 * reading the counts. Built cell by cell, the counts cost about one disk scan per home, so they
 * are built only once testing has cost as much (at most twice the cheaper choice): on a small grid
 * after a few calls, on a city region rarely. Counted by the targets' runs they cost much less (at
 * 2,000 x 2,000 cells 14-46 ms against 229-266), but once built every applied change shifts them,
 * and building them sooner (when the homes tested reach that cost) made the first generation's
 * reversions slower at 2,000 x 2,000 (4.0-5.5 s against 3.6-4.6 s, three runs alternating), so
 * the limit stays the number of homes.
 */
export const PROBE_UNTIL_HOMES_TESTED = 'homes';

interface AccessPart {
  readonly objective: number;
  readonly weight: number;
  readonly disk: WalkingDisk;
  readonly targets: Uint8Array;
  /** Bitset of the target cells of the loaded layout. */
  readonly bits: Int32Array;
  /** For housing cells of the loaded layout: targets within reach (see ensureWithin). */
  readonly within: Int32Array;
}

/** What of the loaded layout the walking-access part reads (its owner, ChangeEvaluator, keeps it). */
export interface LoadedLayout {
  /** The loaded layout's class per gene. */
  readonly genome: Uint8Array;
  /** Its housing cells. */
  readonly housingCells: number;
  /** The genes that differ from today's class, when they are listed and current; null: every gene must be read. */
  changedList(): { readonly genes: Int32Array; readonly count: number } | null;
}

export class ChangeAccess {
  /** One part per walking-access indicator, in the order of the compiled indicators. */
  readonly parts: AccessPart[] = [];
  private readonly housingBits: Int32Array;
  /** The housing and target bitsets of today's layout (built on first need). */
  private todayHousingBits: Int32Array | null = null;
  private todayTargetBits: Int32Array[] = [];
  private ready = false;
  /** Per access indicator: housing cells with a target within reach (valid where `withinReady`). */
  private readonly reached: Int32Array;
  /** Homes the target-count shifts visited (not read: the reversion's trials bound nothing by it). */
  private readonly visited: HomesVisited = { homes: 0 };
  /** updateWithin's cells whose target status changed, their shifts (+1, -1), and the shifts' buffers. */
  private shiftedCells = new Int32Array(256);
  private shiftDeltas = new Int8Array(256);
  private readonly shiftScratch = targetShiftScratch();
  /** exactChange: how each candidate home is settled. */
  private readonly before: Uint8Array;
  /** exactChange: cells whose target status changes (grid index, current stamp), and the homes to test. */
  private readonly changing: Uint32Array;
  private readonly candidates: Int32Array;
  /** Per class (VOID included): bit 0 housing, bit k + 1 a target of access indicator k; and ensureBits' per-word gathering. */
  private readonly roles: Int32Array;
  private readonly gathered: Int32Array;
  /** exactChange: the disks around cells becoming targets and around cells ceasing to be (all zero between calls). */
  private readonly addedDisks: Int32Array;
  private readonly removedDisks: Int32Array;
  /** exactChange: 1 where a changing cell becomes a target, 2 where it stops being one. */
  private readonly direction: Uint8Array;
  /** exactChange: the new class of each changed cell, and the cells becoming / ceasing to be targets. */
  private readonly nextClass: Uint8Array;
  private readonly addedCells: Int32Array;
  private readonly removedCells: Int32Array;
  private addedCount = 0;
  private removedCount = 0;
  /** The disk of the current exactChange call, whose half-widths {@link changesInDisk} tests membership with. */
  private changesDisk: WalkingDisk | null = null;
  /** Per access indicator: whether its `within` counts are built for the loaded layout. */
  private readonly withinReady: Uint8Array;
  /** Per access indicator: exactChange calls, and homes tested by probing, since the last load. */
  private readonly probedCalls: Int32Array;
  private readonly probedHomes: Float64Array;
  /** Per access indicator: homes reached in the loaded layout, when known without `within` (`reachedKnown`). */
  private readonly reachedKnown: Uint8Array;
  private readonly scratch: Int32Array;

  /**
   * @param loaded the layout changes are measured against.
   * @param marks cell marks shared with the other measurements of one change (grid cells here).
   * @param probedCallLimit see ChangeEvaluator's constructor.
   */
  constructor(
    private readonly evaluator: LandUseEvaluator,
    private readonly loaded: LoadedLayout,
    private readonly marks: CellMarks,
    private readonly probedCallLimit: number | typeof PROBE_UNTIL_HOMES_TESTED,
  ) {
    const area = evaluator.area;
    const genes = area.geneCells.length;
    const compiled = evaluator.compiled;
    let plan = 0;
    compiled.indicators.forEach((indicator, k) => {
      if (indicator.kind !== 'access') return;
      const accessPlan = evaluator.accessPlans[plan++]!;
      this.parts.push({
        objective: compiled.objectiveOf[k]!,
        weight: indicator.weight,
        disk: accessPlan.disk,
        targets: accessPlan.targets,
        bits: new Int32Array(area.height * evaluator.grid.wordsPerRow),
        within: new Int32Array(area.width * area.height),
      });
    });
    const count = this.parts.length;
    const plane = count > 0 ? area.height * evaluator.grid.wordsPerRow : 0;
    this.housingBits = new Int32Array(plane);
    this.addedDisks = new Int32Array(plane);
    this.removedDisks = new Int32Array(plane);
    this.direction = new Uint8Array(area.width * area.height);
    this.nextClass = new Uint8Array(area.width * area.height);
    this.addedCells = new Int32Array(genes);
    this.removedCells = new Int32Array(genes);
    this.withinReady = new Uint8Array(count);
    this.probedCalls = new Int32Array(count);
    this.probedHomes = new Float64Array(count);
    this.reachedKnown = new Uint8Array(count);
    this.scratch = new Int32Array(area.height * evaluator.grid.wordsPerRow);
    this.roles = Int32Array.from({ length: area.classes.length + 1 }, (_, c) => {
      let role = evaluator.housing[c] ? 1 : 0;
      this.parts.forEach((part, k) => {
        if (part.targets[c]) role |= 2 << k;
      });
      return role;
    });
    this.gathered = new Int32Array(count + 1);
    this.reached = new Int32Array(count);
    this.changing = new Uint32Array(area.width * area.height);
    this.candidates = new Int32Array(area.width * area.height);
    this.before = new Uint8Array(area.width * area.height);
  }

  /** Whether the bitsets hold the loaded layout (else they are built on first need). */
  get bitsReady(): boolean {
    return this.ready;
  }

  /** A new layout was loaded: everything derived from the last one is stale. */
  reset(): void {
    this.ready = false;
    this.withinReady.fill(0);
    this.probedCalls.fill(0);
    this.probedHomes.fill(0);
    this.reachedKnown.fill(0);
  }

  /**
   * The housing and target bitsets of the loaded layout: today's (built once), with the genes
   * that differ written in.
   */
  private ensureBits(): void {
    if (this.ready) return;
    if (!this.todayHousingBits) {
      // Today's bitsets, once: per class a role (bit 0 housing, bit k + 1 a target of access indicator k), gathered per word.
      this.todayHousingBits = new Int32Array(this.housingBits.length);
      this.todayTargetBits = this.parts.map(() => new Int32Array(this.housingBits.length));
      this.gatherBits(this.evaluator.paddedToday, this.todayHousingBits, this.todayTargetBits);
    }
    this.housingBits.set(this.todayHousingBits);
    this.parts.forEach((part, k) => part.bits.set(this.todayTargetBits[k]!));
    const evaluator = this.evaluator;
    const width = evaluator.area.width;
    const words = evaluator.grid.wordsPerRow;
    const genome = this.loaded.genome;
    const today = evaluator.paddedToday;
    const update = (g: number) => {
      const c = genome[g]!;
      if (c === today[evaluator.paddedCell[g]!]) return;
      const cell = evaluator.area.geneCells[g]!;
      const x = cell % width;
      const y = (cell - x) / width;
      writeBit(this.housingBits, words, x, y, evaluator.housing[c] === 1);
      for (const part of this.parts) writeBit(part.bits, words, x, y, part.targets[c] === 1);
    };
    const listed = this.loaded.changedList();
    if (listed) for (let k = 0; k < listed.count; k++) update(listed.genes[k]!);
    else for (let g = 0; g < genome.length; g++) update(g);
    this.ready = true;
  }

  /** Gather the housing and target bitsets of a padded map. */
  private gatherBits(map: Uint8Array, housingBits: Int32Array, targetBits: Int32Array[]): void {
    const evaluator = this.evaluator;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const W = evaluator.paddedWidth;
    const roles = this.roles;
    const gathered = this.gathered;
    const parts = this.parts.length;
    for (let y = 0; y < height; y++) {
      const row = (y + 1) * W + 1;
      for (let w = 0; w < words; w++) {
        for (let k = 0; k <= parts; k++) gathered[k] = 0;
        const x0 = w << 5;
        const x1 = Math.min(width, x0 + 32);
        for (let x = x0; x < x1; x++) {
          let role = roles[map[row + x]!]!;
          if (role === 0) continue;
          const bit = 1 << (x & 31);
          while (role !== 0) {
            const k = lowestBit(role);
            role &= role - 1;
            gathered[k]! |= bit;
          }
        }
        const word = y * words + w;
        housingBits[word] = gathered[0]!;
        for (let k = 0; k < parts; k++) targetBits[k]![word] = gathered[k + 1]!;
      }
    }
  }

  /** Change of the share (in %) of accessible homes of indicator p, from the change of reached homes. */
  shareChange(p: number, reachedChange: number, housingChange: number): number {
    const H = this.loaded.housingCells;
    if (housingChange === 0) return H > 0 ? (100 * reachedChange) / H : 0;
    const reached = this.reachedCount(p);
    const after = H + housingChange;
    return (after > 0 ? (100 * (reached + reachedChange)) / after : 0) - (H > 0 ? (100 * reached) / H : 0);
  }

  /** Housing cells of the loaded layout with a target of indicator p within reach (computed on first need). */
  private reachedCount(p: number): number {
    if (this.withinReady[p] || this.reachedKnown[p]) return this.reached[p]!;
    this.ensureBits();
    const part = this.parts[p]!;
    const grid = this.evaluator.grid;
    this.reached[p] = countAccessible(
      grid,
      part.disk,
      this.housingBits,
      this.loaded.housingCells,
      part.bits,
      this.scratch,
    );
    this.reachedKnown[p] = 1;
    return this.reached[p]!;
  }

  /**
   * For access indicator p, the number of targets within reach of every housing cell of the
   * loaded layout (and so the number of homes reached), built on first need and kept up to date by
   * {@link apply}.
   */
  private ensureWithin(p: number): void {
    if (this.withinReady[p]) return;
    this.ensureBits();
    const part = this.parts[p]!;
    this.reached[p] = countTargetsNearHousing(this.evaluator.grid, part.disk, this.housingBits, part.bits, part.within);
    this.withinReady[p] = 1;
    this.reachedKnown[p] = 1;
  }

  /**
   * Exact change of the number of housing cells with a target of access indicator p within reach.
   * Reach can only change for housing cells within walking distance of a cell whose target status
   * changes (found by marking the disks of each horizontal run of such cells, at once, into a
   * scratch bitset: one for cells becoming targets, one for cells ceasing to be), and for the cells
   * that become or stop being housing. With the number of targets within reach of every home
   * ({@link ensureWithin}) each is settled without searching its disk: a home near an added
   * target is reached after the change, and one near removed targets only keeps access when more
   * targets were within its reach than were removed, or else when its count minus the removed
   * targets inside its disk stays above zero.
   */
  exactChange(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, p: number): number {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const part = this.parts[p]!;
    const disk = part.disk;
    const { dy, half } = disk;
    const housing = evaluator.housing;
    const candidates = this.candidates;
    const state = this.before;
    const seen = this.marks.next();
    const mark = this.marks.mark;
    const changing = this.changing;
    let found = 0;
    let any = false;
    this.ensureBits();
    this.addedCount = 0;
    this.removedCount = 0;
    this.changesDisk = disk;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.loaded.genome[gene]!;
      const to = classes[i]!;
      const cell = area.geneCells[gene]!;
      this.nextClass[cell] = to;
      if (part.targets[from] !== part.targets[to]) {
        // 1: becomes a target, 2: stops being one.
        changing[cell] = seen;
        this.direction[cell] = part.targets[to] ? 1 : 2;
        if (part.targets[to]) this.addedCells[this.addedCount++] = cell;
        else this.removedCells[this.removedCount++] = cell;
        any = true;
      }
      if (housing[from] !== housing[to] && mark[cell] !== seen) {
        mark[cell] = seen;
        state[found] = HOUSING_CHANGES;
        candidates[found++] = cell;
      }
    }
    if (any) {
      const added = this.addedDisks;
      const removed = this.removedDisks;
      let rowLo = height;
      let rowHi = -1;
      let colLo = width;
      let colHi = -1;
      for (let i = 0; i < count; i++) {
        const cell = area.geneCells[genes[i]!]!;
        if (changing[cell] !== seen) continue;
        const x = cell % width;
        const y = (cell - x) / width;
        const direction = this.direction[cell]!;
        // Mark from the start of each horizontal run of cells changing the same way: the run's disks together.
        if (x > 0 && changing[cell - 1] === seen && this.direction[cell - 1] === direction) continue;
        let end = x;
        while (
          end + 1 < width &&
          changing[cell + end + 1 - x] === seen &&
          this.direction[cell + end + 1 - x] === direction
        )
          end++;
        const disks = direction === 1 ? added : removed;
        if (x - disk.widest < colLo) colLo = Math.max(0, x - disk.widest);
        if (end + disk.widest > colHi) colHi = Math.min(width - 1, end + disk.widest);
        for (let o = 0; o < dy.length; o++) {
          const ny = y + dy[o]!;
          if (ny < 0 || ny >= height) continue;
          const h = half[o]!;
          setRange(disks, ny * words, x - h < 0 ? 0 : x - h, end + h >= width ? width - 1 : end + h);
          if (ny < rowLo) rowLo = ny;
          if (ny > rowHi) rowHi = ny;
        }
      }
      for (let y = rowLo; y <= rowHi; y++) {
        for (let w = colLo >> 5; w <= colHi >> 5; w++) {
          const index = y * words + w;
          const gains = added[index]!;
          const losses = removed[index]!;
          let v = (gains | losses) & this.housingBits[index]!;
          added[index] = 0;
          removed[index] = 0;
          while (v !== 0) {
            const bit = lowestBit(v);
            v &= v - 1;
            const cell = y * width + (w << 5) + bit;
            if (mark[cell] === seen) continue;
            mark[cell] = seen;
            const gain = (gains >>> bit) & 1;
            const loss = (losses >>> bit) & 1;
            state[found] = gain && loss ? MIXED : gain ? ADDED_ONLY : REMOVED_ONLY;
            candidates[found++] = cell;
          }
        }
      }
    }
    if (found === 0) return 0;
    // At first on a layout, test each home's disk; later, count targets within reach of every
    // home once and read the counts (cheaper per test, dearer to start; see PROBE_UNTIL_HOMES_TESTED).
    if (!this.withinReady[p] && this.keepProbing(p, found)) return this.probeAccess(genes, classes, count, part, found);
    this.ensureWithin(p);
    // Homes near an added target are reached after the change (gain if none was within reach
    // before); homes near removed targets only keep access while other targets remain within reach.
    const within = part.within;
    const removed = this.removedCount;
    let change = 0;
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        const wasHousing = this.isHousing(cell);
        if (wasHousing && within[cell]! > 0) change--;
        if (housing[this.nextClass[cell]!]) {
          const x = cell % width;
          const y = (cell - x) / width;
          const before = wasHousing ? within[cell]! : countInDisk(evaluator.grid, disk, part.bits, x, y);
          if (before + this.changesInDisk(cell, 1) - this.changesInDisk(cell, 2) > 0) change++;
        }
      } else if (kind !== REMOVED_ONLY) {
        if (within[cell] === 0) change++;
      } else if (within[cell]! <= removed && within[cell]! - this.changesInDisk(cell, 2) === 0) change--;
    }
    return change;
  }

  /** Whether exactChange should test the disks of `found` more homes rather than build the counts. */
  private keepProbing(p: number, found: number): boolean {
    if (this.probedCallLimit !== PROBE_UNTIL_HOMES_TESTED) return ++this.probedCalls[p]! <= this.probedCallLimit;
    this.probedHomes[p]! += found;
    return this.probedHomes[p]! <= this.loaded.housingCells;
  }

  /**
   * {@link exactChange} by testing disks: a home near an added target is reached after, so it
   * gains access if no target was within reach before; a home near removed targets only was
   * reached before, so it loses access if none is within reach after.
   */
  private probeAccess(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    part: AccessPart,
    found: number,
  ): number {
    const candidates = this.candidates;
    const state = this.before;
    let change = 0;
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        if (this.isHousing(cell) && this.reaches(part, cell)) change--;
      } else if (kind !== REMOVED_ONLY && !this.reaches(part, cell)) change++;
    }
    this.swapBits(genes, classes, count, part);
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        if (this.isHousing(cell) && this.reaches(part, cell)) change++;
      } else if (kind === REMOVED_ONLY && !this.reaches(part, cell)) change--;
    }
    this.swapBits(genes, this.loaded.genome, count, part, true);
    return change;
  }

  /** Whether a target of `part` lies within the walking disk of cell. */
  private reaches(part: AccessPart, cell: number): boolean {
    const { width, height, wordsPerRow: words } = this.evaluator.grid;
    const x = cell % width;
    const y = (cell - x) / width;
    const { dy, half } = part.disk;
    for (let o = 0; o < dy.length; o++) {
      const ny = y + dy[o]!;
      if (ny < 0 || ny >= height) continue;
      const h = half[o]!;
      if (anyInRange(part.bits, ny * words, x - h < 0 ? 0 : x - h, x + h >= width ? width - 1 : x + h)) return true;
    }
    return false;
  }

  /**
   * Write classes into the housing and `part`'s target bitsets for the changed genes.
   * @param byGene when true, `classes` is indexed by gene (restoring from the genome), else by position.
   */
  private swapBits(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    part: AccessPart,
    byGene = false,
  ): void {
    const evaluator = this.evaluator;
    const width = evaluator.area.width;
    const words = evaluator.grid.wordsPerRow;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const c = classes[byGene ? gene : i]!;
      const cell = evaluator.area.geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      writeBit(this.housingBits, words, x, y, evaluator.housing[c] === 1);
      writeBit(part.bits, words, x, y, part.targets[c] === 1);
    }
  }

  /** How many of the changing cells of the current exactChange call (direction 1 added, 2 removed) lie within cell's disk. */
  private changesInDisk(cell: number, direction: number): number {
    const width = this.evaluator.area.width;
    const x = cell % width;
    const y = (cell - x) / width;
    const list = direction === 1 ? this.addedCells : this.removedCells;
    const length = direction === 1 ? this.addedCount : this.removedCount;
    const { halfAt, rows } = this.changesDisk!;
    let count = 0;
    for (let k = 0; k < length; k++) {
      const other = list[k]!;
      const ox = other % width;
      const dy = (other - ox) / width - y;
      if (dy < -rows || dy > rows) continue;
      const dx = ox - x;
      const h = halfAt[dy < 0 ? -dy : dy]!;
      if (dx >= -h && dx <= h) count++;
    }
    return count;
  }

  private isHousing(cell: number): boolean {
    const { wordsPerRow: words } = this.evaluator.grid;
    const width = this.evaluator.area.width;
    const x = cell % width;
    const y = (cell - x) / width;
    return ((this.housingBits[y * words + (x >> 5)]! >>> (x & 31)) & 1) === 1;
  }

  /** Whether walking access indicator `p` may move under this change (its bounds are not [0, 0]). */
  moves(delta: ChangeDelta, p: number): boolean {
    return delta.housingMoves || delta.targets[p] !== 0;
  }

  /**
   * A change its owner has just written into the loaded layout: into the bitsets too (when
   * built), and the homes reached brought up to date.
   * @param saved each changed gene's class before the change.
   * @param exactAccess per access indicator its exact change of reached homes, or NaN when unknown.
   */
  apply(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    saved: Uint8Array,
    delta: ChangeDelta,
    exactAccess: Float64Array,
  ): void {
    const evaluator = this.evaluator;
    if (this.ready) {
      const width = evaluator.area.width;
      const words = evaluator.grid.wordsPerRow;
      for (let i = 0; i < count; i++) {
        const to = classes[i]!;
        if (saved[i] === to) continue;
        const cell = evaluator.area.geneCells[genes[i]!]!;
        const x = cell % width;
        const y = (cell - x) / width;
        writeBit(this.housingBits, words, x, y, evaluator.housing[to] === 1);
        for (const part of this.parts) writeBit(part.bits, words, x, y, part.targets[to] === 1);
      }
    }
    for (let p = 0; p < this.parts.length; p++) {
      if (!this.moves(delta, p)) continue;
      if (this.withinReady[p]) this.updateWithin(p, genes, count, saved, exactAccess[p]!);
      else if (this.reachedKnown[p]) {
        if (Number.isNaN(exactAccess[p]!)) this.reachedKnown[p] = 0;
        else this.reached[p]! += exactAccess[p]!;
      }
    }
  }

  /**
   * After {@link apply} wrote a change into the bitsets: shift the target counts of the homes
   * within reach of each cell whose target status changed, count afresh those of new homes, and
   * bring the number of homes reached up to date (from the exact change when it is known).
   */
  private updateWithin(p: number, genes: ArrayLike<number>, count: number, saved: Uint8Array, exact: number): void {
    const evaluator = this.evaluator;
    const grid = evaluator.grid;
    const { width, wordsPerRow: words } = grid;
    const part = this.parts[p]!;
    const within = part.within;
    const cells = evaluator.area.geneCells;
    // The cells whose target status changed; the number of homes reached is brought up to date
    // below, not from the shifts.
    if (this.shiftedCells.length < count) {
      this.shiftedCells = new Int32Array(2 * count);
      this.shiftDeltas = new Int8Array(2 * count);
    }
    const shifted = this.shiftedCells;
    const deltas = this.shiftDeltas;
    let changed = 0;
    for (let i = 0; i < count; i++) {
      const cell = cells[genes[i]!]!;
      const x = cell % width;
      const y = (cell - x) / width;
      const nowTarget = ((part.bits[y * words + (x >> 5)]! >>> (x & 31)) & 1) === 1;
      const before = saved[i]!; // class before the change
      if (part.targets[before] === (nowTarget ? 1 : 0)) continue;
      shifted[changed] = cell;
      deltas[changed++] = nowTarget ? 1 : -1;
    }
    if (
      !shiftTargetCountsByRuns(grid, part.disk, this.housingBits, within, shifted, deltas, changed, this.shiftScratch)
    )
      for (let i = 0; i < changed; i++) {
        const x = shifted[i]! % width;
        const y = (shifted[i]! - x) / width;
        shiftTargetCounts(grid, part.disk, this.housingBits, within, x, y, deltas[i]!, this.visited);
      }
    for (let i = 0; i < count; i++) {
      const cell = cells[genes[i]!]!;
      if (!evaluator.housing[this.loaded.genome[genes[i]!]!] || evaluator.housing[saved[i]!]) continue;
      const x = cell % width;
      within[cell] = countInDisk(grid, part.disk, part.bits, x, (cell - x) / width);
    }
    if (!Number.isNaN(exact)) {
      this.reached[p]! += exact;
      return;
    }
    let reached = 0;
    for (let word = 0; word < this.housingBits.length; word++) {
      let v = this.housingBits[word]!;
      while (v !== 0) {
        const x = ((word % words) << 5) + lowestBit(v);
        v &= v - 1;
        if (within[Math.floor(word / words) * width + x]! > 0) reached++;
      }
    }
    this.reached[p] = reached;
  }

  /**
   * Whether two measured changes are far enough apart for their compatibility and core-area

  /**
   * Whether two measured changes are far enough apart for their effects on walking-access
   * indicator p to add up: no housing cell lies within walking distance of both.
   */
  separated(a: ChangeDelta, b: ChangeDelta, p: number): boolean {
    const disk = this.parts[p]!.disk;
    return gapAbove(a, b, 2 * disk.widest, 2 * disk.rows);
  }
}
