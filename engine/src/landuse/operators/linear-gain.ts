/**
 * The change of each objective's per-cell (linear) terms when one cell changes class: a cheap,
 * local estimate of how much a move helps or harms each objective, used to choose which cells
 * the repair moves and to seed layouts toward one objective. Non-local terms (walking access,
 * compatibility, core area) are left to the real evaluation.
 */
import type { LandUseEvaluator } from '../objectives/evaluator.js';

export class LinearGain {
  /** Typical magnitude of one cell's change per objective (normalises objectives of different units). */
  readonly scales: Float64Array;
  private readonly K: number;

  constructor(private readonly evaluator: LandUseEvaluator) {
    const area = evaluator.area;
    this.K = area.classes.length;
    const M = evaluator.numberOfObjectives;
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
    const { compiled, area } = this.evaluator;
    const K = this.K;
    const cur = area.current[cell]!;
    let delta = 0;
    const list = compiled.indicators;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (indicator.kind !== 'linear' || compiled.objectiveOf[k] !== m) continue;
      const t = indicator.term;
      let d = t.alpha[to]! - t.alpha[from]!;
      if (t.x) d += (t.beta[to]! - t.beta[from]!) * t.x[cell]!;
      if (t.fromTo) d += t.fromTo[cur * K + to]! - t.fromTo[cur * K + from]!;
      delta += indicator.weight * d;
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
}
