import type { Survival } from '../core/operators.js';
import type { Population } from '../core/population.js';
import type { Random } from '../core/random.js';
import { CrowdingDistance } from '../ranking/crowding-distance.js';
import { sortByKey } from '../ranking/index-sort.js';
import { NonDominatedSorter } from '../ranking/non-dominated-sort.js';

/**
 * NSGA-II's elitist survival under constrained domination (Deb et al. 2002):
 * feasible rows first, front by front; the front that does not fit whole is cut by crowding
 * distance (largest kept; ties keep the lower row index); then infeasible rows by total
 * violation. Ranks of infeasible rows continue after the last feasible front, one rank per
 * distinct violation value, and their crowding distance is 0.
 */
export class RankAndCrowdingSurvival implements Survival {
  readonly name = 'rank-and-crowding';
  private readonly sorter = new NonDominatedSorter();
  private readonly crowdingDistance = new CrowdingDistance();
  private feasible = new Int32Array(0);
  private infeasible = new Int32Array(0);
  private scratch = new Int32Array(0);
  private sortScratch = new Int32Array(0);
  private negatedCrowding = new Float64Array(0);

  survive(candidates: Population, count: number, selected: Int32Array, _random: Random): void {
    const size = candidates.size;
    if (this.feasible.length < size) {
      this.feasible = new Int32Array(size);
      this.infeasible = new Int32Array(size);
      this.scratch = new Int32Array(size);
      this.sortScratch = new Int32Array(size);
      this.negatedCrowding = new Float64Array(size);
    }
    const { objectives, numberOfObjectives: m, totalViolation, rank, crowding } = candidates;
    let feasibleCount = 0;
    let infeasibleCount = 0;
    for (let i = 0; i < size; i++) {
      if (totalViolation[i] === 0) this.feasible[feasibleCount++] = i;
      else this.infeasible[infeasibleCount++] = i;
    }

    const sorter = this.sorter;
    const fronts = sorter.sort(objectives, m, this.feasible, feasibleCount, rank);
    let chosen = 0;
    for (let k = 0; k < fronts && chosen < count; k++) {
      const start = sorter.frontStart[k]!;
      const end = sorter.frontStart[k + 1]!;
      this.crowdingDistance.compute(objectives, m, sorter.byFront, start, end, crowding, true);
      if (chosen + end - start <= count) {
        for (let i = start; i < end; i++) selected[chosen++] = sorter.byFront[i]!;
        continue;
      }
      // Split front: keep the least crowded. Sort by negated crowding (stable: lower index first on ties).
      const members = this.scratch;
      const frontSize = end - start;
      for (let i = 0; i < frontSize; i++) members[i] = sorter.byFront[start + i]!;
      sortIndexAscending(members, frontSize);
      for (let i = 0; i < frontSize; i++) this.negatedCrowding[members[i]!] = -crowding[members[i]!]!;
      sortByKey(members, frontSize, this.negatedCrowding, this.sortScratch);
      for (let i = 0; chosen < count; i++) selected[chosen++] = members[i]!;
    }

    if (infeasibleCount > 0) {
      const order = this.infeasible;
      sortIndexAscending(order, infeasibleCount);
      sortByKey(order, infeasibleCount, totalViolation, this.sortScratch);
      let level = fronts;
      for (let i = 0; i < infeasibleCount; i++) {
        const row = order[i]!;
        if (i > 0 && totalViolation[row]! > totalViolation[order[i - 1]!]!) level++;
        rank[row] = level;
        crowding[row] = 0;
        if (chosen < count) selected[chosen++] = row;
      }
    }
  }
}

/** Insertion sort of small index lists (fronts are short; keeps ties deterministic). */
function sortIndexAscending(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const v = values[i]!;
    let k = i - 1;
    while (k >= 0 && values[k]! > v) {
      values[k + 1] = values[k]!;
      k--;
    }
    values[k + 1] = v;
  }
}
