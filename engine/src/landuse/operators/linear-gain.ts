/**
 * The change of each objective's per-cell (linear) terms when one cell changes class: a cheap,
 * local estimate of how much a move helps or harms each objective, used to choose which cells
 * the repair moves and to seed layouts toward one objective. Non-local terms (walking access,
 * compatibility, core area) are left to the real evaluation.
 */
import type { LinearTerm } from '../objectives/compile.js';
import type { LandUseEvaluator } from '../objectives/evaluator.js';

/** One linear indicator: its objective, its weight within the objective and its term. */
interface LinearPart {
  readonly objective: number;
  readonly weight: number;
  readonly term: LinearTerm;
}

export class LinearGain {
  /** Typical magnitude of one cell's change per objective (normalises objectives of different units). */
  readonly scales: Float64Array;
  readonly K: number;
  /** Linear indicators only (the others never enter a gain). */
  readonly parts: readonly LinearPart[];
  /** `parts` by objective, in the same order (a seeded layout asks one objective of every gene and class). */
  private readonly partsOf: readonly (readonly LinearPart[])[];

  constructor(readonly evaluator: LandUseEvaluator) {
    const area = evaluator.area;
    this.K = area.classes.length;
    const { compiled } = evaluator;
    const parts: LinearPart[] = [];
    compiled.indicators.forEach((indicator, k) => {
      if (indicator.kind === 'linear')
        parts.push({ objective: compiled.objectiveOf[k]!, weight: indicator.weight, term: indicator.term });
    });
    this.parts = parts;
    const M = evaluator.numberOfObjectives;
    this.partsOf = Array.from({ length: M }, (_, m) => parts.filter((part) => part.objective === m));
    this.scales = new Float64Array(M).fill(0);
    const genes = area.geneCells.length;
    const sample = Math.min(genes, 2000);
    const step = Math.max(1, Math.floor(genes / Math.max(1, sample)));
    let used = 0;
    for (let g = 0; g < genes; g += step) {
      const cell = area.geneCells[g]!;
      const cur = area.current[cell]!;
      for (let m = 0; m < M; m++) {
        let largest = 0;
        for (let c = 0; c < this.K; c++) largest = Math.max(largest, Math.abs(this.objectiveDelta(cell, cur, c, m)));
        this.scales[m]! += largest;
      }
      used++;
    }
    for (let m = 0; m < M; m++) this.scales[m] = used > 0 && this.scales[m]! > 0 ? this.scales[m]! / used : 1;
  }

  /** Change of objective m's linear terms when `cell` goes from class `from` to `to`. */
  objectiveDelta(cell: number, from: number, to: number, m: number): number {
    const K = this.K;
    const cur = this.evaluator.area.current[cell]!;
    let delta = 0;
    const parts = this.partsOf[m]!;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const t = part.term;
      let d = t.alpha[to]! - t.alpha[from]!;
      if (t.x) d += (t.beta[to]! - t.beta[from]!) * t.x[cell]!;
      if (t.fromTo) d += t.fromTo[cur * K + to]! - t.fromTo[cur * K + from]!;
      delta += part.weight * d;
    }
    return delta;
  }

  /** Sum over objectives of weights[m] x normalised change: positive when the move helps. */
  gain(cell: number, from: number, to: number, weights: Float64Array): number {
    let total = 0;
    for (let m = 0; m < weights.length; m++) {
      const w = weights[m]!;
      if (w !== 0) total += (w * this.objectiveDelta(cell, from, to, m)) / this.scales[m]!;
    }
    return total;
  }

  /** A gain for fixed objective weights, with the terms folded into per-class tables (the repair's hot path). */
  weighted(): WeightedGain {
    return new WeightedGain(this);
  }
}

/**
 * {@link LinearGain.gain} for one set of objective weights, precombined: every term's
 * coefficient `weights[m] x weight / scale[m]` is folded into one per-class table, one from-to
 * table and one per-class table per covariate layer, so a gain costs a few reads whatever the
 * number of indicators. Set the weights once per repair call, then call `gain` per candidate cell.
 * Equal to `LinearGain.gain` up to rounding.
 */
export class WeightedGain {
  private readonly K: number;
  private readonly current: Uint8Array;
  private readonly alpha: Float64Array;
  private readonly fromTo: Float64Array;
  /** Distinct covariate layers and, per layer, the combined per-class beta. */
  private readonly layers: Float32Array[];
  private readonly betas: Float64Array[];

  constructor(private readonly source: LinearGain) {
    const K = source.K;
    this.K = K;
    this.current = source.evaluator.area.current;
    this.alpha = new Float64Array(K);
    this.fromTo = new Float64Array(K * K);
    this.layers = [];
    for (const part of source.parts) {
      const x = part.term.x;
      if (x && !this.layers.includes(x)) this.layers.push(x);
    }
    this.betas = this.layers.map(() => new Float64Array(K));
  }

  /** Fold the terms under these objective weights (one per objective). */
  setWeights(weights: Float64Array): void {
    const K = this.K;
    this.alpha.fill(0);
    this.fromTo.fill(0);
    for (const beta of this.betas) beta.fill(0);
    const scales = this.source.scales;
    for (const part of this.source.parts) {
      const w = weights[part.objective]!;
      if (w === 0) continue;
      const coefficient = (w * part.weight) / scales[part.objective]!;
      const t = part.term;
      for (let c = 0; c < K; c++) this.alpha[c]! += coefficient * t.alpha[c]!;
      if (t.x) {
        const beta = this.betas[this.layers.indexOf(t.x)]!;
        for (let c = 0; c < K; c++) beta[c]! += coefficient * t.beta[c]!;
      }
      if (t.fromTo) for (let i = 0; i < K * K; i++) this.fromTo[i]! += coefficient * t.fromTo[i]!;
    }
  }

  /** Weighted, normalised change of the linear terms when `cell` goes from `from` to `to`. */
  gain(cell: number, from: number, to: number): number {
    const row = this.current[cell]! * this.K;
    let total = this.alpha[to]! - this.alpha[from]! + this.fromTo[row + to]! - this.fromTo[row + from]!;
    const layers = this.layers;
    for (let l = 0; l < layers.length; l++) {
      const beta = this.betas[l]!;
      total += (beta[to]! - beta[from]!) * layers[l]![cell]!;
    }
    return total;
  }
}
