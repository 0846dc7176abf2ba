/**
 * The per-cell (linear) sub-indicators, summed over the changeable cells.
 *
 * - {@link sumLinear}: one indicator, for reports and the incremental state.
 * - {@link FusedLinear}: every linear indicator of one objective, weighted, folded into one
 *   from-to table T[cur][c] = sum_k w_k (alpha_k[c] + fromTo_k[cur][c]) plus a few covariates
 *   (per-class weight vector times a per-gene value; indicators whose weight vectors are
 *   proportional share one covariate, e.g. flood exposure and protected edge both charge built
 *   classes). The objective's linear part is then one table gather and one or two multiply-adds
 *   per gene instead of one pass per indicator. Same value up to floating-point rounding.
 */
import type { StudyArea } from '../model/study-area.js';
import type { CompiledObjectives, LinearTerm } from './compile.js';
import { fillBy } from '../../io/typed-map.js';

/** Sum of a linear term over the study area for a genome (gene-ordered copies keep the loops sequential). */
export function sumLinear(term: LinearTerm, genome: ArrayLike<number>): number {
  const { alpha, beta, xGene, fromTo, fromToOffset } = term;
  let sum = term.constant;
  if (xGene && fromTo) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + beta[c]! * xGene[g]! + fromTo[fromToOffset[g]! + c]!;
    }
  } else if (xGene) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + beta[c]! * xGene[g]!;
    }
  } else if (fromTo) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + fromTo[fromToOffset[g]! + c]!;
    }
  } else {
    for (let g = 0; g < genome.length; g++) sum += alpha[genome[g]!]!;
  }
  return sum;
}

/**
 * Sum of a linear term's changes over the genes in `changed` (ascending gene indices whose class
 * differs from `today`): {@link sumLinear} of the genome minus that of today's genome, to rounding.
 */
export function sumLinearChanges(
  term: LinearTerm,
  genome: ArrayLike<number>,
  today: Uint8Array,
  changed: Int32Array,
  count: number,
): number {
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const g = changed[j]!;
    sum += linearDelta(term, g, today[g]!, genome[g]!);
  }
  return sum;
}

/** f(i, to) - f(i, from) of a linear term for the cell of gene `gene`. */
export function linearDelta(term: LinearTerm, gene: number, from: number, to: number): number {
  let delta = term.alpha[to]! - term.alpha[from]!;
  if (term.xGene) delta += (term.beta[to]! - term.beta[from]!) * term.xGene[gene]!;
  if (term.fromTo) {
    const row = term.fromToOffset[gene]!;
    delta += term.fromTo[row + to]! - term.fromTo[row + from]!;
  }
  return delta;
}

/** Rows of the fused from-to table: index = (today's class << 4) | class. */
const ROW_SHIFT = 4;

interface Covariate {
  /** Per-class weight (already multiplied by the indicator weight). */
  readonly weights: Float64Array;
  /** Per-gene value: the indicator's own Float32 layer, or a merged sum that Float32 holds exactly. */
  readonly values: Float32Array;
}

/** The weighted linear indicators of one objective, fused (see the module comment). */
export class FusedLinear {
  /** Sum over the cells that never change. */
  readonly constant: number;
  /** 16 x 16 table indexed by (today's class << 4) | class. */
  readonly table: Float64Array;
  readonly covariates: readonly Covariate[];
  /** Number of linear indicators folded in (0: the objective has no linear part). */
  readonly indicators: number;

  constructor(area: StudyArea, compiled: CompiledObjectives, objective: number) {
    const K = area.classes.length;
    const table = new Float64Array(16 << ROW_SHIFT);
    const covariates: Covariate[] = [];
    let constant = 0;
    let indicators = 0;
    compiled.indicators.forEach((indicator, k) => {
      if (indicator.kind !== 'linear' || compiled.objectiveOf[k] !== objective) return;
      indicators++;
      const { term, weight } = indicator;
      constant += weight * term.constant;
      for (let cur = 0; cur < K; cur++) {
        for (let c = 0; c < K; c++) {
          table[(cur << ROW_SHIFT) | c]! += weight * (term.alpha[c]! + (term.fromTo ? term.fromTo[cur * K + c]! : 0));
        }
      }
      if (!term.xGene) return;
      const weights = Float64Array.from(term.beta, (b) => weight * b);
      if (weights.every((w) => w === 0)) return;
      for (const covariate of covariates) {
        const ratio = proportion(weights, covariate.weights);
        if (ratio === null) continue;
        // Merge only when every merged value is exact in Float32 (e.g. 0/1 masks), so nothing is rounded.
        const xGene = term.xGene!;
        const merged = fillBy(new Float64Array(xGene.length), (g) => covariate.values[g]! + ratio * xGene[g]!);
        if (!merged.every((v) => Math.fround(v) === v)) continue;
        covariate.values.set(merged);
        return;
      }
      covariates.push({ weights, values: Float32Array.from(term.xGene) });
    });
    this.constant = constant;
    this.table = table;
    this.covariates = covariates;
    this.indicators = indicators;
  }

