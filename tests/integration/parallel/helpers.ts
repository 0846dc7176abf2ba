import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EvaluationBatch, Problem, VariableArray } from '../../../engine/src/optimizer/core/problem.js';
import type { FaultyProblemOptions } from './fixtures/faulty-problem.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The `module` spec of the test-only faulty problem. */
export function faultySpec(options: FaultyProblemOptions) {
  const module = pathToFileURL(path.join(repoRoot, 'tests/integration/parallel/fixtures/faulty-problem.ts')).href;
  return { kind: 'module', module, options } as const;
}

/** A batch of `rows` rows of `problem` with fresh result arrays. */
export function makeBatch<V extends VariableArray>(
  problem: Problem<V>,
  rows: number,
  fill: (variables: V) => void,
): EvaluationBatch<V> {
  const variables = problem.createVariables(rows);
  fill(variables);
  return {
    size: rows,
    variables,
    objectives: new Float64Array(rows * problem.numberOfObjectives),
    violations: new Float64Array(rows * problem.numberOfConstraints),
  };
}

/** Byte-for-byte equality of two typed arrays (distinguishes -0/+0 and NaN payloads). */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
