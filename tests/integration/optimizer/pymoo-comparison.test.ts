/**
 * Our NSGA-II against pymoo 0.6.2's, problem by problem: every ZDT and DTLZ problem, the same
 * budget (population 100, 250 generations = 25,000 evaluations), both with default settings.
 *
 * pymoo's side is fixed: its final fronts for seeds 1-5, made once by
 * tests/fixtures/pymoo/make-fronts.py (provenance.json: versions, command) and committed; their
 * hypervolumes are recomputed here with ours and must match moocore's. Ours runs here, seeds
 * 1-SEEDS (a run takes ~0.1 s; more seeds make our median steadier). Hypervolumes are taken at
 * each problem's comparison reference point: 1.1 per objective ([1.1, 1.1, 6.6] for DTLZ7); for
 * DTLZ3 and DTLZ6, which no run brings into that box within the budget, a cube the typical front
 * reaches into (see make-fronts.py).
 *
 * 1. Median: ours >= pymoo's - max(1 % of pymoo's median, half the interquartile range of pymoo's
 *    five values). 1 % covers the spread of a five-run median on the smooth problems (pymoo's own
 *    five-seed DTLZ2 median sits 0.2 % above its 101-seed median); where pymoo's runs scatter
 *    more (DTLZ3: 121 to 2,672), half its interquartile range does.
 * 2. No run loses part of a front that is disconnected (ZDT3, DTLZ7) or collapses easily (DTLZ4):
 *    each of our runs reaches 95 % of pymoo's worst run (losing a region of DTLZ7 costs 16 %).
 *
 * Numbers behind both, before and after our defaults became pymoo's (dominance-based tournament,
 * polynomial mutation of 90 % of the children), are in
 * docs/optimizer.md, "Against pymoo".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  NSGA2,
  benchmarkProblemNames,
  createBenchmarkProblem,
  hypervolume,
} from '../../../engine/src/optimizer/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/pymoo');

/** Our median may fall this far (relative) below pymoo's, unless pymoo's own runs scatter more. */
const TOLERANCE = 0.01;
const SEEDS = 11;
/** Problems whose front is disconnected or easily collapses: every run must reach WHOLE x pymoo's worst. */
const FRAGILE = ['ZDT3', 'DTLZ4', 'DTLZ7'];
const WHOLE = 0.95;

interface PymooFixture {
  problem: string;
  numberOfVariables: number;
  numberOfObjectives: number;
  populationSize: number;
  generations: number;
  referencePoint: number[];
  medianHypervolume: number;
  comparisonReferencePoint: number[];
  comparisonMedianHypervolume: number;
  runs: { seed: number; evaluations: number; hypervolume: number; comparisonHypervolume: number; front: number[][] }[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** Quantile with linear interpolation between order statistics (numpy's default). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (position - low) * (sorted[high]! - sorted[low]!);
}

describe('NSGA-II against pymoo 0.6.2 (population 100, 250 generations, default settings)', () => {
  it.each(benchmarkProblemNames.map((name) => [name]))(
    "%s: our median hypervolume is at least pymoo's, within the tolerance",
    (name) => {
      const fixture = JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as PymooFixture;
      const problem = createBenchmarkProblem(name);
      // The fixture describes the same problem and budget, and moocore's hypervolumes agree with ours.
      expect([fixture.numberOfVariables, fixture.numberOfObjectives]).toEqual([
        problem.numberOfVariables,
        problem.numberOfObjectives,
      ]);
      expect(fixture.runs.map((r) => r.evaluations)).toEqual(new Array(5).fill(25_000));
      for (const run of fixture.runs) {
        expect(hypervolume(run.front, fixture.referencePoint)).toBeCloseTo(run.hypervolume, 9);
        expect(hypervolume(run.front, fixture.comparisonReferencePoint)).toBeCloseTo(run.comparisonHypervolume, 6);
      }
      const pymoo = fixture.runs.map((r) => r.comparisonHypervolume);
      const theirs = median(pymoo);
      expect(theirs).toBe(fixture.comparisonMedianHypervolume);
      expect(theirs).toBeGreaterThan(0);
      const tolerance = Math.max(TOLERANCE * theirs, (quantile(pymoo, 0.75) - quantile(pymoo, 0.25)) / 2);

      const ours: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const result = new NSGA2(createBenchmarkProblem(name), { populationSize: 100, seed }).runSync();
        expect(result.evaluations).toBe(25_000);
        ours.push(hypervolume(result.front.objectives, fixture.comparisonReferencePoint));
      }
      expect(median(ours)).toBeGreaterThanOrEqual(theirs - tolerance);
      if (FRAGILE.includes(name)) {
        const floor = WHOLE * Math.min(...pymoo);
        ours.forEach((value, i) => expect(value, `seed ${i + 1} lost part of the front`).toBeGreaterThanOrEqual(floor));
      }
    },
  );
});
