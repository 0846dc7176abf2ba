/**
 * First-improvement local search on a land-use layout, evaluated incrementally
 * ({@link IncrementalState}): the memetic step that improves the front's extremes and compromise,
 * the final polish of each objective's best layout, and the single-objective baseline they are
 * compared with (`paretoplan run --single`).
 *
 * Every move keeps every hard constraint: a cell takes a class it may take, and
 * - when the demands leave room, it simply changes class (a boundary move when the class is a
 *   neighbour's, which grows or shrinks a patch along its edge);
 * - otherwise it swaps classes with a cell of the class it takes (the class counts stay);
 * and no move takes the changed area above `rules.maxChange`. Each step samples a few candidate
 * moves, evaluates the one whose linear terms (a cheap local estimate) promise most, keeps it if
 * it improves the target and undoes it otherwise. The target is one objective (focus m), or the
 * layout as a whole (focus M): a move then counts when it raises some objective and lowers none
 * (each beyond the parsimony tolerance, reversion.ts). With a steered run's objective bounds
 * (model/objective-bounds.ts) the bounds come first, as under constraint domination: a move that
 * brings a layout outside them closer to them is kept, and otherwise a move is kept only if it
 * improves the target without taking the layout further outside them: a layout within the bounds
 * stays within them.
 */
import type { Random } from '../../optimizer/core/random.js';
import { startGenome, NO_CLASS, type StudyArea } from '../model/study-area.js';
import type { IncrementalState, LandUseEvaluator } from '../objectives/evaluator.js';
import { FULL_EVALUATION_WORK_PER_CELL } from '../objectives/incremental.js';
import type { Regions } from '../model/regions.js';
import { boundShortfall } from '../model/objective-bounds.js';
import { pickBit } from './mutation.js';

/** Candidate moves drawn per evaluated move (the one with the best linear estimate is evaluated). */
const CANDIDATES = 4;
/** Share of moves whose new class is a neighbour's (the rest: any class the cell may take). */
const BOUNDARY_SHARE = 0.7;
/** Share of `patches` moves that convert a whole region (see drawRegionMove). */
const REGION_SHARE = 0.2;
/** Tries to find a swap partner of the right class that may take the other class. */
const PARTNER_TRIES = 8;

/** Cell index of 4-neighbour d (0 right, 1 left, 2 down, 3 up) of `cell` at column x, or -1. */
function neighbour4(width: number, height: number, cell: number, x: number, d: number): number {
  if (d === 0) return x + 1 < width ? cell + 1 : -1;
  if (d === 1) return x > 0 ? cell - 1 : -1;
  if (d === 2) return cell + width < width * height ? cell + width : -1;
  return cell >= width ? cell - width : -1;
}

const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

/**
 * Which moves a search may make:
 * - `cells`: any cell may take a class (a neighbour's, or any it may take), alone or swapped with
 *   a cell of that class (the single-objective baseline: the strongest search);
 * - `patches`: only the edges of the layout's changed patches move: a patch grows by an unchanged
 *   neighbour of its own today's class, or shrinks by returning an edge cell to today's class, or
 *   both at once on two patches of one kind (a cell moves from one patch's edge to another's).
 *   With the map regions, a fifth of the moves instead convert a whole unchanged region (a new
 *   patch along today's edges) where the demands and the change limit allow. No scattered
 *   one-cell change appears (the memetic step: its layouts breed, and one-cell changes would
 *   spread through the population);
 * - `compact`: a grow step (an unchanged neighbour of a changed patch takes the patch's class,
 *   whatever its class today) or a shrink step (an edge cell of a changed patch returns to today's
 *   class), paired when the demands or the change limit require it with a step of the other kind
 *   that puts them right (on any patch's edge, or on the edge of today's land of the class that
 *   must gain a cell), plus the region moves of `patches`. Trades across kinds make it as strong
 *   as `cells` on the extremes while change still grows and shrinks only along patch edges (the
 *   final polish of each objective's best layout, runs/polish.ts).
 */
export type MoveSet = 'cells' | 'patches' | 'compact';

export interface LocalSearchResult {
  /** Moves evaluated (incremental evaluations). */
  readonly evaluations: number;
  /** Moves kept. */
  readonly improvements: number;
  /** True when it stopped because `patience` evaluated moves in a row did not improve. */
  readonly converged: boolean;
  /** Work the moves cost (IncrementalState.work: cell visits). */
  readonly work: number;
}

