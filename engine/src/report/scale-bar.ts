/**
 * Scale bars for maps: pure arithmetic (no Node imports), shared by the report's map figures and
 * the interactive report's map in the browser.
 */

export interface ScaleBar {
  /** Length of the bar in metres: 1, 2 or 5 times a power of ten. */
  lengthM: number;
  /** Share of the map's width that the bar spans. */
  fractionOfWidth: number;
  /** Number of alternating segments (2, 4 or 5). */
  segments: number;
}

/**
 * A scale bar for a map `extentWidthM` metres wide: the round length nearest to (at most)
 * a quarter of the width.
 * @example scaleBar(3000) // { lengthM: 500, fractionOfWidth: 0.1667, segments: 5 }
 */
export function scaleBar(extentWidthM: number, targetFraction = 0.25): ScaleBar {
  const target = extentWidthM * targetFraction;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [5, 2, 1].find((m) => m * power <= target) ?? 1;
  const lengthM = step * power;
  return { lengthM, fractionOfWidth: lengthM / extentWidthM, segments: step === 2 ? 4 : step === 5 ? 5 : 4 };
}
