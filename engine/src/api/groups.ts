/**
 * Explained groups through the engine API (`paretoplan groups`): the groups of similar layouts of a
 * run, what sets each apart, maps of their characteristic cells, and a depth-3 decision tree that
 * tells the groups (or a brushed region of the front) apart, in plain words. Formulas:
 * docs/parties.md.
 */
import path from 'node:path';
import type { FeatureTable } from '../decision/index.js';
import { formatFixed, formatHa, formatHaChange, formatPercent } from '../report/format.js';
import {
  analyseGroups,
  loadFront,
  RunInputError,
  ruleText,
  writeCharacteristicMap,
  type TreeExplanation,
} from '../runs/index.js';
import type { FrontRegionView, GroupsResult, TreeView } from './decision-contract.js';

export interface GroupsOptions {
  /** Also explain this box on the objectives against the rest of the front. */
  region?: FrontRegionView;
  /** Write each group's characteristic cells into this folder (default `<run-dir>/groups`), unless `maps` is false. */
  out?: string;
  /** Default true. */
  maps?: boolean;
}

/** Where a run's group maps go by default. */
export const GROUPS_FOLDER = 'groups';

export async function groupsOfRun(runDir: string, options: GroupsOptions = {}): Promise<GroupsResult> {
  const front = await loadFront(runDir);
  const { manifest } = front;
  const analysis = await analyseGroups(front, options.region ?? null);
  const folder = path.resolve(options.out ?? path.join(front.dir, GROUPS_FOLDER));
  const cellHa = manifest.cellAreaHa;
  const groups = [];
  for (const [g, profile] of analysis.profiles.entries()) {
    const cluster = analysis.groups.clusters[g]!;
    const map =
      options.maps === false || profile.characteristic.genes.length === 0
        ? null
        : await writeCharacteristicMap(front, profile.characteristic, path.join(folder, `group-${g + 1}.tif`));
    groups.push({
      index: g + 1,
      medoid: cluster.medoid,
      members: [...cluster.members],
      meanDifference: cluster.meanDifference,
      objectiveRanges: manifest.objectives.map((o, j) => ({
        objective: o.id,
        label: o.label,
        min: profile.ranges[j]!.min,
        max: profile.ranges[j]!.max,
      })),
      classDifferences: profile.classDifferences.map((d) => ({
        classId: manifest.classes[d.classIndex]!.id,
        name: manifest.classes[d.classIndex]!.name,
        groupMeanHa: d.groupMeanHa,
        othersMeanHa: d.othersMeanHa,
        differenceHa: d.differenceHa,
      })),
      characteristicHa: profile.characteristic.genes.length * cellHa,
      characteristicByClass: manifest.classes
        .map((c, k) => ({ classId: c.id, name: c.name, ha: profile.characteristicGenes[k]! * cellHa }))
        .filter((row) => row.ha > 0),
      map,
    });
  }
  return {
    dir: front.dir,
    layouts: front.rows,
    silhouettes: analysis.groups.silhouettes.map((s) => ({ ...s })),
    groups,
    featureNote: analysis.featureNote,
    groupTree: analysis.groupTree && treeView(analysis.groupTree, analysis.features),
    regionTree:
      analysis.regionTree && options.region
        ? {
            ...treeView(analysis.regionTree, analysis.features),
            region: options.region.map((b) => ({ ...b })),
            members: [...analysis.regionTree.members],
          }
        : null,
  };
}

function treeView(tree: TreeExplanation, features: FeatureTable): TreeView {
  return {
    labels: [...tree.labels],
    counts: [...tree.counts],
    rules: tree.rules.map((rule) => ({
      text: ruleText(rule, features, tree.labels),
      conditions: rule.conditions.map((c) => ({
        feature: features.features[c.feature]!.label,
        unit: features.features[c.feature]!.unit,
        above: c.above,
        atMost: c.atMost,
      })),
      label: tree.labels[rule.label]!,
      layouts: rule.rows,
      correct: rule.correct,
    })),
    accuracy: tree.accuracy,
    crossValidatedAccuracy: Number.isNaN(tree.crossValidated) ? null : tree.crossValidated,
    features: features.features.length,
  };
}