/** How far one local search may go, and with which moves. */
export interface LocalSearchBudget {
  /** The most moves to evaluate. */
  readonly evaluations: number;
  /** Stop once this many evaluated moves in a row have not improved (default: never). */
  readonly patience?: number;
  /** The moves tried (default `cells`). */
  readonly moves?: MoveSet;
  /**
   * Stop once the moves have cost this much work (IncrementalState.work, cell visits; default: no
   * limit). A move's cost grows with the homes within walking distance of its cells, a hundredfold
   * between a field edge and a park in town at fine cell sizes; the memetic step bounds its
   * searches by work (improvement.ts), deterministic where time is not.
   */
  readonly maxWork?: number;
}

export class LocalSearch {
  private readonly today: Uint8Array;
  /** Genes ordered by class: class c holds order[segment[c] .. segment[c + 1]); position of each gene. */
  private readonly order: Int32Array;
  private readonly position: Int32Array;
  private readonly segment: Int32Array;
  private readonly before: Float64Array;
  private readonly after: Float64Array;
  /** The move being drawn, the best drawn so far, and the classes before it is made (sized for a region). */
  private readonly moveGenes: Int32Array;
  private readonly moveClasses: Uint8Array;
  private readonly bestGenes: Int32Array;
  private readonly bestClasses: Uint8Array;
  private readonly previous: Uint8Array;
  /** Per class, the change of its count under the drawn move (zero between draws). */
  private readonly countDelta: Int32Array;

  /**
   * @param tolerances per objective, the least change that counts as better or worse (parsimonyTolerances).
   * @param regions the map regions; with them the `patches` moves also convert a whole unchanged
   *   region (a new patch along today's edges) where the demands and the change limit allow.
   */
  constructor(
    private readonly area: StudyArea,
    private readonly evaluator: LandUseEvaluator,
    private readonly tolerances: Float64Array,
    private readonly regions: Regions | null = null,
  ) {
    this.today = startGenome(area);
    const genes = area.geneCells.length;
    this.order = new Int32Array(genes);
    this.position = new Int32Array(genes);
    this.segment = new Int32Array(area.classes.length + 1);
    this.before = new Float64Array(evaluator.numberOfObjectives);
    this.after = new Float64Array(evaluator.numberOfObjectives);
    let largest = 2;
    if (regions)
      for (let r = 0; r < regions.count; r++) largest = Math.max(largest, regions.start[r + 1]! - regions.start[r]!);
    this.moveGenes = new Int32Array(largest);
    this.moveClasses = new Uint8Array(largest);
    this.bestGenes = new Int32Array(largest);
    this.bestClasses = new Uint8Array(largest);
    this.previous = new Uint8Array(largest);
    this.countDelta = new Int32Array(area.classes.length);
  }

  /** About the work of one full evaluation of a layout, in the units of `maxWork` (IncrementalState.work). */
  get fullEvaluationWork(): number {
    return FULL_EVALUATION_WORK_PER_CELL * this.area.width * this.area.height;
  }

