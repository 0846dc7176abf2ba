/**
 * Spatial crossover: the children exchange a block of the map, either a rectangle (box crossover)
 * or a patch-shaped region grown from a random cell, so that good neighbourhoods travel whole
 * instead of being shredded as by uniform crossover. Children may miss the area demands; the
 * repair that follows restores them.
 */
import type { Crossover } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import type { StudyArea } from '../model/study-area.js';

export interface BlockCrossoverOptions {
  /** Probability of crossing (otherwise the children copy the parents). Default 0.9. */
  readonly probability?: number;
  /** Share of rectangles (rest: patch-shaped regions). Default 0.5. */
  readonly rectangleShare?: number;
}

export class BlockCrossover implements Crossover<Uint8Array> {
  readonly name = 'block-crossover';
  private readonly probability: number;
  private readonly rectangleShare: number;
  private readonly queue: Int32Array;
  private readonly mark: Uint32Array;
  private stamp = 0;

  constructor(
    private readonly area: StudyArea,
    options: BlockCrossoverOptions = {},
  ) {
    this.probability = options.probability ?? 0.9;
    this.rectangleShare = options.rectangleShare ?? 0.5;
    const genes = Math.max(1, area.geneCells.length);
    this.queue = new Int32Array(genes);
    this.mark = new Uint32Array(genes);
  }

  cross(parentA: Uint8Array, parentB: Uint8Array, childA: Uint8Array, childB: Uint8Array, random: Random): void {
    childA.set(parentA);
    childB.set(parentB);
    if (parentA.length === 0 || random.nextDouble() >= this.probability) return;
    if (random.nextDouble() < this.rectangleShare) this.swapRectangle(parentA, parentB, childA, childB, random);
    else this.swapRegion(parentA, parentB, childA, childB, random);
  }

  private swapRectangle(
    parentA: Uint8Array,
    parentB: Uint8Array,
    childA: Uint8Array,
    childB: Uint8Array,
    random: Random,
  ): void {
    const { width, height, geneOfCell } = this.area;
    // Sides between 1/8 and 1/2 of the grid.
    const w = Math.max(1, Math.round(width * (0.125 + 0.375 * random.nextDouble())));
    const h = Math.max(1, Math.round(height * (0.125 + 0.375 * random.nextDouble())));
    const x0 = random.nextInt(width - w + 1);
    const y0 = random.nextInt(height - h + 1);
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const gene = geneOfCell[y * width + x]!;
        if (gene < 0) continue;
        childA[gene] = parentB[gene]!;
        childB[gene] = parentA[gene]!;
      }
    }
  }

  /** Exchange a connected region (4-neighbour breadth-first growth over genes) of 5-40 % of the genes. */
  private swapRegion(
    parentA: Uint8Array,
    parentB: Uint8Array,
    childA: Uint8Array,
    childB: Uint8Array,
    random: Random,
  ): void {
    const { width, geneCells, geneOfCell } = this.area;
    const lastRowStart = geneOfCell.length - width;
    const genes = parentA.length;
    const size = Math.max(1, Math.round(genes * (0.05 + 0.35 * random.nextDouble())));
    const stamp = ++this.stamp;
    const seed = random.nextInt(genes);
    const queue = this.queue;
    const mark = this.mark;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    mark[seed] = stamp;
    let taken = 0;
    // 4-neighbours in the order right, left, down, up, inlined: this loop runs on the main thread
    // for up to 40 % of the genes of every crossover.
    while (head < tail && taken < size) {
      const gene = queue[head++]!;
      childA[gene] = parentB[gene]!;
      childB[gene] = parentA[gene]!;
      taken++;
      const cell = geneCells[gene]!;
      const x = cell % width;
      let next: number;
      if (x + 1 < width && (next = geneOfCell[cell + 1]!) >= 0 && mark[next] !== stamp) {
        mark[next] = stamp;
        queue[tail++] = next;
      }
      if (x > 0 && (next = geneOfCell[cell - 1]!) >= 0 && mark[next] !== stamp) {
        mark[next] = stamp;
        queue[tail++] = next;
      }
      if (cell < lastRowStart && (next = geneOfCell[cell + width]!) >= 0 && mark[next] !== stamp) {
        mark[next] = stamp;
        queue[tail++] = next;
      }
      if (cell >= width && (next = geneOfCell[cell - width]!) >= 0 && mark[next] !== stamp) {
        mark[next] = stamp;
        queue[tail++] = next;
      }
    }
  }
}