  /** Change of the fused linear part when gene `gene` (row `row` = today's class << 4) goes from `from` to `to`. */
  delta(gene: number, row: number, from: number, to: number): number {
    let delta = this.table[row | to]! - this.table[row | from]!;
    const covariates = this.covariates;
    for (let j = 0; j < covariates.length; j++) {
      const covariate = covariates[j]!;
      delta += (covariate.weights[to]! - covariate.weights[from]!) * covariate.values[gene]!;
    }
    return delta;
  }

  /**
   * The change of the fused linear part from today's genome over the genes in `changed` (gene
   * indices whose class differs from `today`, `count` of them): `sum(genome) - sum(today)`, to rounding.
   */
  sumChanges(
    genome: ArrayLike<number>,
    rowOfGene: Uint8Array,
    today: Uint8Array,
    changed: Int32Array,
    count: number,
  ): number {
    const table = this.table;
    const covariates = this.covariates;
    let sum = 0;
    if (covariates.length === 0) {
      for (let j = 0; j < count; j++) {
        const g = changed[j]!;
        const row = rowOfGene[g]!;
        sum += table[row | genome[g]!]! - table[row | today[g]!]!;
      }
    } else if (covariates.length === 1) {
      const b0 = covariates[0]!.weights;
      const x0 = covariates[0]!.values;
      for (let j = 0; j < count; j++) {
        const g = changed[j]!;
        const row = rowOfGene[g]!;
        const c = genome[g]!;
        const t = today[g]!;
        sum += table[row | c]! - table[row | t]! + (b0[c]! - b0[t]!) * x0[g]!;
      }
    } else if (covariates.length === 2) {
      const b0 = covariates[0]!.weights;
      const x0 = covariates[0]!.values;
      const b1 = covariates[1]!.weights;
      const x1 = covariates[1]!.values;
      for (let j = 0; j < count; j++) {
        const g = changed[j]!;
        const row = rowOfGene[g]!;
        const c = genome[g]!;
        const t = today[g]!;
        sum += table[row | c]! - table[row | t]! + (b0[c]! - b0[t]!) * x0[g]! + (b1[c]! - b1[t]!) * x1[g]!;
      }
    } else {
      for (let j = 0; j < count; j++) {
        const g = changed[j]!;
        sum += this.delta(g, rowOfGene[g]!, today[g]!, genome[g]!);
      }
    }
    return sum;
  }

  /**
   * The fused linear part of the objective for a genome.
   * @param rowOfGene per gene, today's class << 4 (see {@link fusedRowOfGene}).
   */
  sum(genome: ArrayLike<number>, rowOfGene: Uint8Array): number {
    const table = this.table;
    const covariates = this.covariates;
    const genes = genome.length;
    let sum = this.constant;
    if (covariates.length === 0) {
      for (let g = 0; g < genes; g++) sum += table[rowOfGene[g]! | genome[g]!]!;
    } else if (covariates.length === 1) {
      const b0 = covariates[0]!.weights;
      const x0 = covariates[0]!.values;
      for (let g = 0; g < genes; g++) {
        const c = genome[g]!;
        sum += table[rowOfGene[g]! | c]! + b0[c]! * x0[g]!;
      }
    } else if (covariates.length === 2) {
      const b0 = covariates[0]!.weights;
      const x0 = covariates[0]!.values;
      const b1 = covariates[1]!.weights;
      const x1 = covariates[1]!.values;
      for (let g = 0; g < genes; g++) {
        const c = genome[g]!;
        sum += table[rowOfGene[g]! | c]! + b0[c]! * x0[g]! + b1[c]! * x1[g]!;
      }
    } else {
      for (let g = 0; g < genes; g++) {
        const c = genome[g]!;
        let value = table[rowOfGene[g]! | c]!;
        for (let j = 0; j < covariates.length; j++) value += covariates[j]!.weights[c]! * covariates[j]!.values[g]!;
        sum += value;
      }
    }
    return sum;
  }
}

/** Per gene, today's class << 4: the row of the fused tables. */
export function fusedRowOfGene(area: StudyArea): Uint8Array {
  return fillBy(new Uint8Array(area.geneCells.length), (g) => area.current[area.geneCells[g]!]! << ROW_SHIFT);
}

/** r such that a = r * b (to rounding), or null. */
function proportion(a: Float64Array, b: Float64Array): number | null {
  let pivot = 0;
  for (let c = 1; c < b.length; c++) if (Math.abs(b[c]!) > Math.abs(b[pivot]!)) pivot = c;
  if (b[pivot] === 0) return null;
  const ratio = a[pivot]! / b[pivot]!;
  let largest = 0;
  for (let c = 0; c < a.length; c++) largest = Math.max(largest, Math.abs(a[c]!));
  for (let c = 0; c < a.length; c++) if (Math.abs(a[c]! - ratio * b[c]!) > 1e-12 * largest) return null;
  return ratio;
}