  /**
   * Improve a feasible `row` in place.
   * @param focus the objective to raise, or M (the number of objectives) to raise any without lowering another.
   */
  run(row: Uint8Array, random: Random, focus: number, budget: LocalSearchBudget): LocalSearchResult {
    const { evaluations, patience = Infinity, moves = 'cells', maxWork = Infinity } = budget;
    if (row.length === 0 || evaluations <= 0) return { evaluations: 0, improvements: 0, converged: false, work: 0 };
    const state = this.evaluator.createState(row);
    this.sortByClass(state.genome);
    let changed = 0;
    for (let g = 0; g < row.length; g++) if (row[g] !== this.today[g]) changed++;
    const before = this.before;
    state.objectives(before);
    const bounds = this.area.objectiveBounds;
    let shortfall = boundShortfall(bounds, before);
    let used = 0;
    let kept = 0;
    let failures = 0;
    while (used < evaluations && failures < patience && state.work < maxWork) {
      const count = this.sampleMove(state, random, focus, changed, moves);
      if (count === 0) {
        // No admissible move found in this draw; count it so a layout with none cannot loop forever.
        used++;
        failures++;
        continue;
      }
      const genes = this.bestGenes;
      const classes = this.bestClasses;
      const previous = this.previous;
      let changeDelta = 0;
      for (let k = 0; k < count; k++) {
        const g = genes[k]!;
        previous[k] = state.genome[g]!;
        changeDelta += (classes[k] !== this.today[g] ? 1 : 0) - (state.genome[g] !== this.today[g] ? 1 : 0);
        state.set(g, classes[k]!);
      }
      used++;
      state.objectives(this.after);
      // Constraint domination, as in the NSGA-II: out of the bounds, any move closer to them counts.
      const afterShortfall = bounds ? boundShortfall(bounds, this.after) : 0;
      if (afterShortfall < shortfall || (afterShortfall <= shortfall && this.improves(focus))) {
        before.set(this.after);
        shortfall = afterShortfall;
        changed += changeDelta;
        for (let k = 0; k < count; k++) this.reorder(genes[k]!, previous[k]!, classes[k]!);
        kept++;
        failures = 0;
      } else {
        for (let k = count - 1; k >= 0; k--) state.set(genes[k]!, previous[k]!);
        failures++;
      }
    }
    row.set(state.genome);
    return { evaluations: used, improvements: kept, converged: failures >= patience, work: state.work };
  }

  /** Whether `after` is better than `before` for the focus. */
  private improves(focus: number): boolean {
    const { before, after, tolerances } = this;
    const M = before.length;
    if (focus < M) return after[focus]! > before[focus]! + tolerances[focus]!;
    let better = false;
    for (let m = 0; m < M; m++) {
      if (after[m]! < before[m]! - tolerances[m]!) return false;
      if (after[m]! > before[m]! + tolerances[m]!) better = true;
    }
    return better;
  }

  /**
   * Draw up to CANDIDATES admissible moves and keep, in `bestGenes`/`bestClasses`, the one whose
   * linear terms gain most for the focus. Returns its number of cells (0: none found).
   */
  private sampleMove(state: IncrementalState, random: Random, focus: number, changed: number, moves: MoveSet): number {
    let bestCount = 0;
    let bestGain = -Infinity;
    for (let c = 0; c < CANDIDATES; c++) {
      const count =
        moves === 'cells'
          ? this.drawMove(state, random, changed)
          : moves === 'compact'
            ? this.drawCompactMove(state, random, changed)
            : this.drawPatchMove(state, random, changed);
      if (count === 0) continue;
      const gain = this.linearGain(state.genome, focus, count);
      if (gain > bestGain) {
        bestGain = gain;
        bestCount = count;
        this.bestGenes.set(this.moveGenes.subarray(0, count));
        this.bestClasses.set(this.moveClasses.subarray(0, count));
      }
    }
    return bestCount;
  }

  /** One admissible move into moveGenes/moveClasses; returns its number of cells (0: none this draw). */
  private drawMove(state: IncrementalState, random: Random, changed: number): number {
    const area = this.area;
    const genome = state.genome;
    const gene = random.nextInt(genome.length);
    const from = genome[gene]!;
    let to = -1;
    if (random.nextDouble() < BOUNDARY_SHARE) {
      const cell = area.geneCells[gene]!;
      const x = cell % area.width;
      const y = (cell - x) / area.width;
      const k = random.nextInt(8);
      const nx = x + DX8[k]!;
      const ny = y + DY8[k]!;
      if (nx >= 0 && ny >= 0 && nx < area.width && ny < area.height) {
        const neighbour = ny * area.width + nx;
        const other = area.geneOfCell[neighbour]!;
        to = other >= 0 ? genome[other]! : area.current[neighbour]!;
        if (to === NO_CLASS) to = -1;
      }
    } else {
      const options = area.allowed[gene]! & ~(1 << from);
      if (options !== 0) to = pickBit(options, random);
    }
    if (to < 0 || to === from || !((area.allowed[gene]! >> to) & 1)) return 0;
    const counts = state.counts;
    const limit = area.maxChangedCells;
    const changeOf = (g: number, c: number) => (c !== this.today[g] ? 1 : 0) - (genome[g] !== this.today[g] ? 1 : 0);
    this.moveGenes[0] = gene;
    this.moveClasses[0] = to;
    if (counts[from]! > area.minCells[from]! && counts[to]! < area.maxCells[to]!) {
      return changed + changeOf(gene, to) <= limit ? 1 : 0;
    }
    // A swap with a cell of class `to` that may take `from`.
    const size = this.segment[to + 1]! - this.segment[to]!;
    for (let t = 0; t < PARTNER_TRIES && size > 0; t++) {
      const partner = this.order[this.segment[to]! + random.nextInt(size)]!;
      if (!((area.allowed[partner]! >> from) & 1)) continue;
      if (changed + changeOf(gene, to) + changeOf(partner, from) > limit) continue;
      this.moveGenes[1] = partner;
      this.moveClasses[1] = from;
      return 2;
    }
    return 0;
  }

