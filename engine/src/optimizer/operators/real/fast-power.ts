/**
 * Powers used by SBX and polynomial mutation, specialised because `Math.pow` with a fractional
 * exponent costs ~100 ns in V8 and dominated whole runs. Both are deterministic across platforms
 * (square roots are exact IEEE operations; exp/log are V8's own fdlibm ports).
 */

/** x^k for a non-negative integer k, by repeated squaring. */
export function integerPower(x: number, k: number): number {
  let result = 1;
  let base = x;
  let exponent = k;
  while (exponent > 0) {
    if (exponent & 1) result *= base;
    base *= base;
    exponent >>>= 1;
  }
  return result;
}

/**
 * A function computing x^(1/d) for x >= 0: nested square roots when d is a power of two
 * (d = 16 for the default SBX eta 15), exp(log(x)/d) otherwise.
 */
export function rootFunction(d: number): (x: number) => number {
  if (d === 1) return (x) => x;
  if (Number.isInteger(d) && d > 0 && (d & (d - 1)) === 0) {
    const times = Math.log2(d);
    return (x) => {
      let y = x;
      for (let i = 0; i < times; i++) y = Math.sqrt(y);
      return y;
    };
  }
  const inverse = 1 / d;
  return (x) => (x === 0 ? 0 : Math.exp(Math.log(x) * inverse));
}

/** A function computing x^k for x >= 0: repeated squaring for integer k, Math.pow otherwise. */
export function powerFunction(k: number): (x: number) => number {
  if (Number.isInteger(k) && k >= 0 && k <= 64) return (x) => integerPower(x, k);
  return (x) => Math.pow(x, k);
}
