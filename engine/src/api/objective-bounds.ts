/**
 * How a steered run's objective bounds (`--min`/`--max`, the Steer card's ranges; manifest
 * `steering.objectiveBounds`, landuse/model/objective-bounds.ts) read in messages. No runtime
 * imports: the CLI loads it at start-up.
 */

/** An objective's range as a manifest records it (null: that side open). */
export interface RecordedObjectiveBound {
  readonly objective: string;
  readonly min: number | null;
  readonly max: number | null;
}

/** Objective bounds as text, e.g. `economic >= 110, ecological in [6,800, 7,200]`. */
export function describeObjectiveBounds(bounds: readonly RecordedObjectiveBound[] | undefined): string {
  const number = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 6 });
  return (bounds ?? [])
    .map((b) =>
      b.min !== null && b.max !== null
        ? `${b.objective} in [${number(b.min)}, ${number(b.max)}]`
        : b.min !== null
          ? `${b.objective} >= ${number(b.min)}`
          : `${b.objective} <= ${number(b.max!)}`,
    )
    .join(', ');
}

/** What a complete run with an empty front says (the CLI's summary, the app's run-finished message). */
export function noFeasibleLayoutMessage(bounds: readonly RecordedObjectiveBound[] | undefined): string {
  return bounds && bounds.length > 0
    ? `No feasible layout: no layout met every demand and rule within the objective bounds (${describeObjectiveBounds(bounds)}). ` +
        "Widen the bounds (toward the parent run's front) and run again."
    : 'No feasible layout: no layout met every demand and rule. Relax the demands or rules, or run more generations.';
}