  /**
   * One admissible `patches` move into moveGenes/moveClasses (see MoveSet); returns its number of
   * cells (0: none this draw).
   */
  private drawPatchMove(state: IncrementalState, random: Random, changed: number): number {
    if (this.regions && random.nextDouble() < REGION_SHARE) return this.drawRegionMove(state, random, changed);
    const genome = state.genome;
    const today = this.today;
    const edge = this.changedGene(genome, random);
    if (edge < 0) return 0;
    const from = today[edge]!;
    const to = genome[edge]!;
    const counts = state.counts;
    const { minCells, maxCells, maxChangedCells } = this.area;
    const growable = counts[from]! > minCells[from]! && counts[to]! < maxCells[to]! && changed < maxChangedCells;
    const shrinkable = counts[to]! > minCells[to]! && counts[from]! < maxCells[from]!;
    const grow = random.nextDouble() < 0.5;
    if (grow) {
      const cell = this.unchangedNeighbour(genome, edge, from, to, random);
      if (cell < 0) return 0;
      this.moveGenes[0] = cell;
      this.moveClasses[0] = to;
      if (growable) return 1;
      // Take the cell from the edge of another patch of the same kind instead.
      const other = this.edgeOfKind(genome, from, to, random, cell);
      if (other < 0) return 0;
      this.moveGenes[1] = other;
      this.moveClasses[1] = from;
      return 2;
    }
    if (!this.onPatchEdge(genome, edge)) return 0;
    this.moveGenes[0] = edge;
    this.moveClasses[0] = from;
    if (shrinkable) return 1;
    // Give the cell to another patch of the same kind instead.
    const partner = this.changedOfKind(genome, from, to, random, edge);
    if (partner < 0) return 0;
    const cell = this.unchangedNeighbour(genome, partner, from, to, random);
    if (cell < 0) return 0;
    this.moveGenes[1] = cell;
    this.moveClasses[1] = to;
    return 2;
  }

  /**
   * One admissible `compact` move into moveGenes/moveClasses (see MoveSet); returns its number of
   * cells (0: none this draw).
   */
  private drawCompactMove(state: IncrementalState, random: Random, changed: number): number {
    if (this.regions && random.nextDouble() < REGION_SHARE) return this.drawRegionMove(state, random, changed);
    const genome = state.genome;
    const grow = random.nextDouble() < 0.5;
    const first = grow ? this.drawGrow(genome, random, -1) : this.drawShrink(genome, random, -1);
    if (first < 0) return 0;
    this.moveGenes[0] = first;
    this.moveClasses[0] = grow ? this.stepClass : this.today[first]!;
    const delta = grow ? 1 : -1;
    if (changed + delta <= this.area.maxChangedCells && this.countsAllow(genome, state.counts, 1)) return 1;
    // Out of the demands (or the change limit): pair it with a step of the other kind that puts them right.
    for (let t = 0; t < PARTNER_TRIES; t++) {
      // Even tries aim at the class the first step takes a cell from (grow) or from which it returns one (shrink).
      const target = t % 2 === 0 ? genome[first]! : grow ? this.moveClasses[0]! : -1;
      const second = grow ? this.drawShrink(genome, random, target) : this.drawGrow(genome, random, target);
      if (second < 0 || second === first) continue;
      this.moveGenes[1] = second;
      this.moveClasses[1] = grow ? this.today[second]! : this.stepClass;
      if (this.countsAllow(genome, state.counts, 2)) return 2;
    }
    return 0;
  }

  /** The class a grow step (drawGrow) gives its cell. */
  private stepClass = 0;

