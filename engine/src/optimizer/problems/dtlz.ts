/**
 * The DTLZ scalable test problems (Deb, Thiele, Laumanns and Zitzler 2002), by default with
 * 3 objectives and the standard k (n = M + k - 1): k = 5 for DTLZ1, 10 for DTLZ2-6, 20 for DTLZ7.
 */
import { OptimizerInputError } from '../errors.js';
import { RealProblem } from './real-problem.js';

abstract class DtlzProblem extends RealProblem {
  constructor(name: string, numberOfObjectives: number, k: number) {
    if (!Number.isInteger(numberOfObjectives) || numberOfObjectives < 2) {
      throw new OptimizerInputError(`${name} needs at least 2 objectives, got ${numberOfObjectives}`);
    }
    if (!Number.isInteger(k) || k < 1)
      throw new OptimizerInputError(`${name} needs k >= 1 distance variables, got ${k}`);
    super(name, numberOfObjectives + k - 1, numberOfObjectives);
  }

  /** First distance variable (the first M - 1 variables are positions). */
  protected get distanceStart(): number {
    return this.numberOfObjectives - 1;
  }

  /** Rastrigin-like g of DTLZ1 and DTLZ3. */
  protected multimodalG(x: Float64Array, offset: number): number {
    const n = this.numberOfVariables;
    let sum = 0;
    for (let i = this.distanceStart; i < n; i++) {
      const d = x[offset + i]! - 0.5;
      sum += d * d - Math.cos(20 * Math.PI * d);
    }
    return 100 * (n - this.distanceStart + sum);
  }

  /** Sphere g of DTLZ2, DTLZ4 and DTLZ5. */
  protected sphereG(x: Float64Array, offset: number): number {
    let sum = 0;
    for (let i = this.distanceStart; i < this.numberOfVariables; i++) {
      const d = x[offset + i]! - 0.5;
      sum += d * d;
    }
    return sum;
  }

  /** f_j = (1 + g) * prod cos(theta) * sin(theta) over the M - 1 angles (theta_i in [0, pi/2] scaled). */
  protected spherical(theta: Float64Array, g: number, f: Float64Array, out: number): void {
    const m = this.numberOfObjectives;
    for (let j = 0; j < m; j++) {
      let value = 1 + g;
      for (let i = 0; i < m - 1 - j; i++) value *= Math.cos(theta[i]! * 0.5 * Math.PI);
      if (j > 0) value *= Math.sin(theta[m - 1 - j]! * 0.5 * Math.PI);
      f[out + j] = value;
    }
  }
}

/** Linear front sum f = 0.5, many local fronts. */
export class Dtlz1 extends DtlzProblem {
  constructor(numberOfObjectives = 3, k = 5) {
    super('DTLZ1', numberOfObjectives, k);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const m = this.numberOfObjectives;
    const g = this.multimodalG(x, offset);
    for (let j = 0; j < m; j++) {
      let value = 0.5 * (1 + g);
      for (let i = 0; i < m - 1 - j; i++) value *= x[offset + i]!;
      if (j > 0) value *= 1 - x[offset + m - 1 - j]!;
      f[out + j] = value;
    }
  }
}

/** Spherical front sum f^2 = 1. */
export class Dtlz2 extends DtlzProblem {
  private readonly theta: Float64Array;
  constructor(numberOfObjectives = 3, k = 10) {
    super('DTLZ2', numberOfObjectives, k);
    this.theta = new Float64Array(numberOfObjectives);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    for (let i = 0; i < this.numberOfObjectives - 1; i++) this.theta[i] = x[offset + i]!;
    this.spherical(this.theta, this.sphereG(x, offset), f, out);
  }
}

/** DTLZ2's sphere with DTLZ1's multi-modal g. */
export class Dtlz3 extends DtlzProblem {
  private readonly theta: Float64Array;
  constructor(numberOfObjectives = 3, k = 10) {
    super('DTLZ3', numberOfObjectives, k);
    this.theta = new Float64Array(numberOfObjectives);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    for (let i = 0; i < this.numberOfObjectives - 1; i++) this.theta[i] = x[offset + i]!;
    this.spherical(this.theta, this.multimodalG(x, offset), f, out);
  }
}

/** DTLZ2 with biased density: angles x_i^alpha (alpha = 100). */
export class Dtlz4 extends DtlzProblem {
  private readonly theta: Float64Array;
  constructor(
    numberOfObjectives = 3,
    k = 10,
    readonly alpha = 100,
  ) {
    super('DTLZ4', numberOfObjectives, k);
    this.theta = new Float64Array(numberOfObjectives);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    for (let i = 0; i < this.numberOfObjectives - 1; i++) this.theta[i] = Math.pow(x[offset + i]!, this.alpha);
    this.spherical(this.theta, this.sphereG(x, offset), f, out);
  }
}

/** Shared by DTLZ5 and DTLZ6: angles after the first are pulled towards pi/4 as g shrinks. */
abstract class DegenerateDtlz extends DtlzProblem {
  private readonly theta: Float64Array;
  constructor(name: string, numberOfObjectives: number, k: number) {
    super(name, numberOfObjectives, k);
    this.theta = new Float64Array(numberOfObjectives);
  }
  protected abstract gOf(x: Float64Array, offset: number): number;
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const g = this.gOf(x, offset);
    this.theta[0] = x[offset]!;
    for (let i = 1; i < this.numberOfObjectives - 1; i++) this.theta[i] = (1 + 2 * g * x[offset + i]!) / (2 * (1 + g));
    this.spherical(this.theta, g, f, out);
  }
}

/** Degenerate curve on the sphere (f1 = f2 for M = 3), sphere g. */
export class Dtlz5 extends DegenerateDtlz {
  constructor(numberOfObjectives = 3, k = 10) {
    super('DTLZ5', numberOfObjectives, k);
  }
  protected gOf(x: Float64Array, offset: number): number {
    return this.sphereG(x, offset);
  }
}

/** DTLZ5's curve with the harder g = sum x^0.1. */
export class Dtlz6 extends DegenerateDtlz {
  constructor(numberOfObjectives = 3, k = 10) {
    super('DTLZ6', numberOfObjectives, k);
  }
  protected gOf(x: Float64Array, offset: number): number {
    let sum = 0;
    for (let i = this.distanceStart; i < this.numberOfVariables; i++) sum += Math.pow(x[offset + i]!, 0.1);
    return sum;
  }
}

/** Disconnected front of 2^(M-1) pieces; f_M lies in [2.61, 6] for M = 3. */
export class Dtlz7 extends DtlzProblem {
  constructor(numberOfObjectives = 3, k = 20) {
    super('DTLZ7', numberOfObjectives, k);
  }
  protected evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void {
    const m = this.numberOfObjectives;
    const n = this.numberOfVariables;
    let sum = 0;
    for (let i = m - 1; i < n; i++) sum += x[offset + i]!;
    const g = 1 + (9 * sum) / (n - m + 1);
    let h = m;
    for (let j = 0; j < m - 1; j++) {
      const fj = x[offset + j]!;
      f[out + j] = fj;
      h -= (fj / (1 + g)) * (1 + Math.sin(3 * Math.PI * fj));
    }
    f[out + m - 1] = (1 + g) * h;
  }
}
