/**
 * NSGA-II against jMetal's reference fronts in tests/fixtures/reference-fronts: population 100,
 * 250 generations (25,000 evaluations), eleven seeds per problem; the median hypervolume (raw
 * objectives, reference point 1.1 per objective) and the median IGD must meet the thresholds,
 * which sit just below pymoo 0.6.2's medians with the same settings (tests/fixtures/pymoo), except
 * ZDT6's, a little above them (pymoo's five-seed medians: HV 0.4932, IGD 9.0e-3).
 *
 * Eleven seeds, not five, since our defaults became pymoo's (dominance-based tournament, PM on
 * 90 % of the offspring): five-run medians scatter by as much as the margins (ZDT6 at seeds 0-4:
 * HV 0.4920, IGD 9.8e-3; at seeds 0-10: 0.4944, 8.2e-3; pymoo over 31 seeds: 0.4939).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NSGA2, createBenchmarkProblem, hypervolume, igd } from '../../../engine/src/optimizer/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const referenceDir = path.join(repoRoot, 'tests/fixtures/reference-fronts');

function readFront(name: string): number[][] {
  return readFileSync(path.join(referenceDir, `${name}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

const cases = [
  { problem: 'ZDT1', minHypervolume: 0.869, maxIgd: 5.0e-3 },
  { problem: 'ZDT2', minHypervolume: 0.5355, maxIgd: 5.0e-3 },
  { problem: 'ZDT3', minHypervolume: 1.3265, maxIgd: 6.0e-3 },
  { problem: 'ZDT6', minHypervolume: 0.494, maxIgd: 8.5e-3 },
  { problem: 'DTLZ2', minHypervolume: 0.7, maxIgd: 7.0e-2 },
] as const;

describe('NSGA-II reaches the reference fronts (pop 100, 250 generations, 11 seeds)', () => {
  it.each(cases)(
    '$problem: median HV >= $minHypervolume and median IGD <= $maxIgd',
    ({ problem: name, minHypervolume, maxIgd }) => {
      const reference = readFront(name);
      const hypervolumes: number[] = [];
      const igds: number[] = [];
      for (const seed of SEEDS) {
        const problem = createBenchmarkProblem(name);
        const result = new NSGA2(problem, { populationSize: 100, seed }).runSync();
        expect(result.evaluations).toBe(25_000);
        expect(result.generation).toBe(250);
        hypervolumes.push(hypervolume(result.front.objectives, new Array(problem.numberOfObjectives).fill(1.1)));
        igds.push(igd(result.front.objectives, reference, problem.numberOfObjectives));
      }
      expect(median(hypervolumes)).toBeGreaterThanOrEqual(minHypervolume);
      expect(median(igds)).toBeLessThanOrEqual(maxIgd);
    },
  );
});