  /**
   * A grow step: an unchanged gene next to a changed patch takes the patch's class (`stepClass`),
   * if it may. With `x` >= 0 (a partner step that must add a cell of class x), it is next to a
   * random cell of class x instead, changed or not. Returns the gene, or -1.
   */
  private drawGrow(genome: Uint8Array, random: Random, x: number): number {
    let g = -1;
    if (x >= 0) {
      const size = this.segment[x + 1]! - this.segment[x]!;
      if (size > 0) g = this.order[this.segment[x]! + random.nextInt(size)]!;
    } else g = this.changedGene(genome, random);
    if (g < 0) return -1;
    const to = genome[g]!;
    const cell = this.unchangedNeighbour(genome, g, -1, to, random);
    this.stepClass = to;
    return cell;
  }

  /**
   * A shrink step: a changed gene on the edge of its patch, which returns to today's class. With
   * `x` >= 0, a gene of class x now or today (half the draws each); otherwise any. Returns the gene, or -1.
   */
  private drawShrink(genome: Uint8Array, random: Random, x: number): number {
    for (let t = 0; t < PARTNER_TRIES; t++) {
      let g: number;
      if (x >= 0 && (t & 1) === 0) {
        const size = this.segment[x + 1]! - this.segment[x]!;
        if (size === 0) continue;
        g = this.order[this.segment[x]! + random.nextInt(size)]!;
        if (genome[g] === this.today[g]) continue;
      } else {
        g = this.changedGene(genome, random);
        if (g < 0) return -1;
        if (x >= 0 && this.today[g] !== x) continue;
      }
      if (this.onPatchEdge(genome, g)) return g;
    }
    return -1;
  }

  /** Whether the first `count` cells of the drawn move keep every class they touch within its demand bounds. */
  private countsAllow(genome: Uint8Array, counts: Int32Array, count: number): boolean {
    const { minCells, maxCells } = this.area;
    const delta = this.countDelta;
    for (let k = 0; k < count; k++) {
      delta[genome[this.moveGenes[k]!]!]!--;
      delta[this.moveClasses[k]!]!++;
    }
    let ok = true;
    for (let k = 0; k < 2 * count; k++) {
      const c = (k & 1) === 0 ? genome[this.moveGenes[k >> 1]!]! : this.moveClasses[k >> 1]!;
      const after = counts[c]! + delta[c]!;
      if (after < minCells[c]! || after > maxCells[c]!) ok = false;
    }
    for (let k = 0; k < count; k++) {
      delta[genome[this.moveGenes[k]!]!] = 0;
      delta[this.moveClasses[k]!] = 0;
    }
    return ok;
  }

  /**
   * A new patch along today's edges: a whole unchanged region takes another class all its cells
   * may take (a neighbouring region's in the layout, or any), where the demands and the change
   * limit leave room for it. Returns its number of cells (0: none this draw).
   */
  private drawRegionMove(state: IncrementalState, random: Random, changed: number): number {
    const regions = this.regions!;
    const genome = state.genome;
    const area = this.area;
    const region = regions.regionOfGene[random.nextInt(genome.length)]!;
    const first = regions.start[region]!;
    const end = regions.start[region + 1]!;
    const size = end - first;
    let allowed = 0xffff;
    for (let k = first; k < end; k++) {
      const g = regions.genes[k]!;
      if (genome[g] !== this.today[g]) return 0;
      allowed &= area.allowed[g]!;
    }
    const from = genome[regions.genes[first]!]!;
    allowed &= ~(1 << from);
    if (allowed === 0) return 0;
    const to = pickBit(allowed, random);
    const counts = state.counts;
    if (counts[from]! - size < area.minCells[from]! || counts[to]! + size > area.maxCells[to]!) return 0;
    if (changed + size > area.maxChangedCells) return 0;
    for (let k = 0; k < size; k++) {
      this.moveGenes[k] = regions.genes[first + k]!;
      this.moveClasses[k] = to;
    }
    return size;
  }

  /** A random changed gene (a few draws; -1 if none found). */
  private changedGene(genome: Uint8Array, random: Random): number {
    for (let t = 0; t < 32; t++) {
      const g = random.nextInt(genome.length);
      if (genome[g] !== this.today[g]) return g;
    }
    return -1;
  }

