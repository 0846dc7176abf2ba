/**
 * Painting grids into RGBA pixels for the map canvas: pure functions over typed arrays, one pass
 * per layer and no allocation, so a 1,000 x 1,000 layout paints in a few milliseconds
 * (bench/desktop.bench.ts measures it). Pixels are written as 32-bit words into a Uint32Array
 * view of an ImageData buffer; `packColor` handles the platform's byte order.
 */

import { NO_CLASS } from '../../../../../engine/src/rules/index.js';

const littleEndian = new Uint8Array(new Uint32Array([0x11223344]).buffer)[0] === 0x44;

/** An RGBA colour as the 32-bit word whose bytes in memory are r, g, b, a. */
export function packColor(r: number, g: number, b: number, a = 255): number {
  return littleEndian ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

/** `#rrggbb` or `#rgb` to [r, g, b]; an unreadable colour is mid grey. */
export function parseHexColor(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return [128, 128, 128];
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** The colour drawn outside the study area (transparent: the page background shows). */
export const TRANSPARENT = 0;

/**
 * A 256-entry palette for class maps: entry c is the colour of class c, entry 255 transparent.
 * @param fade 0 keeps the colours, 1 turns them white (used to grey out unchanged cells)
 */
export function classPalette(colors: readonly string[], fade = 0): Uint32Array {
  const palette = new Uint32Array(256);
  colors.forEach((hex, c) => {
    const [r, g, b] = parseHexColor(hex);
    const mix = (v: number) => Math.round(v + (255 - v) * fade);
    palette[c] = packColor(mix(r), mix(g), mix(b));
  });
  palette[NO_CLASS] = TRANSPARENT;
  return palette;
}

/** Class map -> pixels through a palette. `out` has one word per cell. */
export function paintClasses(classes: Uint8Array, palette: Uint32Array, out: Uint32Array): void {
  const n = classes.length;
  for (let i = 0; i < n; i++) out[i] = palette[classes[i]!]!;
}

/**
 * Change from a reference map: cells with the reference's class drawn from `unchangedPalette`
 * (the app passes the report's grey for every class), changed cells in their new class's colour.
 */
export function paintChange(
  reference: Uint8Array,
  layout: Uint8Array,
  palette: Uint32Array,
  unchangedPalette: Uint32Array,
  out: Uint32Array,
): void {
  const n = layout.length;
  for (let i = 0; i < n; i++) {
    const c = layout[i]!;
    out[i] = c === reference[i] ? unchangedPalette[c]! : palette[c]!;
  }
}

/**
 * A 0–255 value per cell through a colour ramp, with `classes` giving the study-area outline
 * (cells of class 255 stay transparent).
 */
export function paintRamp(values: Uint8Array, classes: Uint8Array, ramp: Uint32Array, out: Uint32Array): void {
  const n = values.length;
  for (let i = 0; i < n; i++) out[i] = classes[i] === NO_CLASS ? TRANSPARENT : ramp[values[i]!]!;
}

/**
 * Blend a 0/1 mask over the pixels in one colour at `alpha` (0–1). Cells outside the painted
 * study area stay as they are.
 */
export function paintMask(mask: Uint8Array, color: string, alpha: number, out: Uint32Array): void {
  const [r, g, b] = parseHexColor(color);
  const bytes = new Uint8ClampedArray(out.buffer, out.byteOffset, out.byteLength); // clamped arrays round
  const keep = 1 - alpha;
  const n = mask.length;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    const p = i * 4;
    if (bytes[p + 3] === 0) {
      bytes[p] = r;
      bytes[p + 1] = g;
      bytes[p + 2] = b;
      bytes[p + 3] = Math.round(alpha * 255);
      continue;
    }
    bytes[p] = bytes[p]! * keep + r * alpha;
    bytes[p + 1] = bytes[p + 1]! * keep + g * alpha;
    bytes[p + 2] = bytes[p + 2]! * keep + b * alpha;
  }
}

/** A 256-step ramp through the given colour stops (evenly spaced). */
export function colorRamp(stops: readonly string[]): Uint32Array {
  const rgb = stops.map(parseHexColor);
  const ramp = new Uint32Array(256);
  for (let v = 0; v < 256; v++) {
    const t = (v / 255) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - k;
    const a = rgb[k]!;
    const b = rgb[k + 1]!;
    ramp[v] = packColor(
      Math.round(a[0] + (b[0] - a[0]) * f),
      Math.round(a[1] + (b[1] - a[1]) * f),
      Math.round(a[2] + (b[2] - a[2]) * f),
    );
  }
  return ramp;
}

/** Agreement: low (few layouts agree) pale to high (all agree) deep blue-green. */
export const AGREEMENT_RAMP_STOPS = ['#f4f1e8', '#c9dfc4', '#7fb7a6', '#2f7f86', '#17476b'] as const;
/** Contributions: losses red, zero pale, gains blue. */
export const DIVERGING_RAMP_STOPS = ['#b2182b', '#ef8a62', '#f7f4ef', '#67a9cf', '#2166ac'] as const;

/**
 * Scale float values (NaN outside) to 0–255 for a diverging ramp centred on zero: -|max| maps to
 * 0, 0 to 128, +|max| to 255.
 */
export function scaleDiverging(values: Float32Array, out: Uint8Array): number {
  let extent = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (v > extent) extent = v; // NaN comparisons are false: skipped
  }
  const k = extent > 0 ? 127.5 / extent : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? 128 : Math.max(0, Math.min(255, Math.round(127.5 + v * k)));
  }
  return extent;
}

/** Difference between two layouts: changed cells in layout b's class colour, the rest faint. */
export function paintDifference(
  changed: Uint8Array,
  layoutB: Uint8Array,
  palette: Uint32Array,
  unchangedColor: number,
  out: Uint32Array,
): void {
  const n = changed.length;
  for (let i = 0; i < n; i++) {
    const d = changed[i]!;
    out[i] = d === NO_CLASS ? TRANSPARENT : d === 1 ? palette[layoutB[i]!]! : unchangedColor;
  }
}

/**
 * The edge of a 0/1 mask in one opaque colour: mask cells with a 4-neighbour outside the mask (or
 * on the grid's edge). Outlines keep an area readable over any class colour beneath.
 */
export function paintMaskOutline(mask: Uint8Array, width: number, color: string, out: Uint32Array): void {
  const [r, g, b] = parseHexColor(color);
  const word = packColor(r, g, b);
  const height = mask.length / width;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const row = Math.floor(i / width);
    const col = i - row * width;
    const edge =
      col === 0 ||
      col === width - 1 ||
      row === 0 ||
      row === height - 1 ||
      mask[i - 1] === 0 ||
      mask[i + 1] === 0 ||
      mask[i - width] === 0 ||
      mask[i + width] === 0;
    if (edge) out[i] = word;
  }
}

/** Most frequent class, faded towards white where few layouts agree. */
export function paintAgreement(
  mode: Uint8Array,
  frequency: Uint8Array,
  colors: readonly string[],
  out: Uint32Array,
): void {
  // 8 fade levels per class: cheap lookup instead of blending per cell.
  const levels = Array.from({ length: 8 }, (_, k) => classPalette(colors, 0.85 * (1 - k / 7)));
  for (let i = 0; i < mode.length; i++) out[i] = levels[frequency[i]! >> 5]![mode[i]!]!;
}
