/**
 * Desktop map rendering: painting a 1,000 x 1,000 layout (1 M cells) into RGBA pixels — the
 * class map through its palette, plus the change-from-today view and one overlay mask blended on
 * top (the heaviest view the app draws). The acceptance bound is 100 ms per frame; the pixels
 * then go to the canvas with one putImageData and scaled drawImage calls.
 */
import { benchmark } from './harness.js';
import { classPalette, paintChange, paintClasses, paintMask } from '../desktop/src/renderer/features/map/render.js';

const SIZE = 1000;
const CELLS = SIZE * SIZE;
const COLORS = [
  '#e8a33d',
  '#d64541',
  '#7f5ba6',
  '#f1e08a',
  '#2f7d32',
  '#b5d67f',
  '#6fb7b0',
  '#3b7dd8',
  '#8c8c8c',
  '#8fd18a',
];

interface State {
  today: Uint8Array;
  layout: Uint8Array;
  mask: Uint8Array;
  out: Uint32Array;
}

function setup(): State {
  // Blocky classes like a real layout, 2 % of cells changed, a 10 % overlay, a nodata border.
  const today = new Uint8Array(CELLS);
  const layout = new Uint8Array(CELLS);
  const mask = new Uint8Array(CELLS);
  for (let r = 0; r < SIZE; r++)
    for (let c = 0; c < SIZE; c++) {
      const i = r * SIZE + c;
      today[i] = r < 10 || c < 10 ? 255 : ((r >> 5) * 7 + (c >> 5) * 3) % COLORS.length;
      layout[i] = today[i] !== 255 && (r * 31 + c * 17) % 50 === 0 ? (today[i]! + 1) % COLORS.length : today[i]!;
      mask[i] = (r >> 4) % 10 === 0 ? 1 : 0;
    }
  return { today, layout, mask, out: new Uint32Array(CELLS) };
}

benchmark<State>({
  name: 'desktop map: paint 1000x1000 layout',
  params: { width: SIZE, height: SIZE, classes: COLORS.length, boundMs: 100 },
  repetitions: 15,
  warmup: 3,
  setup,
  run(state, context) {
    const start = performance.now();
    paintClasses(state.layout, classPalette(COLORS), state.out);
    context.record('paintClassesMs', performance.now() - start);
  },
});

benchmark<State>({
  name: 'desktop map: change-from-today view with overlay, 1000x1000',
  params: { width: SIZE, height: SIZE, classes: COLORS.length, overlayShare: 0.1, boundMs: 100 },
  repetitions: 15,
  warmup: 3,
  setup,
  run(state) {
    paintChange(state.today, state.layout, classPalette(COLORS), classPalette(COLORS, 0.78), state.out);
    paintMask(state.mask, '#0b5d3b', 0.45, state.out);
  },
});
