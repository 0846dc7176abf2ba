/**
 * Class rasters as PNG images: nearest-neighbour scaling keeps cell edges sharp, cells outside
 * the study area are transparent. Also the scale bar arithmetic.
 */
import { PNG } from 'pngjs';
import { NO_CLASS } from '../rules/index.js';
import { agreementBandColor, conflictColor, CONTESTED_COLOR, NO_VALUE_COLOR } from '../charts/decision-colors.js';
import { UNCHANGED_COLOR } from '../charts/map-colors.js';

export interface MapImageOptions {
  /** Largest side of the image in pixels (default 1600). Larger grids are sampled down. */
  maxSizePx?: number;
}

export interface MapImage {
  png: Buffer;
  widthPx: number;
  heightPx: number;
  /** Pixels per grid cell (below 1 when the grid was sampled down). */
  pixelsPerCell: number;
}

export { UNCHANGED_COLOR };

/** `#rrggbb` to an [r, g, b] triple. */
export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/**
 * Image size for a grid: an integer number of pixels per cell, as large as fits `maxSizePx`
 * (so a 60 x 60 grid gets 26 px cells), or sampled down when the grid is larger than that.
 */
export function mapImageSize(
  gridWidth: number,
  gridHeight: number,
  maxSizePx = 1600,
): { widthPx: number; heightPx: number; pixelsPerCell: number } {
  const largest = Math.max(gridWidth, gridHeight);
  const pixelsPerCell = largest <= maxSizePx ? Math.floor(maxSizePx / largest) : maxSizePx / largest;
  return {
    widthPx: Math.max(1, Math.round(gridWidth * pixelsPerCell)),
    heightPx: Math.max(1, Math.round(gridHeight * pixelsPerCell)),
    pixelsPerCell,
  };
}

/**
 * Paints a grid with one RGBA colour per cell chosen by `colorOf(cellIndex)` (null = transparent),
 * scaled by nearest neighbour, and encodes it as PNG.
 */
function paintGrid(
  gridWidth: number,
  gridHeight: number,
  colorOf: (cell: number) => readonly [number, number, number] | null,
  options: MapImageOptions,
): MapImage {
  const { widthPx, heightPx, pixelsPerCell } = mapImageSize(gridWidth, gridHeight, options.maxSizePx);
  const png = new PNG({ width: widthPx, height: heightPx, colorType: 6 });
  const sourceColumn = new Int32Array(widthPx);
  for (let x = 0; x < widthPx; x++) sourceColumn[x] = Math.min(gridWidth - 1, Math.floor((x * gridWidth) / widthPx));
  // One row of pixels is painted per grid row and copied down while the source row is the same.
  const rowBytes = widthPx * 4;
  let previousSourceRow = -1;
  for (let y = 0; y < heightPx; y++) {
    const sourceRow = Math.min(gridHeight - 1, Math.floor((y * gridHeight) / heightPx));
    const rowStart = y * rowBytes;
    if (sourceRow === previousSourceRow) {
      png.data.copyWithin(rowStart, rowStart - rowBytes, rowStart);
      continue;
    }
    previousSourceRow = sourceRow;
    for (let x = 0; x < widthPx; x++) {
      const color = colorOf(sourceRow * gridWidth + sourceColumn[x]!);
      const offset = rowStart + x * 4;
      if (color) {
        png.data[offset] = color[0];
        png.data[offset + 1] = color[1];
        png.data[offset + 2] = color[2];
        png.data[offset + 3] = 255;
      } else {
        png.data[offset + 3] = 0;
      }
    }
  }
  // The "Up" filter turns the repeated rows of an upscaled map into zeros that run-length deflate
  // packs tightly: about 10x faster than adaptive filtering, for a file a few times larger.
  const encoded = PNG.sync.write(png, { deflateLevel: 9, filterType: 2, deflateStrategy: 3 });
  return { png: encoded, widthPx, heightPx, pixelsPerCell };
}

/**
 * A land-use map: each cell in its class colour, cells outside the study area (255) transparent.
 * @param layout class index per cell, row-major
 * @param classColors `#rrggbb` per class index
 */
export function renderClassMap(
  layout: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  classColors: readonly string[],
  options: MapImageOptions = {},
): MapImage {
  const rgb = classColors.map(hexToRgb);
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => (layout[cell] === NO_CLASS ? null : (rgb[layout[cell]!] ?? null)),
    options,
  );
}

/**
 * A change map: unchanged cells light grey, changed cells in the colour of their new class.
 */
export function renderChangeMap(
  current: Uint8Array,
  layout: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  classColors: readonly string[],
  options: MapImageOptions = {},
): MapImage {
  return paintGrid(gridWidth, gridHeight, changeColorOf(current, layout, classColors), options);
}

