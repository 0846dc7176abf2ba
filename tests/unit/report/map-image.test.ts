import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  UNCHANGED_COLOR,
  hexToRgb,
  mapImageSize,
  pngDataUri,
  renderChangeMap,
  renderClassMap,
  scaleBar,
} from '../../../engine/src/report/map-image.js';

function pixel(png: PNG, x: number, y: number): number[] {
  const offset = (y * png.width + x) * 4;
  return [...png.data.subarray(offset, offset + 4)];
}

describe('map images', () => {
  it('upscales with whole pixels per cell up to the size limit, and samples large grids down', () => {
    expect(mapImageSize(60, 60, 1600)).toEqual({ widthPx: 1560, heightPx: 1560, pixelsPerCell: 26 });
    expect(mapImageSize(60, 30, 1600)).toMatchObject({ widthPx: 1560, heightPx: 780 });
    expect(mapImageSize(4000, 2000, 1600)).toEqual({ widthPx: 1600, heightPx: 800, pixelsPerCell: 0.4 });
  });

  it('paints each cell in its class colour, sharp, with the outside transparent', () => {
    // 2 x 2 grid: residential, forest / outside, forest.
    const layout = Uint8Array.from([0, 1, 255, 1]);
    const image = renderClassMap(layout, 2, 2, ['#e8584f', '#2e7d32'], { maxSizePx: 8 });
    const png = PNG.sync.read(image.png);
    expect([png.width, png.height, image.pixelsPerCell]).toEqual([8, 8, 4]);
    expect(pixel(png, 0, 0)).toEqual([...hexToRgb('#e8584f'), 255]);
    expect(pixel(png, 3, 3)).toEqual([...hexToRgb('#e8584f'), 255]);
    expect(pixel(png, 4, 3)).toEqual([...hexToRgb('#2e7d32'), 255]);
    expect(pixel(png, 0, 4)[3]).toBe(0);
    expect(pixel(png, 7, 7)).toEqual([...hexToRgb('#2e7d32'), 255]);
    expect(pngDataUri(image.png)).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('shows unchanged cells grey and changed cells in their new colour', () => {
    const today = Uint8Array.from([0, 1, 1, 255]);
    const plan = Uint8Array.from([0, 0, 1, 255]);
    const png = PNG.sync.read(renderChangeMap(today, plan, 2, 2, ['#ff0000', '#00ff00'], { maxSizePx: 2 }).png);
    expect(pixel(png, 0, 0)).toEqual([...hexToRgb(UNCHANGED_COLOR), 255]);
    expect(pixel(png, 1, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(png, 0, 1)).toEqual([...hexToRgb(UNCHANGED_COLOR), 255]);
    expect(pixel(png, 1, 1)[3]).toBe(0);
  });

  it('picks a round scale bar length of about a quarter of the map width', () => {
    expect(scaleBar(3000)).toMatchObject({ lengthM: 500, segments: 5 });
    expect(scaleBar(3000).fractionOfWidth).toBeCloseTo(1 / 6);
    expect(scaleBar(10_000).lengthM).toBe(2000);
    expect(scaleBar(450).lengthM).toBe(100);
  });
});
