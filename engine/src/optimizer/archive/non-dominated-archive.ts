/**
 * A bounded external archive of every non-dominated solution found during a run (planners want
 * every good layout, not only the last population). Objectives are kept in minimisation form.
 * When full, the most crowded member is dropped (crowding distance over the archive), so the
 * archive keeps a well-spread front.
 */
import type { VariableArray } from '../core/problem.js';
import { OptimizerInputError } from '../errors.js';
import { CrowdingDistance } from '../ranking/crowding-distance.js';

/** Plain snapshot of an archive (typed arrays are copies). */
export interface ArchiveState<V extends VariableArray = VariableArray> {
  readonly size: number;
  readonly variables: V;
  readonly objectives: Float64Array;
}

export class NonDominatedArchive<V extends VariableArray = VariableArray> {
  size = 0;
  /** (capacity + 1) x n: one spare row for the candidate being inserted. */
  readonly variables: V;
  readonly objectives: Float64Array;
  private readonly crowding: Float64Array;
  private readonly rowIds: Int32Array;
  private readonly crowdingDistance = new CrowdingDistance();

  /**
   * @param capacity maximum number of members (>= 1).
   * @param createVariables allocates a rows x numberOfVariables matrix (usually `problem.createVariables`).
   */
  constructor(
    readonly capacity: number,
    readonly numberOfVariables: number,
    readonly numberOfObjectives: number,
    createVariables: (rows: number) => V,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new OptimizerInputError(`the archive capacity must be an integer >= 1, got ${capacity}`);
    }
    this.variables = createVariables(capacity + 1);
    this.objectives = new Float64Array((capacity + 1) * numberOfObjectives);
    this.crowding = new Float64Array(capacity + 1);
    this.rowIds = new Int32Array(capacity + 1);
  }

  /**
   * Offer a feasible solution (objectives in minimisation form). Returns true when it entered the
   * archive. Rejected when an archive member dominates it or has the very same objectives.
   */
  add(variables: ArrayLike<number>, objectives: Float64Array, objectivesOffset = 0): boolean {
    const m = this.numberOfObjectives;
    const archive = this.objectives;
    let i = 0;
    while (i < this.size) {
      let memberBetter = false;
      let candidateBetter = false;
      for (let j = 0; j < m; j++) {
        const a = archive[i * m + j]!;
        const b = objectives[objectivesOffset + j]!;
        if (a < b) memberBetter = true;
        else if (b < a) candidateBetter = true;
      }
      if (!candidateBetter) return false; // dominated by, or equal to, member i
      if (!memberBetter) {
        this.moveRow(this.size - 1, i); // candidate dominates member i: drop it
        this.size--;
        continue;
      }
      i++;
    }
    const row = this.size++;
    (this.variables as VariableArray).set(variables, row * this.numberOfVariables);
    for (let j = 0; j < m; j++) archive[row * m + j] = objectives[objectivesOffset + j]!;
    if (this.size > this.capacity) this.dropMostCrowded();
    return true;
  }

  private dropMostCrowded(): void {
    for (let i = 0; i < this.size; i++) this.rowIds[i] = i;
    this.crowdingDistance.compute(this.objectives, this.numberOfObjectives, this.rowIds, 0, this.size, this.crowding);
    let worst = 0;
    for (let i = 1; i < this.size; i++) if (this.crowding[i]! < this.crowding[worst]!) worst = i;
    this.moveRow(this.size - 1, worst);
    this.size--;
  }

  private moveRow(from: number, to: number): void {
    if (from === to) return;
    const n = this.numberOfVariables;
    const m = this.numberOfObjectives;
    this.variables.copyWithin(to * n, from * n, (from + 1) * n);
    this.objectives.copyWithin(to * m, from * m, (from + 1) * m);
  }

  getState(): ArchiveState<V> {
    return {
      size: this.size,
      variables: this.variables.slice(0, this.size * this.numberOfVariables) as V,
      objectives: this.objectives.slice(0, this.size * this.numberOfObjectives),
    };
  }

  setState(state: ArchiveState<V>): void {
    if (state.size > this.capacity) {
      throw new OptimizerInputError(
        `the checkpoint's archive holds ${state.size} solutions, more than the capacity ${this.capacity}`,
      );
    }
    if (
      state.variables.length !== state.size * this.numberOfVariables ||
      state.objectives.length !== state.size * this.numberOfObjectives
    ) {
      throw new OptimizerInputError('the checkpoint archive matrices do not match the problem sizes');
    }
    (this.variables as VariableArray).set(state.variables, 0);
    this.objectives.set(state.objectives, 0);
    this.size = state.size;
  }
}