  /** A random changed gene of kind from -> to other than `not` (a few draws; -1 if none found). */
  private changedOfKind(genome: Uint8Array, from: number, to: number, random: Random, not: number): number {
    const size = this.segment[to + 1]! - this.segment[to]!;
    for (let t = 0; t < PARTNER_TRIES * 4 && size > 0; t++) {
      const g = this.order[this.segment[to]! + random.nextInt(size)]!;
      if (g !== not && this.today[g] === from) return g;
    }
    return -1;
  }

  /** An edge cell of a patch of kind from -> to other than `not` (-1 if none found). */
  private edgeOfKind(genome: Uint8Array, from: number, to: number, random: Random, not: number): number {
    for (let t = 0; t < PARTNER_TRIES; t++) {
      const g = this.changedOfKind(genome, from, to, random, not);
      if (g >= 0 && this.onPatchEdge(genome, g)) return g;
    }
    return -1;
  }

  /**
   * A random 4-neighbour of `gene` that is unchanged, of class `from` today (any class but `to`
   * when `from` < 0), and may take `to` (-1 if none).
   */
  private unchangedNeighbour(genome: Uint8Array, gene: number, from: number, to: number, random: Random): number {
    const area = this.area;
    const cell = area.geneCells[gene]!;
    const x = cell % area.width;
    const start = random.nextInt(4);
    for (let k = 0; k < 4; k++) {
      const next = neighbour4(area.width, area.height, cell, x, (start + k) & 3);
      if (next < 0) continue;
      const g = area.geneOfCell[next]!;
      if (g < 0 || genome[g] !== this.today[g] || !((area.allowed[g]! >> to) & 1)) continue;
      if (from >= 0 ? genome[g] !== from : genome[g] === to) continue;
      return g;
    }
    return -1;
  }

  /** Whether a changed gene has a 4-neighbour outside its patch (a different class or a different change). */
  private onPatchEdge(genome: Uint8Array, gene: number): boolean {
    const area = this.area;
    const cell = area.geneCells[gene]!;
    const x = cell % area.width;
    for (let d = 0; d < 4; d++) {
      const next = neighbour4(area.width, area.height, cell, x, d);
      if (next < 0) return true;
      const g = area.geneOfCell[next]!;
      if (g < 0 || genome[g] !== genome[gene] || this.today[g] !== this.today[gene]) return true;
    }
    return false;
  }

  /** Change of the focus objective's linear terms under the move (for the compromise, summed over objectives by tolerance). */
  private linearGain(genome: Uint8Array, focus: number, count: number): number {
    const fused = this.evaluator.fused;
    const rows = this.evaluator.rowOfGene;
    let gain = 0;
    for (let k = 0; k < count; k++) {
      const gene = this.moveGenes[k]!;
      const from = genome[gene]!;
      const to = this.moveClasses[k]!;
      if (focus < fused.length) {
        gain += fused[focus]!.delta(gene, rows[gene]!, from, to);
      } else {
        for (let m = 0; m < fused.length; m++)
          gain += fused[m]!.delta(gene, rows[gene]!, from, to) / (this.tolerances[m]! * 1e9);
      }
    }
    return gain;
  }

  /** Order the genes by class (counting sort). */
  private sortByClass(genome: Uint8Array): void {
    const segment = this.segment;
    segment.fill(0);
    for (let g = 0; g < genome.length; g++) segment[genome[g]! + 1]!++;
    for (let c = 0; c + 1 < segment.length; c++) segment[c + 1]! += segment[c]!;
    const fill = segment.slice(0, segment.length - 1);
    for (let g = 0; g < genome.length; g++) {
      const p = fill[genome[g]!]!++;
      this.order[p] = g;
      this.position[g] = p;
    }
  }

  /** Move gene from class segment `from` to segment `to`, shifting the segment bounds between them. */
  private reorder(gene: number, from: number, to: number): void {
    const { order, position, segment } = this;
    const swap = (i: number, j: number) => {
      const a = order[i]!;
      const b = order[j]!;
      order[i] = b;
      order[j] = a;
      position[b] = i;
      position[a] = j;
    };
    if (from < to) {
      for (let c = from; c < to; c++) {
        swap(position[gene]!, segment[c + 1]! - 1);
        segment[c + 1]!--;
      }
    } else {
      for (let c = from; c > to; c--) {
        swap(position[gene]!, segment[c]!);
        segment[c]!++;
      }
    }
  }
}
