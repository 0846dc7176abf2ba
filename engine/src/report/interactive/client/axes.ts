/** Linear scales and round tick values for the explorer's charts. */

export interface Scale {
  (value: number): number;
  invert(position: number): number;
}

/** Maps [d0, d1] onto [r0, r1]; a flat domain maps to the middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Scale;
  scale.invert = (position: number) => (r1 === r0 ? d0 : d0 + ((position - r0) / (r1 - r0)) * span);
  return scale;
}

/** A domain a little wider than [min, max], so points do not sit on the frame. */
export function padded(min: number, max: number, share = 0.04): [number, number] {
  const pad = (max - min) * share || Math.abs(max) * share || 1;
  return [min - pad, max + pad];
}

/** About `count` round values (1, 2 or 5 times a power of ten apart) inside [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const values: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return values;
}

/** Decimals for tick labels `step` apart. */
export function tickDecimals(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const step = Math.abs(values[1]! - values[0]!);
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}