/** A cell's colour on a change map: transparent outside, UNCHANGED_COLOR where `layout` keeps today's class, else its class's colour. */
function changeColorOf(
  current: Uint8Array,
  layout: Uint8Array,
  classColors: readonly string[],
): (cell: number) => readonly [number, number, number] | null {
  const rgb = classColors.map(hexToRgb);
  const unchanged = hexToRgb(UNCHANGED_COLOR);
  return (cell) => {
    const now = layout[cell]!;
    if (now === NO_CLASS || current[cell] === NO_CLASS) return null;
    return now === current[cell] ? unchanged : (rgb[now] ?? null);
  };
}

/**
 * Where the parties' preferred layouts agree: each agreed cell in its class colour, cells where
 * they disagree in NO_VALUE_COLOR (ReportParties.agreement).
 */
export function renderConsensusMap(
  disagreeing: Uint8Array,
  mode: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  classColors: readonly string[],
  options: MapImageOptions = {},
): MapImage {
  const rgb = classColors.map(hexToRgb);
  const none = hexToRgb(NO_VALUE_COLOR);
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => {
      const k = disagreeing[cell]!;
      if (k === NO_CLASS) return null;
      return k === 0 ? (rgb[mode[cell]!] ?? null) : none;
    },
    options,
  );
}

/** Where they clash: cells coloured by how many of the `parties` disagree (conflictColor), agreed cells grey. */
export function renderConflictMap(
  disagreeing: Uint8Array,
  parties: number,
  gridWidth: number,
  gridHeight: number,
  options: MapImageOptions = {},
): MapImage {
  const ramp = [
    NO_VALUE_COLOR,
    ...Array.from({ length: Math.max(0, parties - 1) }, (_, k) => conflictColor(k + 1, parties - 1)),
  ].map(hexToRgb);
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => (disagreeing[cell] === NO_CLASS ? null : (ramp[disagreeing[cell]!] ?? null)),
    options,
  );
}

/**
 * A group's characteristic cells in the class the group gives them; the rest of the study area
 * (`current` not NO_CLASS) in NO_VALUE_COLOR.
 */
export function renderCellsMap(
  current: Uint8Array,
  cells: Int32Array,
  classes: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  classColors: readonly string[],
  options: MapImageOptions = {},
): MapImage {
  const rgb = classColors.map(hexToRgb);
  const none = hexToRgb(NO_VALUE_COLOR);
  const classOf = new Map<number, number>();
  cells.forEach((cell, k) => classOf.set(cell, classes[k]!));
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => {
      if (current[cell] === NO_CLASS) return null;
      const c = classOf.get(cell);
      return c === undefined ? none : (rgb[c] ?? null);
    },
    options,
  );
}

/**
 * What the layouts of several runs agree on (ReportRunAgreement): cells every layout changes to
 * the same class in that class's colour, cells every layout keeps (or no run may change) in
 * UNCHANGED_COLOR, cells where they differ in CONTESTED_COLOR.
 * @param agreePercent share agreeing per cell (0-100; 254 not changeable; 255 outside)
 */
export function renderAgreedChangeMap(
  current: Uint8Array,
  mode: Uint8Array,
  agreePercent: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  classColors: readonly string[],
  options: MapImageOptions = {},
): MapImage {
  const change = changeColorOf(current, mode, classColors);
  const contested = hexToRgb(CONTESTED_COLOR);
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => {
      const share = agreePercent[cell]!;
      if (share === NO_CLASS) return null;
      return share < 100 ? contested : change(cell);
    },
    options,
  );
}

/**
 * How far the layouts of several runs agree where they differ: each contested cell in the colour
 * of its band of agreement (agreementBandColor), the other cells inside in UNCHANGED_COLOR.
 */
export function renderAgreementShareMap(
  agreePercent: Uint8Array,
  gridWidth: number,
  gridHeight: number,
  options: MapImageOptions = {},
): MapImage {
  const bands = Array.from({ length: 10 }, (_, b) => hexToRgb(agreementBandColor(b * 10)));
  const agreed = hexToRgb(UNCHANGED_COLOR);
  return paintGrid(
    gridWidth,
    gridHeight,
    (cell) => {
      const share = agreePercent[cell]!;
      if (share === NO_CLASS) return null;
      return share < 100 ? bands[Math.min(9, Math.floor(share / 10))]! : agreed;
    },
    options,
  );
}

/** A PNG as a `data:` URI for an `<img src>`. */
export function pngDataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

export { scaleBar, type ScaleBar } from './scale-bar.js';
