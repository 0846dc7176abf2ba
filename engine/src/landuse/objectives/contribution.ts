/**
 * Where a layout gains or loses: the per-cell contribution of each sub-indicator kind to one
 * objective (LandUseEvaluator.contributionMap). The cells sum to the objective value.
 */
import { squaredDistanceTransform } from '../model/distance.js';
import { layoutMap, NO_CLASS } from '../model/study-area.js';
import { forEachNeighbourPair } from './compatibility.js';
import type { LandUseEvaluator } from './evaluator.js';
import { isCore } from './habitat-core.js';
import { housingSupply } from './housing.js';

/**
 * Per-cell contribution of a layout to objective `objective` (grid order; NaN outside the study
 * area): shares are spread over the cells that earn them (an accessible home gets 100 / H), pair
 * scores are split between the two cells.
 */
export function contributionMap(
  evaluator: LandUseEvaluator,
  genome: ArrayLike<number>,
  objective: number,
): Float32Array {
  const area = evaluator.area;
  const n = area.current.length;
  const K = area.classes.length;
  const map = layoutMap(area, genome, new Uint8Array(n));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) if (map[i] === NO_CLASS) out[i] = NaN;
  let housingCells = 0;
  for (let i = 0; i < n; i++) if (map[i] !== NO_CLASS && evaluator.housing[map[i]!]) housingCells++;
  evaluator.compiled.indicators.forEach((indicator, k) => {
    if (evaluator.compiled.objectiveOf[k] !== objective) return;
    const w = indicator.weight;
    switch (indicator.kind) {
      case 'linear':
      case 'amenity': {
        const scale = indicator.kind === 'amenity' ? (housingCells > 0 ? 100 / housingCells : 0) : 1;
        const t = indicator.term;
        for (let i = 0; i < n; i++) {
          const c = map[i]!;
          if (c === NO_CLASS) continue;
          out[i]! +=
            w *
            scale *
            (t.alpha[c]! + (t.x ? t.beta[c]! * t.x[i]! : 0) + (t.fromTo ? t.fromTo[area.current[i]! * K + c]! : 0));
        }
        break;
      }
      case 'access': {
        if (housingCells === 0) break;
        const squared = squaredDistanceTransform(
          (i) => map[i] !== NO_CLASS && indicator.targets[map[i]!] === 1,
          area.width,
          area.height,
          area.cellSizeX,
          area.cellSizeY,
          new Float64Array(n),
        );
        const limit = indicator.distance * indicator.distance;
        for (let i = 0; i < n; i++) {
          const c = map[i]!;
          if (c !== NO_CLASS && evaluator.housing[c] && squared[i]! <= limit) out[i]! += (w * 100) / housingCells;
        }
        break;
      }
      case 'supply': {
        const added: number[] = [];
        for (let i = 0; i < n; i++) {
          const c = map[i]!;
          if (c !== NO_CLASS && evaluator.housing[c] && !evaluator.housing[area.current[i]!]) added.push(i);
        }
        const value = housingSupply(
          housingCells - evaluator.housingToday,
          area.cellAreaHa,
          indicator.density,
          indicator.dwellings,
        );
        for (const i of added) out[i]! += (w * value) / added.length;
        break;
      }
      case 'compatibility': {
        if (evaluator.neighbourPairs === 0) break;
        const scale = (w * 100) / evaluator.neighbourPairs / 2;
        forEachNeighbourPair(area, map, (i, j) => {
          const score = indicator.matrix[map[i]! * K + map[j]!]! * scale;
          out[i]! += score;
          out[j]! += score;
        });
        break;
      }
      case 'core':
        for (let i = 0; i < n; i++) if (isCore(area, map, evaluator.natural, i)) out[i]! += w * area.cellAreaHa;
        break;
    }
  });
  return out;
}
