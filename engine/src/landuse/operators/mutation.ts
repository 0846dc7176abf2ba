/**
 * Spatial mutation on map regions (model/regions.ts): each move takes one whole region and
 * - returns it to today's use (undoing a change; nothing happens where it is unchanged), or
 * - gives it the class a neighbouring region holds in the layout (a patch spreads into the next
 *   field, the region-level form of a boundary move), or
 * - gives it another class its cells may take.
 * Cells of the region that may not take the class keep theirs. A move that converts land away
 * from today's class c happens only with probability 1 - resistance[c] (CLUE-S conversion
 * elasticity), so land that resists change is changed less often. New patches therefore follow
 * today's land-cover edges, roads and rivers. The repair that follows restores the demands and
 * the change limit. Schwaab et al. (2018) found spatially informed mutation improved fronts more
 * than modified crossovers did.
 */
import type { Mutation } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import type { Regions } from '../model/regions.js';
import { startGenome, type StudyArea } from '../model/study-area.js';

export interface RegionMutationOptions {
  /** Cells to change per child (regions are taken whole). Default 1 % of the changeable cells, at least 4. */
  readonly cells?: number;
  /** Share of moves that return a region to today's use. Default 0.3. */
  readonly returnShare?: number;
  /** Share of moves that spread a neighbouring region's class. Default 0.35 (the rest: any allowed class). */
  readonly spreadShare?: number;
}

export class RegionMutation implements Mutation<Uint8Array> {
  readonly name = 'region-mutation';
  readonly cells: number;
  private readonly returnShare: number;
  private readonly spreadShare: number;
  private readonly today: Uint8Array;
  private readonly resistance: Float64Array;

  constructor(
    private readonly area: StudyArea,
    private readonly regions: Regions,
    options: RegionMutationOptions = {},
  ) {
    const genes = area.geneCells.length;
    this.cells = options.cells ?? Math.max(4, Math.round(genes * 0.01));
    this.returnShare = options.returnShare ?? 0.3;
    this.spreadShare = options.spreadShare ?? 0.35;
    this.today = startGenome(area);
    this.resistance = Float64Array.from(area.classes, (c) => c.resistance);
  }

  mutate(row: Uint8Array, random: Random): void {
    this.mutateCells(row, this.cells, random);
  }

  /** {@link mutate} with a budget of `cells` cells instead of the configured one. */
  mutateCells(row: Uint8Array, cells: number, random: Random): void {
    const genes = row.length;
    if (genes === 0) return;
    let budget = cells;
    let attempts = 0;
    while (budget > 0 && attempts++ < cells * 4) budget -= this.regionMove(row, random);
  }

  /** One move on a random region; returns the region's size (the budget it uses). */
  regionMove(row: Uint8Array, random: Random): number {
    const { regionOfGene, start, genes: members, neighbourStart, neighbours } = this.regions;
    const region = regionOfGene[random.nextInt(row.length)]!;
    const first = start[region]!;
    const end = start[region + 1]!;
    const today = this.today[members[first]!]!;
    const u = random.nextDouble();
    let target: number;
    if (u < this.returnShare) {
      target = today;
    } else if (u < this.returnShare + this.spreadShare && neighbourStart[region + 1]! > neighbourStart[region]!) {
      const degree = neighbourStart[region + 1]! - neighbourStart[region]!;
      const other = neighbours[neighbourStart[region]! + random.nextInt(degree)]!;
      target = row[members[start[other]!]!]!;
    } else {
      const gene = members[first + random.nextInt(end - first)]!;
      const options = this.area.allowed[gene]! & ~(1 << row[gene]!);
      if (options === 0) return end - first;
      target = pickBit(options, random);
    }
    if (target !== today && random.nextDouble() < this.resistance[today]!) return end - first;
    const allowed = this.area.allowed;
    for (let k = first; k < end; k++) {
      const gene = members[k]!;
      if ((allowed[gene]! >> target) & 1) row[gene] = target;
    }
    return end - first;
  }
}

/** A uniformly random set bit of a non-zero mask. */
export function pickBit(mask: number, random: Random): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  let k = random.nextInt(count);
  for (let c = 0; c < 16; c++) {
    if (!((mask >> c) & 1)) continue;
    if (k-- === 0) return c;
  }
  return -1;
}
