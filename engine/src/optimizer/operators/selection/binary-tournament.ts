import type { Selection } from '../../core/operators.js';
import type { Population } from '../../core/population.js';
import type { Random } from '../../core/random.js';

/**
 * NSGA-II's binary tournament with constrained domination: the lower total violation wins when
 * either contestant is infeasible; between feasible ones the one that dominates the other wins,
 * then the larger crowding distance, then a coin flip. Contestants come from shuffled copies of
 * the population (pymoo's permutation scheme), so every member enters about the same number of
 * tournaments.
 *
 * Why dominance and not rank (Deb et al. 2002) by default: on a disconnected front a region
 * whose members lag behind (rank >= 1) loses every rank-based tournament against rank-0 members
 * of the other regions, even though neither dominates the other, and it can die out. With
 * population 100 and 250 generations, rank-based tournaments lost a region of DTLZ7 in 6 of 101
 * seeds and collapsed DTLZ4 in 5 of 101; by dominance, as pymoo's NSGA-II does, in none
 * (docs/optimizer.md, "Against pymoo").
 */
export interface BinaryTournamentOptions {
  /**
   * How two feasible contestants are compared before crowding: by Pareto `dominance` between the
   * two (the default, as pymoo) or by non-domination `rank` (Deb et al. 2002, as jMetal).
   */
  readonly comparison?: 'rank' | 'dominance';
}

export class BinaryTournament implements Selection {
  readonly name = 'binary-tournament';
  readonly comparison: 'rank' | 'dominance';
  private permutation = new Int32Array(0);
  private cursor = 0;

  constructor(options: BinaryTournamentOptions = {}) {
    this.comparison = options.comparison ?? 'dominance';
  }

  select(population: Population, count: number, out: Int32Array, random: Random): void {
    const size = population.size;
    if (this.permutation.length !== size) this.permutation = new Int32Array(size);
    this.cursor = size; // start each call with a fresh permutation (reproducible per generation)
    const byDominance = this.comparison === 'dominance';
    for (let k = 0; k < count; k++) {
      const a = this.draw(size, random);
      const b = this.draw(size, random);
      out[k] = this.compare(population, a, b, byDominance, random);
    }
  }

  private compare(population: Population, a: number, b: number, byDominance: boolean, random: Random): number {
    const { totalViolation, rank, crowding, objectives, numberOfObjectives: m } = population;
    const va = totalViolation[a]!;
    const vb = totalViolation[b]!;
    if (va > 0 || vb > 0) {
      if (va !== vb) return va < vb ? a : b;
    } else if (byDominance) {
      const winner = dominanceWinner(objectives, m, a, b);
      if (winner >= 0) return winner;
      if (crowding[a]! !== crowding[b]!) return crowding[a]! > crowding[b]! ? a : b;
    } else {
      if (rank[a]! !== rank[b]!) return rank[a]! < rank[b]! ? a : b;
      if (crowding[a]! !== crowding[b]!) return crowding[a]! > crowding[b]! ? a : b;
    }
    return random.nextDouble() < 0.5 ? a : b;
  }

  private draw(size: number, random: Random): number {
    if (this.cursor >= size) {
      const p = this.permutation;
      for (let i = 0; i < size; i++) p[i] = i;
      for (let i = size - 1; i > 0; i--) {
        const j = random.nextInt(i + 1);
        const t = p[i]!;
        p[i] = p[j]!;
        p[j] = t;
      }
      this.cursor = 0;
    }
    return this.permutation[this.cursor++]!;
  }
}

/** a or b when one dominates the other (minimisation), otherwise -1. */
function dominanceWinner(objectives: Float64Array, m: number, a: number, b: number): number {
  let aBetter = false;
  let bBetter = false;
  for (let j = 0; j < m; j++) {
    const x = objectives[a * m + j]!;
    const y = objectives[b * m + j]!;
    if (x < y) aBetter = true;
    else if (y < x) bBetter = true;
  }
  if (aBetter && !bBetter) return a;
  if (bBetter && !aBetter) return b;
  return -1;
}
