import type { LayoutChanges } from './rows.js';

/**
 * Agreement between layouts, cell by cell, over the changeable cells (genes): the most frequent
 * class and how many of the layouts give it (Marxan's "selection frequency"); and, for the
 * parties' preferred layouts, where they all agree (consensus) and where they clash (conflict).
 *
 * With P parties and their preferred layouts, at a cell whose most common class is given by m of
 * them (ties: the lower class index):
 *   consensus  when m = P: every party's layout gives the cell the same class;
 *   conflict   when m < P, and P - m parties disagree with the most common choice (1 .. P - 1).
 * A party's layout counts once per party, so two parties preferring the same layout count twice.
 */

/** Per gene: the most frequent class over the layouts, how many give it, and optionally how many give one class. */
export interface GeneAgreement {
  readonly mode: Uint8Array;
  readonly modeCount: Int32Array;
  /** Layouts giving `classIndex` per gene, when asked for. */
  readonly classCount: Int32Array | null;
}

/**
 * @param genomes rows x genes class indices (row i = layout i)
 * @param ids the layouts to compare (repeats count repeatedly)
 */
export function geneAgreement(
  genomes: Uint8Array,
  genes: number,
  ids: readonly number[],
  classCount: number,
  classIndex: number | null = null,
): GeneAgreement {
  const mode = new Uint8Array(genes);
  const modeCount = new Int32Array(genes);
  const ofClass = classIndex === null ? null : new Int32Array(genes);
  const counts = new Int32Array(classCount);
  for (let g = 0; g < genes; g++) {
    counts.fill(0);
    for (const id of ids) counts[genomes[id * genes + g]!]!++;
    let best = 0;
    for (let c = 1; c < classCount; c++) if (counts[c]! > counts[best]!) best = c;
    mode[g] = best;
    modeCount[g] = counts[best]!;
    if (ofClass) ofClass[g] = counts[classIndex!]!;
  }
  return { mode, modeCount, classCount: ofClass };
}

/**
 * Per gene, how many layouts give each class other than today's: genes x classes, row-major (the
 * entry of today's class stays 0: it is the layouts less the others). A byte a count for up to 255
 * layouts (half the memory to touch), else two. A run's layouts are counted straight from their
 * stored changes (runs/layouts-codec.ts, `countRowChanges`): the work follows the changed genes,
 * and no rows x genes matrix is needed (750 MB for 200 layouts of 2000 x 2000 cells).
 */
export type ChangeCounts = Uint8Array | Uint16Array;

/** The most layouts {@link ChangeCounts} can count. */
export const MAX_COUNTED_LAYOUTS = 0xffff;

/** Empty counts for `genes` genes and `layouts` layouts. */
export function emptyChangeCounts(genes: number, classCount: number, layouts: number): ChangeCounts {
  if (layouts > MAX_COUNTED_LAYOUTS)
    throw new RangeError(`${layouts} layouts: at most ${MAX_COUNTED_LAYOUTS.toLocaleString('en')} can be compared`);
  return layouts <= 0xff ? new Uint8Array(genes * classCount) : new Uint16Array(genes * classCount);
}

/** Per gene, how many of the counted layouts change it (the sum of its {@link ChangeCounts}). */
export function changesPerGene(counts: ChangeCounts, classCount: number): Int32Array {
  const changed = new Int32Array(counts.length / classCount);
  for (let g = 0, at = 0; g < changed.length; g++, at += classCount) {
    let sum = 0;
    for (let c = 0; c < classCount; c++) sum += counts[at + c]!;
    changed[g] = sum;
  }
  return changed;
}

/**
 * {@link geneAgreement} of `layouts` layouts from their {@link ChangeCounts} (left as they are).
 * Same result, same ties.
 * @param today today's class per gene
 */
export function agreementOfCounts(
  today: Uint8Array,
  classCount: number,
  layouts: number,
  counts: ChangeCounts,
  classIndex: number | null = null,
): GeneAgreement {
  const genes = today.length;
  const mode = new Uint8Array(genes);
  const modeCount = new Int32Array(genes);
  const ofClass = classIndex === null ? null : new Int32Array(genes);
  for (let g = 0, row = 0; g < genes; g++, row += classCount) {
    let changed = 0;
    for (let c = 0; c < classCount; c++) changed += counts[row + c]!;
    const todayClass = today[g]!;
    if (changed === 0) {
      // Today's class in every layout (most genes): no other class to weigh.
      mode[g] = todayClass;
      modeCount[g] = layouts;
      if (ofClass && todayClass === classIndex) ofClass[g] = layouts;
      continue;
    }
    const todayCount = layouts - changed;
    let best = 0;
    let bestCount = todayClass === 0 ? todayCount : counts[row]!;
    for (let c = 1; c < classCount; c++) {
      const count = c === todayClass ? todayCount : counts[row + c]!;
      if (count > bestCount) {
        best = c;
        bestCount = count;
      }
    }
    mode[g] = best;
    modeCount[g] = bestCount;
    if (ofClass) ofClass[g] = classIndex === todayClass ? todayCount : counts[row + classIndex!]!;
  }
  return { mode, modeCount, classCount: ofClass };
}

/** Where the parties' preferred layouts agree and clash, over the changeable cells. */
export interface PartyAgreement extends GeneAgreement {
  /** Per gene: how many parties disagree with the most common class (0 = consensus). */
  readonly disagreeing: Uint8Array;
  /** Per class: genes where every party gives this class. */
  readonly consensusGenes: Int32Array;
  /** Per class: consensus genes whose class differs from today's (changes every party wants). */
  readonly agreedChangeGenes: Int32Array;
  /** Per class: conflict genes where at least one party gives this class (contested by it). */
  readonly contestedGenes: Int32Array;
  /** Index k: genes where k parties disagree with the most common class (index 0: consensus). */
  readonly genesByDisagreeing: Int32Array;
}

/**
 * Consensus and conflict of the parties' preferred layouts, counted from their changes against
 * today (no rows x genes matrix).
 * @param preferred one layout id per party
 */
export function partyAgreement(
  layouts: LayoutChanges,
  preferred: readonly number[],
  classCount: number,
): PartyAgreement {
  const parties = preferred.length;
  const today = layouts.today;
  const genes = today.length;
  const counts = emptyChangeCounts(genes, classCount, parties);
  layouts.countChanges(preferred, counts, classCount);
  const agreement = agreementOfCounts(today, classCount, parties, counts);
  const disagreeing = new Uint8Array(genes);
  const consensusGenes = new Int32Array(classCount);
  const agreedChangeGenes = new Int32Array(classCount);
  const contestedGenes = new Int32Array(classCount);
  const genesByDisagreeing = new Int32Array(Math.max(1, parties));
  for (let g = 0, row = 0; g < genes; g++, row += classCount) {
    const mode = agreement.mode[g]!;
    const k = parties - agreement.modeCount[g]!;
    disagreeing[g] = k;
    genesByDisagreeing[k]!++;
    if (k === 0) {
      consensusGenes[mode]!++;
      if (today[g] !== mode) agreedChangeGenes[mode]!++;
      continue;
    }
    // Every class some party gives the cell: the changed ones counted, today's when not all change it.
    let changed = 0;
    for (let c = 0; c < classCount; c++) {
      if (counts[row + c]! > 0) contestedGenes[c]!++;
      changed += counts[row + c]!;
    }
    if (changed < parties) contestedGenes[today[g]!]!++;
  }
  return { ...agreement, disagreeing, consensusGenes, agreedChangeGenes, contestedGenes, genesByDisagreeing };
}
