/**
 * Colours of the parties (when a parties file names none), of their consensus and conflict maps and
 * of the groups' characteristic-cell maps,
 * defined once for the GeoTIFF styles (runs/decision-maps.ts), the report and the app. Pure
 * TypeScript: the renderer and the interactive report load it in the browser.
 */

/** Cells without a class on these maps: parties disagree, or not characteristic of a group. */
export const NO_VALUE_COLOR = '#d9d9d9';

/**
 * Conflict colours: light yellow when one party disagrees with the most common choice, to dark
 * red when `max` parties do (`k` in 1..max).
 */
export function conflictColor(k: number, max: number): string {
  const t = max <= 1 ? 1 : (k - 1) / (max - 1);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const [r, g, b] = [mix(0xfe, 0x99), mix(0xd9, 0x00), mix(0x76, 0x0d)];
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
/** Cells where the layouts of several runs differ (the report's "Agreement across runs"). */
export const CONTESTED_COLOR = '#7a7a7a';

/**
 * Colour of a band of agreement (the share of layouts agreeing with the most common class,
 * `fromPercent` 0, 10, …, 90): the conflict ramp, light yellow when nearly all agree (90-99 %)
 * to dark red when few do.
 */
export function agreementBandColor(fromPercent: number): string {
  return conflictColor(10 - Math.min(9, Math.max(0, Math.floor(fromPercent / 10))), 10);
}

/** Colours of parties that name none, used in turn (distinct from the highlight colours). */
export const PARTY_COLORS = [
  '#4c72b0',
  '#dd8452',
  '#55a868',
  '#8172b3',
  '#937860',
  '#da8bc3',
  '#8c8c8c',
  '#ccb974',
] as const;

/** A party's colour: its own, else the `index`-th of PARTY_COLORS. */
export function partyColor(color: string | null, index: number): string {
  return color ?? PARTY_COLORS[index % PARTY_COLORS.length]!;
}
