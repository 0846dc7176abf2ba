/**
 * A small interpretable classifier: a CART decision tree (Breiman et al. 1984) of depth at most 3
 * over layout features, whose rules are printed in plain words.
 *
 * Growing: at a node holding layouts S with labels y, every feature f and every threshold t half
 * way between two consecutive distinct values of f in S is tried; the split {f <= t}, {f > t}
 * with the lowest weighted Gini impurity
 *
 *     G(S) = 1 - sum_c p_c^2,   split impurity = |L| / |S| G(L) + |R| / |S| G(R)
 *
 * is kept if it lowers the impurity (ties: the first feature, then the lower threshold), and if
 * each side keeps at least 2 % of the layouts (at least 2). A node becomes a leaf when it is pure,
 * at the maximum depth, or no split helps; a leaf predicts its
 * majority label (ties: the lower label). Sibling leaves predicting the same label are merged,
 * which changes no prediction and shortens the rules.
 *
 * Accuracy is reported twice: on the layouts the tree was grown on (what the rules describe), and
 * by 5-fold cross-validation (layout i in fold i mod 5: grown on four folds, tested on the fifth),
 * an honest estimate of how well the rules carry over to layouts they have not seen.
 */

/** Rows x features, one row per layout. */
export interface FeatureTable {
  readonly features: readonly FeatureInfo[];
  readonly rows: number;
  /** Row-major rows x features.length. */
  readonly values: Float64Array;
}

export interface FeatureInfo {
  readonly id: string;
  /** Plain words, e.g. "Residential within 500 m of transit". */
  readonly label: string;
  /** Unit shown after values, e.g. "ha". */
  readonly unit: string;
}

export type TreeNode =
  | { readonly kind: 'leaf'; readonly label: number; readonly counts: readonly number[] }
  | {
      readonly kind: 'split';
      readonly feature: number;
      readonly threshold: number;
      /** Rows with feature <= threshold. */
      readonly low: TreeNode;
      readonly high: TreeNode;
      readonly counts: readonly number[];
    };

export interface TreeOptions {
  /** Default 3. */
  readonly maxDepth?: number;
  /** Fewest rows in a leaf. Default 2 % of the rows, at least 2: a rule about one layout explains nothing. */
  readonly minLeaf?: number;
}

export const MAX_TREE_DEPTH = 3;
const FOLDS = 5;

/** Default fewest rows per leaf: 2 % of the rows, at least 2. */
export function defaultMinLeaf(rows: number): number {
  return Math.max(2, Math.ceil(0.02 * rows));
}

const featureValue = (table: FeatureTable, row: number, feature: number) =>
  table.values[row * table.features.length + feature]!;

function countLabels(rows: readonly number[], labels: ArrayLike<number>, labelCount: number): number[] {
  const counts = new Array<number>(labelCount).fill(0);
  for (const r of rows) counts[labels[r]!]!++;
  return counts;
}

function gini(counts: readonly number[], size: number): number {
  if (size === 0) return 0;
  let sum = 0;
  for (const c of counts) sum += (c / size) ** 2;
  return 1 - sum;
}

function majority(counts: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
  return best;
}

/** Grow a tree on `rows` (default all) of the table with labels 0..labelCount-1. */
export function growTree(
  table: FeatureTable,
  labels: ArrayLike<number>,
  labelCount: number,
  options: TreeOptions = {},
  rows: readonly number[] = Array.from({ length: table.rows }, (_, i) => i),
): TreeNode {
  const maxDepth = Math.min(options.maxDepth ?? MAX_TREE_DEPTH, MAX_TREE_DEPTH);
  const minLeaf = Math.max(1, options.minLeaf ?? defaultMinLeaf(rows.length));
  const grow = (subset: readonly number[], depth: number): TreeNode => {
    const counts = countLabels(subset, labels, labelCount);
    const impurity = gini(counts, subset.length);
    const leaf: TreeNode = { kind: 'leaf', label: majority(counts), counts };
    if (depth >= maxDepth || impurity === 0 || subset.length < 2 * minLeaf) return leaf;
    let best: { feature: number; threshold: number; impurity: number } | null = null;
    for (let f = 0; f < table.features.length; f++) {
      const sorted = [...subset].sort((a, b) => featureValue(table, a, f) - featureValue(table, b, f) || a - b);
      const low = new Array<number>(labelCount).fill(0);
      const high = [...counts];
      for (let k = 0; k < sorted.length - 1; k++) {
        const label = labels[sorted[k]!]!;
        low[label]!++;
        high[label]!--;
        const v = featureValue(table, sorted[k]!, f);
        const next = featureValue(table, sorted[k + 1]!, f);
        if (next === v || k + 1 < minLeaf || sorted.length - k - 1 < minLeaf) continue;
        const split =
          ((k + 1) * gini(low, k + 1) + (sorted.length - k - 1) * gini(high, sorted.length - k - 1)) / sorted.length;
        if (best === null || split < best.impurity - 1e-12)
          best = { feature: f, threshold: (v + next) / 2, impurity: split };
      }
    }
    if (best === null || best.impurity >= impurity - 1e-12) return leaf;
    const lowRows = subset.filter((r) => featureValue(table, r, best.feature) <= best.threshold);
    const highRows = subset.filter((r) => featureValue(table, r, best.feature) > best.threshold);
    const lowNode = grow(lowRows, depth + 1);
    const highNode = grow(highRows, depth + 1);
    if (lowNode.kind === 'leaf' && highNode.kind === 'leaf' && lowNode.label === highNode.label) return leaf;
    return { kind: 'split', feature: best.feature, threshold: best.threshold, low: lowNode, high: highNode, counts };
  };
  return grow(rows, 0);
}

