/**
 * Test oracle for parsimony, written from the definition and independent of the code under test
 * (operators/reversion.ts and objectives/delta.ts): it finds the changed patches itself, reverts
 * each patch and each matched pair of opposite patches, checks the demands from the scenario's
 * own areas and evaluates every reverted layout with a full evaluator.
 *
 * A layout is parsimonious when every such reversion either breaks a demand or lowers some
 * objective by more than half the documented tolerance (PARSIMONY_TOLERANCE x max(1, |value of
 * today's layout|); half, because the reversion step decides on exact local changes that differ
 * from full evaluations in the last bits).
 */
import { PARSIMONY_TOLERANCE } from '../../../engine/src/landuse/operators/reversion.js';
import { currentGenome, NO_CLASS, type StudyArea } from '../../../engine/src/landuse/model/study-area.js';
import { areaToCells } from '../../../engine/src/landuse/scenario/units.js';
import type { ResolvedDemand } from '../../../engine/src/landuse/scenario/types.js';

/** Anything that evaluates a genome fully (the production full evaluator, or the reference one). */
export interface FullEvaluator {
  evaluate(genome: ArrayLike<number>, objectives: Float64Array): void;
}

export interface Patch {
  readonly from: number;
  readonly to: number;
  readonly genes: number[];
}

/** 4-connected groups of genes whose class differs from today's with one from -> to pair (a plain flood fill). */
export function findPatches(area: StudyArea, genome: Uint8Array): Patch[] {
  const today = currentGenome(area);
  const seen = new Set<number>();
  const patches: Patch[] = [];
  for (let g = 0; g < genome.length; g++) {
    if (genome[g] === today[g] || seen.has(g)) continue;
    const patch: Patch = { from: today[g]!, to: genome[g]!, genes: [] };
    const stack = [g];
    seen.add(g);
    while (stack.length > 0) {
      const gene = stack.pop()!;
      patch.genes.push(gene);
      const cell = area.geneCells[gene]!;
      const x = cell % area.width;
      const y = Math.floor(cell / area.width);
      for (const [nx, ny] of [
        [x + 1, y],
        [x - 1, y],
        [x, y + 1],
        [x, y - 1],
      ] as const) {
        if (nx < 0 || ny < 0 || nx >= area.width || ny >= area.height) continue;
        const other = area.geneOfCell[ny * area.width + nx]!;
        if (other < 0 || seen.has(other)) continue;
        if (today[other] !== patch.from || genome[other] !== patch.to) continue;
        seen.add(other);
        stack.push(other);
      }
    }
    patches.push(patch);
  }
  return patches;
}

/** Demand bounds in cells, computed from the scenario's areas (not from the study area's precomputed ones). */
export function demandBounds(area: StudyArea, demands: readonly ResolvedDemand[]): { min: number[]; max: number[] } {
  const K = area.classes.length;
  let valid = 0;
  for (const c of area.current) if (c !== NO_CLASS) valid++;
  const cellAreaM2 = area.cellSizeX * area.cellSizeY;
  const min = new Array<number>(K).fill(0);
  const max = new Array<number>(K).fill(valid);
  for (const d of demands) {
    if (d.min) min[d.classIndex] = Math.ceil(areaToCells(d.min, valid, cellAreaM2) - 1e-9);
    if (d.max) max[d.classIndex] = Math.floor(areaToCells(d.max, valid, cellAreaM2) + 1e-9);
  }
  return { min, max };
}

export interface ParsimonyFailure {
  readonly kind: 'patch' | 'pair';
  readonly patches: number[];
  /** Change of each objective when reverted (none beyond the tolerance is negative). */
  readonly change: number[];
}

/**
 * Every reversion of a patch or matched pair that keeps the demands and lowers no objective by
 * more than half the tolerance (empty when the layout is parsimonious).
 */
export function parsimonyFailures(
  area: StudyArea,
  demands: readonly ResolvedDemand[],
  evaluator: FullEvaluator,
  genome: Uint8Array,
  objectivesOfToday?: Float64Array,
): ParsimonyFailure[] {
  const M = area.objectives.length;
  const today = new Float64Array(M);
  if (objectivesOfToday) today.set(objectivesOfToday);
  else evaluator.evaluate(currentGenome(area), today);
  const tolerance = Array.from(today, (v) => (PARSIMONY_TOLERANCE / 2) * Math.max(1, Math.abs(v)));
  const { min, max } = demandBounds(area, demands);
  const counts = new Array<number>(area.classes.length).fill(0);
  for (let i = 0; i < area.current.length; i++) {
    const gene = area.geneOfCell[i]!;
    const c = gene >= 0 ? genome[gene]! : area.current[i]!;
    if (c !== NO_CLASS) counts[c]!++;
  }
  const base = new Float64Array(M);
  evaluator.evaluate(genome, base);
  const patches = findPatches(area, genome);
  const failures: ParsimonyFailure[] = [];
  const trial = genome.slice();
  const out = new Float64Array(M);
  const tryRevert = (kind: 'patch' | 'pair', chosen: number[]) => {
    const moved = counts.slice();
    for (const p of chosen) {
      const patch = patches[p]!;
      moved[patch.to]! -= patch.genes.length;
      moved[patch.from]! += patch.genes.length;
    }
    if (moved.some((c, k) => c < min[k]! || c > max[k]!)) return;
    trial.set(genome);
    for (const p of chosen) for (const g of patches[p]!.genes) trial[g] = patches[p]!.from;
    evaluator.evaluate(trial, out);
    const change = Array.from(out, (v, m) => v - base[m]!);
    if (change.every((d, m) => d >= -tolerance[m]!)) failures.push({ kind, patches: chosen, change });
  };
  patches.forEach((_, p) => tryRevert('patch', [p]));
  for (let p = 0; p < patches.length; p++) {
    for (let q = 0; q < patches.length; q++) {
      if (patches[q]!.from === patches[p]!.to && patches[q]!.to === patches[p]!.from && p < q)
        tryRevert('pair', [p, q]);
    }
  }
  return failures;
}
