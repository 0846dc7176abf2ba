/**
 * Desktop map rendering: painting a 1,000 x 1,000 layout (1 M cells) into RGBA pixels — the
 * class map through its palette, plus the change-from-today view and one overlay mask blended on
 * top (the heaviest view the app draws). The acceptance bound is 100 ms per frame; the pixels
 * then go to the canvas with one putImageData and scaled drawImage calls.
 */
import { benchmark } from './harness.js';
import { GROUP_COUNTS, representativeLayouts } from '../engine/src/decision/index.js';
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

/**
 * Representative layouts (explorer and report): all pairwise map differences of a front, then
 * k-medoids for k = 2..8 and the k with the best silhouette. 154 layouts of 53,078 genes is the default scenario's archive after 20 generations;
 * 230,000 genes (a 500 x 500 study area) is compared on an even sample of MAX_COMPARED_GENES. Each
 * layout is a shared base with 5-40 % of the genes changed in one block, like crossover children.
 */
for (const [layouts, genes] of [
  [154, 53_078],
  [154, 230_000],
] as const) {
  benchmark<{ genomes: Uint8Array }>({
    name: `explorer representatives: ${layouts} layouts x ${genes} genes`,
    params: { layouts, genes, groups: `${GROUP_COUNTS.min}-${GROUP_COUNTS.max}, by silhouette` },
    repetitions: 5,
    warmup: 1,
    setup() {
      const genomes = new Uint8Array(layouts * genes);
      let state = 12345;
      const next = (bound: number) => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state % bound;
      };
      const base = Uint8Array.from({ length: genes }, () => next(10));
      for (let r = 0; r < layouts; r++) {
        const row = genomes.subarray(r * genes, (r + 1) * genes);
        row.set(base);
        const changed = Math.round(genes * (0.05 + 0.35 * (next(1000) / 1000)));
        const start = next(genes - changed);
        for (let g = start; g < start + changed; g++) row[g] = next(10);
      }
      return { genomes };
    },
    run(state, context) {
      context.record('clusters', representativeLayouts(state.genomes, layouts, genes).length);
    },
  });
}