/** The label the tree predicts for row `row` of `table`. */
export function predict(tree: TreeNode, table: FeatureTable, row: number): number {
  let node = tree;
  while (node.kind === 'split') node = featureValue(table, row, node.feature) <= node.threshold ? node.low : node.high;
  return node.label;
}

/** Share of `rows` (default all) the tree labels correctly. */
export function accuracy(
  tree: TreeNode,
  table: FeatureTable,
  labels: ArrayLike<number>,
  rows: readonly number[] = Array.from({ length: table.rows }, (_, i) => i),
): number {
  if (rows.length === 0) return NaN;
  let right = 0;
  for (const r of rows) if (predict(tree, table, r) === labels[r]) right++;
  return right / rows.length;
}

/** 5-fold cross-validated accuracy (row i in fold i mod 5); NaN with fewer than 5 rows. */
export function crossValidatedAccuracy(
  table: FeatureTable,
  labels: ArrayLike<number>,
  labelCount: number,
  options: TreeOptions = {},
): number {
  if (table.rows < FOLDS) return NaN;
  let right = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < table.rows; i++) (i % FOLDS === fold ? test : train).push(i);
    const tree = growTree(table, labels, labelCount, options, train);
    for (const r of test) if (predict(tree, table, r) === labels[r]) right++;
  }
  return right / table.rows;
}

/** One leaf as a rule: the conditions on the way to it and what it predicts. */
export interface TreeRule {
  /** Per feature on the path: the range it must lie in (null: unbounded on that side). */
  readonly conditions: readonly {
    readonly feature: number;
    readonly above: number | null;
    readonly atMost: number | null;
  }[];
  readonly label: number;
  /** Rows of the training set reaching this leaf, and how many of them carry its label. */
  readonly rows: number;
  readonly correct: number;
}

/** The leaves of the tree as rules, from the low side to the high side. */
export function treeRules(tree: TreeNode): TreeRule[] {
  const rules: TreeRule[] = [];
  const walk = (node: TreeNode, bounds: Map<number, { above: number | null; atMost: number | null }>) => {
    if (node.kind === 'leaf') {
      const rows = node.counts.reduce((a, b) => a + b, 0);
      rules.push({
        conditions: [...bounds].map(([feature, b]) => ({ feature, ...b })),
        label: node.label,
        rows,
        correct: node.counts[node.label] ?? 0,
      });
      return;
    }
    const current = bounds.get(node.feature) ?? { above: null, atMost: null };
    walk(node.low, new Map(bounds).set(node.feature, { ...current, atMost: node.threshold }));
    walk(node.high, new Map(bounds).set(node.feature, { ...current, above: node.threshold }));
  };
  walk(tree, new Map());
  return rules;
}

/**
 * A rule in plain words, e.g. "If Residential within 500 m of transit is more than 42.5 ha and
 * Forest is at most 810 ha: group 2 (14 of 15 layouts)".
 */
export function describeRule(
  rule: TreeRule,
  features: readonly FeatureInfo[],
  labelName: (label: number) => string,
  formatNumber: (value: number) => string = (v) => String(Math.round(v * 100) / 100),
): string {
  const withUnit = (feature: FeatureInfo, v: number) => `${formatNumber(v)}${feature.unit ? ` ${feature.unit}` : ''}`;
  const parts = rule.conditions.map(({ feature, above, atMost }) => {
    const info = features[feature]!;
    if (above !== null && atMost !== null)
      return `${info.label} is more than ${withUnit(info, above)} and at most ${withUnit(info, atMost)}`;
    if (above !== null) return `${info.label} is more than ${withUnit(info, above)}`;
    return `${info.label} is at most ${withUnit(info, atMost!)}`;
  });
  const condition = parts.length === 0 ? 'Always' : `If ${parts.join(', and ')}`;
  return `${condition}: ${labelName(rule.label)} (${rule.correct} of ${rule.rows} layout${rule.rows === 1 ? '' : 's'})`;
}

/** A depth-3 tree that tells labelled layouts apart, as rules in plain words with its accuracy. */
export interface TreeExplanation {
  /** Labels the tree predicts: group names, or "in the region" / "outside". */
  readonly labels: readonly string[];
  readonly rules: readonly TreeRule[];
  /** Share of the front's layouts the rules label correctly. */
  readonly accuracy: number;
  /** 5-fold cross-validated accuracy (NaN with fewer than 5 layouts). */
  readonly crossValidated: number;
  /** How many layouts carry each label. */
  readonly counts: readonly number[];
}

/** Grow a tree on `features` for `labels` (0..names-1) and describe it: its rules, accuracy and label counts. */
export function explainLabels(features: FeatureTable, labels: Int32Array, names: string[]): TreeExplanation {
  const tree = growTree(features, labels, names.length);
  const counts = names.map((_, k) => labels.filter((l) => l === k).length);
  return {
    labels: names,
    rules: treeRules(tree),
    accuracy: accuracy(tree, features, labels),
    crossValidated: crossValidatedAccuracy(features, labels, names.length),
    counts,
  };
}
