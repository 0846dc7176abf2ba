/**
 * Hypervolume of several maximised fronts against one reference shared by all of them (bench
 * only): each objective normalised to [0, 1] over the union of the fronts (worst to best), in
 * minimisation form (1 - normalised value), the reference 0.1 beyond the worst (1.1). Fronts
 * compared this way must come from one scenario's objectives.
 */
import { hypervolume } from '../engine/src/optimizer/index.js';

export function commonHypervolumes(fronts: readonly (readonly (readonly number[])[])[]): number[] {
  const m = fronts[0]![0]!.length;
  const all = fronts.flat();
  const worst = Array.from({ length: m }, (_, j) => Math.min(...all.map((p) => p[j]!)));
  const best = Array.from({ length: m }, (_, j) => Math.max(...all.map((p) => p[j]!)));
  const reference = new Array<number>(m).fill(1.1);
  return fronts.map((front) =>
    hypervolume(
      front.map((p) => p.map((v, j) => 1 - (v - worst[j]!) / (best[j]! - worst[j]! || 1))),
      reference,
    ),
  );
}