/**
 * A region given on the command line: `economic=1200..,social=..0.4` (comma-separated objective
 * ranges, either bound may be left out).
 */
export function parseRegion(text: string): FrontRegionView {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new RunInputError('The region is empty: give e.g. economic=1200..,social=..0.4.');
  return parts.map((part) => {
    const match = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(-?[\d.]+(?:e-?\d+)?)?\s*\.\.\s*(-?[\d.]+(?:e-?\d+)?)?$/.exec(part);
    const min = match?.[2] === undefined ? null : Number(match[2]);
    const max = match?.[3] === undefined ? null : Number(match[3]);
    if (!match || (min === null && max === null) || Number.isNaN(min) || Number.isNaN(max)) {
      throw new RunInputError(
        `"${part}" is not a range of an objective: write <objective>=<min>..<max>, either bound may be left out (e.g. economic=1200..).`,
      );
    }
    return { objective: match[1]!, min, max };
  });
}

function formatTree(lines: string[], tree: TreeView, heading: string): void {
  const cv =
    tree.crossValidatedAccuracy === null ? '' : `; ${formatPercent(tree.crossValidatedAccuracy, 0)} cross-validated`;
  lines.push(
    `${heading} (decision tree of depth <= 3 over ${tree.features} layout features: ${formatPercent(tree.accuracy, 0)} of layouts right${cv}):`,
  );
  for (const rule of tree.rules) lines.push(`  ${rule.text}`);
}

/** The groups as text for the terminal. */
export function formatGroups(result: GroupsResult): string {
  const lines: string[] = [];
  const chosen = result.groups.length;
  lines.push(
    `${chosen} group${chosen === 1 ? '' : 's'} of similar layouts among the ${result.layouts} of ${result.dir}` +
      (result.silhouettes.length > 0
        ? ` (number chosen by silhouette: ${result.silhouettes.map((s) => `${s.k}: ${formatFixed(s.silhouette, 2)}`).join(', ')})`
        : ''),
  );
  for (const group of result.groups) {
    lines.push('');
    lines.push(
      `Group ${group.index}: ${group.members.length} layout${group.members.length === 1 ? '' : 's'}, medoid #${group.medoid} (members differ from it in ${formatPercent(group.meanDifference)} of cells)`,
    );
    lines.push(
      `  ${group.objectiveRanges.map((r) => `${r.label} ${formatFixed(r.min, 1)} to ${formatFixed(r.max, 1)}`).join(' · ')}`,
    );
    const top = group.classDifferences.filter((d) => Math.abs(d.differenceHa) >= 0.05).slice(0, 3);
    if (top.length > 0) {
      lines.push(
        `  sets it apart: ${top.map((d) => `${formatHaChange(d.differenceHa)} ha ${d.name}`).join(', ')} (mean against the other layouts)`,
      );
    }
    if (group.characteristicHa > 0) {
      lines.push(
        `  characteristic cells: ${formatHa(group.characteristicHa)} ha (${group.characteristicByClass.map((c) => `${c.name} ${formatHa(c.ha)} ha`).join(', ')})${group.map ? ` -> ${group.map}` : ''}`,
      );
    }
  }
  if (result.featureNote) lines.push('', `Note: ${result.featureNote}.`);
  if (result.groupTree) {
    lines.push('');
    formatTree(lines, result.groupTree, 'What tells the groups apart');
  }
  if (result.regionTree) {
    lines.push('');
    const region = result.regionTree.region
      .map((b) => `${b.min === null ? '' : `${b.min} <= `}${b.objective}${b.max === null ? '' : ` <= ${b.max}`}`)
      .join(', ');
    formatTree(
      lines,
      result.regionTree,
      `What tells the ${result.regionTree.members.length} layouts in the region (${region}) from the rest`,
    );
  }
  return lines.join('\n');
}
