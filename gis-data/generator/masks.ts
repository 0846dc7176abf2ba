/** Small operations on cell masks (Uint8Array, 1 = in) used to shape the flood zone and reserve. */

/** 4-connected components of a mask: a label per cell (0 = outside the mask) and their sizes. */
export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(width * height);
  const sizes = [0];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = sizes.length;
    let size = 0;
    labels[start] = label;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      const col = i % width;
      const row = (i - col) / width;
      const visit = (j: number): void => {
        if (mask[j] && !labels[j]) {
          labels[j] = label;
          stack.push(j);
        }
      };
      if (col > 0) visit(i - 1);
      if (col < width - 1) visit(i + 1);
      if (row > 0) visit(i - width);
      if (row < height - 1) visit(i + width);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/**
 * Fill the holes of a mask (background regions that do not touch the grid edge) of at most
 * `maxHoleCells` cells. Returns a new mask.
 */
export function fillHoles(mask: Uint8Array, width: number, height: number, maxHoleCells = Infinity): Uint8Array {
  const background = mask.map((v) => (v ? 0 : 1));
  const { labels, sizes } = labelComponents(background, width, height);
  const touchesEdge = new Uint8Array(sizes.length);
  for (let i = 0; i < labels.length; i++) {
    const col = i % width;
    const row = (i - col) / width;
    if (col === 0 || row === 0 || col === width - 1 || row === height - 1) touchesEdge[labels[i]!] = 1;
  }
  return mask.map((v, i) => {
    const label = labels[i]!;
    return v || (label && !touchesEdge[label] && sizes[label]! <= maxHoleCells) ? 1 : 0;
  });
}

/** Morphological dilation (`grow` = 1) or erosion (`grow` = 0) by one cell, 8-neighbourhood. */
export function morph(mask: Uint8Array, width: number, height: number, grow: 0 | 1): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      let any = 0;
      let all = 1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const r = Math.min(height - 1, Math.max(0, row + dy));
          const c = Math.min(width - 1, Math.max(0, col + dx));
          const v = mask[r * width + c] ? 1 : 0;
          any |= v;
          all &= v;
        }
      }
      out[row * width + col] = grow ? any : all;
    }
  }
  return out;
}

/** The cells of the largest 4-connected component. */
export function largestComponent(mask: Uint8Array, width: number, height: number): Uint8Array {
  const { labels, sizes } = labelComponents(mask, width, height);
  let best = 0;
  for (let label = 1; label < sizes.length; label++) if (sizes[label]! > sizes[best]!) best = label;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < labels.length; i++) out[i] = best > 0 && labels[i] === best ? 1 : 0;
  return out;
}
