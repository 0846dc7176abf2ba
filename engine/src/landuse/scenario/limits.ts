/**
 * Bounds of the optimiser settings, one definition for the scenario schema, the CLI options and
 * the runner (which also names where a value came from: a scenario line or a command-line flag).
 * The upper bounds keep a typo (`population: 1000000`) from becoming an allocation the machine
 * cannot make: the layouts alone take (2 x population + archive) x changeable cells bytes.
 */
export const OPTIMIZER_LIMITS = {
  population: { min: 4, max: 10_000 },
  generations: { min: 1, max: 1_000_000 },
  workers: { min: 1, max: 256 },
  checkpointEvery: { min: 1, max: 1_000_000 },
  archiveCapacity: { min: 1, max: 100_000 },
  /** The memetic step (optimizer.localSearch): its interval (0: never), moves per layout, final polish. */
  localSearchEvery: { min: 0, max: 1_000_000 },
  localSearchEvaluations: { min: 0, max: 10_000_000 },
  polishEvaluations: { min: 0, max: 100_000_000 },
} as const;

export type OptimizerLimit = keyof typeof OPTIMIZER_LIMITS;
