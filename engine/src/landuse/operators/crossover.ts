/**
 * Spatial crossover on map regions: the children exchange a connected group of whole regions
 * (model/regions.ts: pieces of today's land-cover patches, bounded by roads, rivers and parcel
 * edges), grown breadth-first over region adjacency from a random region, so that good
 * neighbourhoods travel whole and the seams between the parents run along edges already on the
 * map, not along the straight sides of a box. Children may miss the area demands or the change
 * limit; the repair that follows restores them.
 */
import type { Crossover } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import type { Regions } from '../model/regions.js';

/**
 * Runs at least this long are copied by the typed arrays' own copy, shorter ones gene by gene
 * (the views it needs cost more than a short loop). Half the genes of the runs at 1,000 x 1,000
 * cells lie in runs this long: 0.53 -> 0.47 ms a crossover there offline (16: 0.51, 64: 0.52),
 * the same children; too little to show in a real run's variation time.
 */
const NATIVE_COPY_GENES = 32;

export interface RegionCrossoverOptions {
  /** Probability of crossing (otherwise the children copy the parents). Default 0.9. */
  readonly probability?: number;
}

export class RegionCrossover implements Crossover<Uint8Array> {
  readonly name = 'region-crossover';
  private readonly probability: number;
  private readonly queue: Int32Array;
  private readonly mark: Uint32Array;
  private stamp = 0;
  /**
   * Each region's genes as runs of consecutive genes: region r's runs are [runStart[r],
   * runStart[r + 1]), run k the genes [runFirst[k], runEnd[k]). A region's genes are ascending and
   * come in runs along the grid's rows (about 20 genes a run at 1,000 x 1,000 cells), and a run
   * is swapped without reading each gene's index (0.88 -> 0.69 ms a crossover there, the same children).
   */
  private readonly runStart: Int32Array;
  private readonly runFirst: Int32Array;
  private readonly runEnd: Int32Array;

  constructor(
    private readonly regions: Regions,
    options: RegionCrossoverOptions = {},
  ) {
    this.probability = options.probability ?? 0.9;
    this.queue = new Int32Array(Math.max(1, regions.count));
    this.mark = new Uint32Array(Math.max(1, regions.count));
    // Counted first, then written: member k of a region starts a run unless it follows k - 1.
    const { start, genes } = regions;
    const startsRun = (region: number, k: number) => k === start[region] || genes[k] !== genes[k - 1]! + 1;
    let runs = 0;
    for (let region = 0; region < regions.count; region++)
      for (let k = start[region]!; k < start[region + 1]!; k++) if (startsRun(region, k)) runs++;
    this.runStart = new Int32Array(regions.count + 1);
    this.runFirst = new Int32Array(runs);
    this.runEnd = new Int32Array(runs);
    let run = -1;
    for (let region = 0; region < regions.count; region++) {
      this.runStart[region] = run + 1;
      for (let k = start[region]!; k < start[region + 1]!; k++) {
        if (startsRun(region, k)) this.runFirst[++run] = genes[k]!;
        this.runEnd[run] = genes[k]! + 1;
      }
    }
    this.runStart[regions.count] = run + 1;
  }

  cross(parentA: Uint8Array, parentB: Uint8Array, childA: Uint8Array, childB: Uint8Array, random: Random): void {
    childA.set(parentA);
    childB.set(parentB);
    const genes = parentA.length;
    if (genes === 0 || random.nextDouble() >= this.probability) return;
    // 5-40 % of the genes, in whole regions.
    const size = Math.max(1, Math.round(genes * (0.05 + 0.35 * random.nextDouble())));
    const { regionOfGene, start, neighbourStart, neighbours } = this.regions;
    const { runStart, runFirst, runEnd } = this;
    const stamp = ++this.stamp;
    const queue = this.queue;
    const mark = this.mark;
    const seed = regionOfGene[random.nextInt(genes)]!;
    let tail = 0;
    queue[tail++] = seed;
    mark[seed] = stamp;
    let taken = 0;
    for (let head = 0; head < tail && taken < size; head++) {
      const region = queue[head]!;
      for (let run = runStart[region]!, last = runStart[region + 1]!; run < last; run++) {
        const first = runFirst[run]!;
        const end = runEnd[run]!;
        if (end - first >= NATIVE_COPY_GENES) {
          childA.set(parentB.subarray(first, end), first);
          childB.set(parentA.subarray(first, end), first);
        } else {
          for (let gene = first; gene < end; gene++) {
            childA[gene] = parentB[gene]!;
            childB[gene] = parentA[gene]!;
          }
        }
      }
      taken += start[region + 1]! - start[region]!;
      for (let k = neighbourStart[region]!, end = neighbourStart[region + 1]!; k < end; k++) {
        const next = neighbours[k]!;
        if (mark[next] === stamp) continue;
        mark[next] = stamp;
        queue[tail++] = next;
      }
    }
  }
}
