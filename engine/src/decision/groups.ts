/**
 * What sets a group of similar layouts apart from the rest of the front:
 *
 * - the classes whose area differs most: for class c, the group's mean area minus the mean area of
 *   the layouts outside the group (ha), largest differences first;
 * - the cells that characterise it: a changeable cell is characteristic of group G when the class
 *   most of G's members give it (share f_G) is given by clearly fewer of the other layouts (share
 *   f_other): f_G - f_other >= 0.5. "Half the layouts more" keeps the map to the places where the
 *   group's choice is its own, not shared with the front;
 * - its objective ranges: the lowest and highest value of each objective among its members.
 */
import { agreementOfCounts, changesPerGene, emptyChangeCounts, type ChangeCounts } from './agreement.js';
import type { LayoutCluster } from './clustering.js';
import type { CriteriaTable } from './criteria.js';
import type { LayoutChanges } from './rows.js';

/** A cell is characteristic when its group gives its class at least this much more often than the others. */
export const CHARACTERISTIC_MARGIN = 0.5;

export interface ClassDifference {
  readonly classIndex: number;
  readonly groupMeanHa: number;
  readonly othersMeanHa: number;
  /** groupMeanHa - othersMeanHa. */
  readonly differenceHa: number;
}

export interface GroupProfile {
  readonly medoid: number;
  readonly members: readonly number[];
  /** Every class, the largest absolute difference first. */
  readonly classDifferences: readonly ClassDifference[];
  /** Per criterion of the table: the lowest and highest value among the members. */
  readonly ranges: readonly { readonly min: number; readonly max: number }[];
  /** The characteristic genes (ascending) and the class the group gives each. */
  readonly characteristic: { readonly genes: Int32Array; readonly classes: Uint8Array };
  /** Per class: characteristic genes of that class. */
  readonly characteristicGenes: Int32Array;
}

export interface GroupInput {
  readonly clusters: readonly LayoutCluster[];
  /** The objectives (or any criteria) of every layout. */
  readonly criteria: CriteriaTable;
  /** rows x classCount hectares per class. */
  readonly areasHa: Float64Array;
  readonly classCount: number;
  /** Every layout of the front (row i = layout i), read as its changes against today. */
  readonly layouts: LayoutChanges;
  /** The change counts of every layout (agreement.ts), when known already (a run's record); else counted. */
  readonly frontCounts?: ChangeCounts;
}

/**
 * Profile every group (in the order of `clusters`). The cells' shares come from per-gene class
 * counts of the layouts' changes (agreement.ts), one layout at a time: no rows x genes matrix.
 */
export function profileGroups(input: GroupInput): GroupProfile[] {
  const { clusters, criteria, areasHa, classCount: K, layouts } = input;
  const rows = criteria.rows;
  const m = criteria.criteria.length;
  const today = layouts.today;
  const genes = today.length;
  const totals = new Float64Array(K);
  for (let i = 0; i < rows; i++) for (let c = 0; c < K; c++) totals[c]! += areasHa[i * K + c]!;
  // Per gene and class other than today's: how many layouts of the whole front give it; and per
  // gene how many change it at all (the rest give today's class).
  let frontCounts = input.frontCounts;
  if (!frontCounts) {
    frontCounts = emptyChangeCounts(genes, K, rows);
    layouts.countChanges(
      Array.from({ length: rows }, (_, i) => i),
      frontCounts,
      K,
    );
  }
  const frontChanged = changesPerGene(frontCounts, K);
  const memberCounts = emptyChangeCounts(genes, K, rows);

  return clusters.map((cluster) => {
    const members = cluster.members;
    const size = members.length;
    const others = rows - size;

    const sums = new Float64Array(K);
    for (const i of members) for (let c = 0; c < K; c++) sums[c]! += areasHa[i * K + c]!;
    const classDifferences = Array.from({ length: K }, (_, c): ClassDifference => {
      const groupMeanHa = sums[c]! / size;
      const othersMeanHa = others === 0 ? groupMeanHa : (totals[c]! - sums[c]!) / others;
      return { classIndex: c, groupMeanHa, othersMeanHa, differenceHa: groupMeanHa - othersMeanHa };
    }).sort((a, b) => Math.abs(b.differenceHa) - Math.abs(a.differenceHa) || a.classIndex - b.classIndex);

    const ranges = Array.from({ length: m }, (_, j) => {
      let min = Infinity;
      let max = -Infinity;
      for (const i of members) {
        const v = criteria.values[i * m + j]!;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return { min, max };
    });

    const characteristicGenes = new Int32Array(K);
    const geneList: number[] = [];
    const classList: number[] = [];
    if (others > 0) {
      memberCounts.fill(0);
      layouts.countChanges(members, memberCounts, K);
      const { mode, modeCount } = agreementOfCounts(today, K, size, memberCounts);
      for (let g = 0; g < genes; g++) {
        // No layout of the front changes the gene: every one gives today's class.
        if (frontChanged[g] === 0) continue;
        const c = mode[g]!;
        const inGroup = modeCount[g]! / size;
        const giving = c === today[g] ? rows - frontChanged[g]! : frontCounts[g * K + c]!;
        const outside = (giving - modeCount[g]!) / others;
        if (inGroup - outside >= CHARACTERISTIC_MARGIN) {
          geneList.push(g);
          classList.push(c);
          characteristicGenes[c]!++;
        }
      }
    }
    return {
      medoid: cluster.medoid,
      members,
      classDifferences,
      ranges,
      characteristic: { genes: Int32Array.from(geneList), classes: Uint8Array.from(classList) },
      characteristicGenes,
    };
  });
}
