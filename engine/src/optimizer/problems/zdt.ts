/**
 * The ZDT bi-objective test problems (Zitzler, Deb and Thiele 2000) with their standard sizes:
 * ZDT1-3 with 30 variables in [0, 1], ZDT4 with 10 (x1 in [0, 1], the rest in [-5, 5]),
 * ZDT6 with 10 in [0, 1]. ZDT5 is binary-coded and left out.
 */
import { RealProblem } from './real-problem.js';

/** g = 1 + 9 * sum_{i >= 2} x_i / (n - 1). */
function zdtG(x: Float64Array, offset: number, n: number): number {
  let sum = 0;
  for (let i = 1; i < n; i++) sum += x[offset + i]!;
  return 1 + (9 * sum) / (n - 1);
}

/** Convex front f2 = 1 - sqrt(f1). */
export class Zdt1 extends RealProblem {
  constructor(numberOfVariables = 30) {
    super('ZDT1', numberOfVariables, 2);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const f1 = x[offset]!;
    const g = zdtG(x, offset, this.numberOfVariables);
    f[out] = f1;
    f[out + 1] = g * (1 - Math.sqrt(f1 / g));
  }
}

/** Concave front f2 = 1 - f1^2. */
export class Zdt2 extends RealProblem {
  constructor(numberOfVariables = 30) {
    super('ZDT2', numberOfVariables, 2);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const f1 = x[offset]!;
    const g = zdtG(x, offset, this.numberOfVariables);
    const ratio = f1 / g;
    f[out] = f1;
    f[out + 1] = g * (1 - ratio * ratio);
  }
}

/** Disconnected front of five pieces. */
export class Zdt3 extends RealProblem {
  constructor(numberOfVariables = 30) {
    super('ZDT3', numberOfVariables, 2);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const f1 = x[offset]!;
    const g = zdtG(x, offset, this.numberOfVariables);
    const ratio = f1 / g;
    f[out] = f1;
    f[out + 1] = g * (1 - Math.sqrt(ratio) - ratio * Math.sin(10 * Math.PI * f1));
  }
}

/** Multi-modal (21^9 local fronts), front f2 = 1 - sqrt(f1). */
export class Zdt4 extends RealProblem {
  constructor(numberOfVariables = 10) {
    const lower = new Float64Array(numberOfVariables).fill(-5);
    const upper = new Float64Array(numberOfVariables).fill(5);
    lower[0] = 0;
    upper[0] = 1;
    super('ZDT4', numberOfVariables, 2, lower, upper);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const n = this.numberOfVariables;
    const f1 = x[offset]!;
    let g = 1 + 10 * (n - 1);
    for (let i = 1; i < n; i++) {
      const xi = x[offset + i]!;
      g += xi * xi - 10 * Math.cos(4 * Math.PI * xi);
    }
    f[out] = f1;
    f[out + 1] = g * (1 - Math.sqrt(f1 / g));
  }
}

/** Non-uniform density along a concave front, f1 in [0.2808, 1]. */
export class Zdt6 extends RealProblem {
  constructor(numberOfVariables = 10) {
    super('ZDT6', numberOfVariables, 2);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const n = this.numberOfVariables;
    const x1 = x[offset]!;
    const f1 = 1 - Math.exp(-4 * x1) * Math.pow(Math.sin(6 * Math.PI * x1), 6);
    let sum = 0;
    for (let i = 1; i < n; i++) sum += x[offset + i]!;
    const g = 1 + 9 * Math.pow(sum / (n - 1), 0.25);
    const ratio = f1 / g;
    f[out] = f1;
    f[out + 1] = g * (1 - ratio * ratio);
  }
}
