/**
 * A synthetic, grid-sized problem that does real per-cell work, for benchmarks and tests of the
 * parallel evaluator while being independent of scenario files. Each changeable cell of a
 * `width x height` grid gets one of `classes` classes (a `Uint8Array` genome, like the land-use
 * problem). Static layers (per-class suitability, a per-cell weight) are grid-sized typed arrays
 * shared with the workers.
 *
 * Objectives: total suitability (maximise) and neighbourhood disagreement (minimise): for every
 * cell, the weighted share of cells within `radius` (a square window) of another class, so the
 * work per evaluation is cells x (2 radius + 1)^2. Constraint: at least `1 / (2 classes)` of the
 * cells are class 0.
 */
import type { EvaluationBatch, Problem } from '../../optimizer/core/problem.js';
import { ParallelInputError } from '../errors.js';
import type { StaticArrays } from '../../io/typed-arrays.js';

export interface SyntheticGridOptions {
  readonly width: number;
  readonly height: number;
  /** Number of classes, 2..255. Default 4. */
  readonly classes?: number;
  /** Half-size of the neighbourhood window; the work per cell is (2 radius + 1)^2. Default 2. */
  readonly radius?: number;
  /** Seed of the static layers (not of the optimiser). Default 1. */
  readonly layerSeed?: number;
}

export interface SyntheticGridLayers extends StaticArrays {
  /** classes x cells, in [0, 1). */
  readonly suitability: Float32Array;
  /** cells, in [0.5, 1.5). */
  readonly weight: Float32Array;
}

function checkOptions(options: SyntheticGridOptions): Required<SyntheticGridOptions> {
  const resolved = { classes: 4, radius: 2, layerSeed: 1, ...options };
  const positiveInteger = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new ParallelInputError(`synthetic-grid: "${name}" must be an integer in 1..${max}, got ${value}`);
    }
  };
  positiveInteger('width', resolved.width, 10_000);
  positiveInteger('height', resolved.height, 10_000);
  positiveInteger('classes', resolved.classes, 255);
  positiveInteger('radius', resolved.radius + 1, 100);
  return resolved;
}

/** A 32-bit integer hash (lowbias32), so the layers depend only on the seed. */
function hash(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The static layers of a synthetic grid, deterministic in `layerSeed`. */
export function createSyntheticGridLayers(options: SyntheticGridOptions): SyntheticGridLayers {
  const { width, height, classes, layerSeed } = checkOptions(options);
  const cells = width * height;
  const suitability = new Float32Array(classes * cells);
  const weight = new Float32Array(cells);
  for (let k = 0; k < classes; k++) {
    // Smooth class-specific waves plus a little hashed noise.
    const fx = 0.7 + 0.3 * k;
    const fy = 1.3 - 0.2 * k;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const c = y * width + x;
        const wave = 0.5 + 0.4 * Math.sin(((fx * x) / width) * 6.283 + k) * Math.cos(((fy * y) / height) * 6.283);
        const noise = hash(layerSeed * 7919 + k * 104729 + c) / 4294967296;
        suitability[k * cells + c] = 0.9 * wave + 0.1 * noise;
      }
    }
  }
  for (let c = 0; c < cells; c++) weight[c] = 0.5 + hash(layerSeed * 31 + c) / 4294967296;
  return { suitability, weight };
}

/** Build the problem over layers from {@link createSyntheticGridLayers} (or their shared views). */
export function createSyntheticGridProblem(options: SyntheticGridOptions, layers: StaticArrays): Problem<Uint8Array> {
  const { width, height, classes, radius } = checkOptions(options);
  const cells = width * height;
  const suitability = layers.suitability;
  const weight = layers.weight;
  if (!(suitability instanceof Float32Array) || suitability.length !== classes * cells) {
    throw new ParallelInputError(
      `synthetic-grid: layer "suitability" must be a Float32Array of ${classes} x ${cells} values`,
    );
  }
  if (!(weight instanceof Float32Array) || weight.length !== cells) {
    throw new ParallelInputError(`synthetic-grid: layer "weight" must be a Float32Array of ${cells} values`);
  }
  const minimumClass0 = Math.ceil(cells / (2 * classes));
  return {
    name: `synthetic-grid-${width}x${height}`,
    numberOfVariables: cells,
    numberOfObjectives: 2,
    numberOfConstraints: 1,
    variables: { kind: 'categorical', cardinality: classes },
    directions: ['maximize', 'minimize'],
    objectiveNames: ['suitability', 'disagreement'],
    createVariables: (rows) => new Uint8Array(rows * cells),
    evaluate(batch: EvaluationBatch<Uint8Array>): void {
      for (let i = 0; i < batch.size; i++) {
        const genome = batch.variables.subarray(i * cells, (i + 1) * cells);
        let total = 0;
        let disagreement = 0;
        let class0 = 0;
        for (let y = 0; y < height; y++) {
          const y0 = Math.max(0, y - radius);
          const y1 = Math.min(height - 1, y + radius);
          for (let x = 0; x < width; x++) {
            const c = y * width + x;
            const k = genome[c]!;
            total += suitability[k * cells + c]!;
            if (k === 0) class0++;
            const x0 = Math.max(0, x - radius);
            const x1 = Math.min(width - 1, x + radius);
            let different = 0;
            for (let yy = y0; yy <= y1; yy++) {
              const row = yy * width;
              for (let xx = x0; xx <= x1; xx++) if (genome[row + xx] !== k) different++;
            }
            disagreement += (weight[c]! * different) / ((y1 - y0 + 1) * (x1 - x0 + 1));
          }
        }
        batch.objectives[i * 2] = total;
        batch.objectives[i * 2 + 1] = disagreement;
        batch.violations[i] = class0 >= minimumClass0 ? 0 : (minimumClass0 - class0) / cells;
      }
    },
  };
}
