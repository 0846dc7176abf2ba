/**
 * The decision tree recovers planted rules on synthetic fronts, with the rules in plain words, and
 * the layout features it reads (area in a zone, aggregation index) match hand counts.
 */
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  aggregationIndex,
  crossValidatedAccuracy,
  describeRule,
  distanceBands,
  explainLabels,
  growTree,
  layoutChangesOf,
  layoutFeatures,
  maxLikeAdjacencies,
  treeRules,
  type FeatureTable,
} from '../../../engine/src/decision/index.js';

function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** rows x 6 uniform features x0..x5 in [0, 100). */
function randomTable(rows: number, seed: number): FeatureTable {
  const next = lcg(seed);
  const features = Array.from({ length: 6 }, (_, f) => ({ id: `x${f}`, label: `x${f}`, unit: 'ha' }));
  return { features, rows, values: Float64Array.from({ length: rows * 6 }, () => Math.round(next() * 10000) / 100) };
}

const value = (t: FeatureTable, row: number, f: number) => t.values[row * t.features.length + f]!;

describe('decision tree', () => {
  it('recovers a planted two-feature rule: in the region when x2 > 60 and x4 <= 30', () => {
    const table = randomTable(1000, 1);
    const labels = Int32Array.from({ length: table.rows }, (_, i) =>
      value(table, i, 2) > 60 && value(table, i, 4) <= 30 ? 1 : 0,
    );
    const tree = growTree(table, labels, 2);
    expect(accuracy(tree, table, labels)).toBe(1);
    const cv = crossValidatedAccuracy(table, labels, 2);
    expect(cv).toBeGreaterThanOrEqual(0.95);
    const rules = treeRules(tree);
    const inside = rules.filter((r) => r.label === 1);
    expect(inside).toHaveLength(1);
    const conditions = Object.fromEntries(inside[0]!.conditions.map((c) => [c.feature, c]));
    expect(conditions[2]!.above).toBeGreaterThan(59);
    expect(conditions[2]!.above).toBeLessThan(61);
    expect(conditions[4]!.atMost).toBeGreaterThan(29);
    expect(conditions[4]!.atMost).toBeLessThan(31);
    const words = describeRule(inside[0]!, table.features, (l) => (l === 1 ? 'in the region' : 'outside'));
    expect(words).toMatch(
      /^If x\d is (more than|at most) [\d.]+ ha, and x\d is (more than|at most) [\d.]+ ha: in the region \(\d+ of \d+ layouts\)$/,
    );
  });

  it('recovers three groups cut by thresholds on one feature, with a noisy label (accuracy >= 95 %)', () => {
    const table = randomTable(400, 2);
    const next = lcg(9);
    const labels = Int32Array.from({ length: table.rows }, (_, i) => {
      const planted = value(table, i, 3) <= 25 ? 0 : value(table, i, 3) <= 70 ? 1 : 2;
      return next() < 0.02 ? (planted + 1) % 3 : planted; // 2 % of labels flipped
    });
    const tree = growTree(table, labels, 3);
    expect(accuracy(tree, table, labels)).toBeGreaterThanOrEqual(0.95);
    expect(crossValidatedAccuracy(table, labels, 3)).toBeGreaterThanOrEqual(0.95);
    const rules = treeRules(tree);
    expect(new Set(rules.map((r) => r.label))).toEqual(new Set([0, 1, 2]));
    // The root split is on x3, near one of the planted thresholds.
    expect(tree.kind === 'split' && tree.feature).toBe(3);
  });

  it('never grows deeper than 3, and merges leaves that say the same', () => {
    const table = randomTable(200, 3);
    // An XOR-like rule on four features needs more than depth 3.
    const labels = Int32Array.from({ length: table.rows }, (_, i) =>
      [0, 1, 2, 5].reduce((acc, f) => acc ^ (value(table, i, f) > 50 ? 1 : 0), 0),
    );
    const tree = growTree(table, labels, 2);
    for (const rule of treeRules(tree)) expect(rule.conditions.length).toBeLessThanOrEqual(3);
    const depth = (node: typeof tree): number =>
      node.kind === 'leaf' ? 0 : 1 + Math.max(depth(node.low), depth(node.high));
    expect(depth(tree)).toBeLessThanOrEqual(3);
    // A constant label gives one leaf: "Always".
    const one = growTree(table, new Int32Array(table.rows), 2);
    expect(one.kind).toBe('leaf');
    expect(describeRule(treeRules(one)[0]!, table.features, () => 'group 1')).toBe(
      'Always: group 1 (200 of 200 layouts)',
    );
  });
});

