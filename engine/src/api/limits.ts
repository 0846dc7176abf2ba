/** The bounds of optimiser settings, without loading the engine (the CLI checks its flags with them). */
export { OPTIMIZER_LIMITS, type OptimizerLimit } from '../landuse/scenario/limits.js';