describe('layout features', () => {
  it('g_max and the aggregation index match hand counts', () => {
    expect([1, 2, 4, 5, 7, 9].map(maxLikeAdjacencies)).toEqual([0, 1, 4, 5, 8, 12]);
    // A 3 x 3 block of class 0 in a 4 x 4 map: 12 like pairs of 12 possible -> 100 %.
    const block = Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    const ai = aggregationIndex(block, 4, 4, 2);
    expect(ai[0]).toBe(100);
    // Class 1: 7 cells in an L (6 like pairs) of g_max(7) = 8 -> 75 %.
    expect(ai[1]).toBe(75);
    // A checkerboard has no like pairs; 255 (outside) never counts.
    const checker = Uint8Array.from([0, 1, 0, 1, 0, 1, 255, 1, 0]);
    expect(Array.from(aggregationIndex(checker, 3, 3, 2))).toEqual([0, 0]);
  });

  it('recovers a planted rule on a synthetic front of layouts: residential in the west half', () => {
    // 10 x 10 cells of 1 ha, every cell a gene; classes 0 farmland, 1 residential. Each layout puts
    // 20 residential cells at random; it is "in the brushed region" when more than 8 of them lie in
    // the west half (columns 0-4): the tree must find that from the features alone.
    const width = 10;
    const genes = 100;
    const rows = 200;
    const next = lcg(5);
    const genomes = new Uint8Array(rows * genes);
    for (let i = 0; i < rows; i++) {
      let placed = 0;
      while (placed < 20) {
        const g = Math.floor(next() * genes);
        if (genomes[i * genes + g] === 0) {
          genomes[i * genes + g] = 1;
          placed++;
        }
      }
    }
    const west = Uint8Array.from({ length: genes }, (_, g) => (g % width < 5 ? 1 : 0));
    const areasHa = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      areasHa[i * 2 + 1] = 20;
      areasHa[i * 2] = 80;
    }
    const table = layoutFeatures({
      classNames: ['Farmland', 'Residential'],
      classIds: ['farmland', 'residential'],
      cellAreaHa: 1,
      areasHa,
      layouts: layoutChangesOf(genomes, rows, new Uint8Array(genes)),
      zones: [{ id: 'west', label: 'in the west half', inside: west, fixedHa: new Float64Array(2) }],
      grid: { width, height: 10 },
      current: new Uint8Array(genes),
      geneCells: Int32Array.from({ length: genes }, (_, g) => g),
    });
    // Total areas are the same in every layout: left out. Zone areas and compactness vary.
    expect(table.features.map((f) => f.id)).toEqual([
      'west.farmland',
      'west.residential',
      'compactness.farmland',
      'compactness.residential',
    ]);
    const westResidential = (i: number) => value(table, i, 1);
    let check = 0;
    for (let g = 0; g < genes; g++) if (west[g] && genomes[7 * genes + g] === 1) check++;
    expect(westResidential(7)).toBe(check);
    const labels = Int32Array.from({ length: rows }, (_, i) => (westResidential(i) > 8 ? 1 : 0));
    const tree = growTree(table, labels, 2);
    expect(accuracy(tree, table, labels)).toBeGreaterThanOrEqual(0.95);
    const inside = treeRules(tree).filter((r) => r.label === 1);
    expect(inside.map((r) => describeRule(r, table.features, () => 'in the region')).join('\n')).toMatch(
      /(Residential in the west half is more than 8\.5 ha|Farmland in the west half is at most 41\.5 ha)/,
    );
  });
});

describe('distance bands and label explanations (pure, beside the tree)', () => {
  it('cuts distances at their terciles rounded to 100 m', () => {
    const distances = Float64Array.from({ length: 10 }, (_, i) => i * 100);
    expect(distanceBands(distances)).toEqual([
      { from: 0, to: 300 },
      { from: 300, to: 600 },
      { from: 600, to: Infinity },
    ]);
    expect(distanceBands(new Float64Array(0))).toEqual([]);
  });

  it('cuts at the values a full sort puts at the terciles, with repeats and unreachable cells', () => {
    const next = lcg(17);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 400);
      const spread = next() < 0.5 ? 300 : 5000;
      const distances = Float64Array.from({ length: n }, () =>
        next() < 0.05 ? Infinity : Math.round(next() * spread) * (next() < 0.3 ? 10 : 1),
      );
      const input = Float64Array.from(distances);
      const sorted = Float64Array.from(distances).sort();
      const cut = (q: number) => Math.max(100, Math.round(sorted[Math.floor(q * (n - 1))]! / 100) * 100);
      const edges = [...new Set([cut(1 / 3), cut(2 / 3)])];
      const bounds = [0, ...edges, Infinity];
      expect(distanceBands(distances)).toEqual(bounds.slice(0, -1).map((from, k) => ({ from, to: bounds[k + 1]! })));
      expect(distances).toEqual(input); // left as it was
    }
  });

  it('explains labels with rules, counts and accuracy', () => {
    const features: FeatureTable = { ...randomTable(8, 3), rows: 8 };
    const x = features.features.length;
    const values = new Float64Array(8 * x);
    for (let row = 0; row < 8; row++) values[row * x] = row < 4 ? row : 10 + row;
    const table: FeatureTable = { ...features, values };
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const explanation = explainLabels(table, labels, ['low', 'high']);
    expect(explanation.counts).toEqual([4, 4]);
    expect(explanation.accuracy).toBe(1);
    expect(explanation.labels).toEqual(['low', 'high']);
  });
});
