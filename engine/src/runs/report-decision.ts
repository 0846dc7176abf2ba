/**
 * The parties and groups analyses of a run as the report shows them (ReportParties,
 * ReportGroupExplanation in engine/src/report/types.ts): the same analyses `paretoplan parties`
 * and `paretoplan groups` print (parties.ts, groups.ts), with the maps as whole-grid rasters
 * instead of GeoTIFF files. Formulas: docs/parties.md.
 */
import path from 'node:path';
import { COMPROMISE_RULES, type TreeExplanation } from '../decision/index.js';
import { NO_CLASS, type ResolvedScenario } from '../landuse/index.js';
import type { ReportGroupExplanation, ReportParties, ReportRepresentative, ReportTree } from '../report/index.js';
import { splitLabel } from '../report/format.js';
import type { LoadedFront } from './front-io.js';
import { analyseGroups, ruleText } from './groups.js';
import { analyseParties, copyPreference, partiesForRun } from './parties.js';
import { fillBy } from '../io/typed-map.js';

/**
 * The parties of `file`, else of the scenario's `parties:` section, judging the front; null when
 * neither names any party.
 * @throws LandUseInputError for a parties file with problems (file:line)
 */
export async function reportParties(front: LoadedFront, file: string | null): Promise<ReportParties | null> {
  const scenario = front.manifest.scenario.parsed as ResolvedScenario;
  if (!file && (scenario.parties ?? []).length === 0) return null;
  const analysis = analyseParties(front, await partiesForRun(front, file));
  const { manifest } = front;
  const ha = (cells: number) => cells * manifest.cellAreaHa;
  const a = analysis.agreement;
  // Cells that never change keep today's class and count as agreed (decision-maps.ts does the same).
  const disagreeing = fillBy(new Uint8Array(front.current.length), (i) =>
    front.current[i] === NO_CLASS ? NO_CLASS : 0,
  );
  const mode = Uint8Array.from(front.current);
  front.geneCells.forEach((cell, g) => {
    disagreeing[cell] = a.disagreeing[g]!;
    mode[cell] = a.mode[g]!;
  });
  const genes = manifest.studyArea.genes;
  const consensusCells = a.genesByDisagreeing[0] ?? 0;
  return {
    source: path.basename(analysis.source),
    criteria: analysis.criteria.ids.map((id, j) => ({
      id,
      unit: criterionUnit(front, id),
      direction: analysis.criteria.directions[j]!,
      worst: analysis.ranges[j]!.worst,
      best: analysis.ranges[j]!.best,
    })),
    parties: analysis.parties.map((party, p) => ({
      id: party.id,
      name: party.name,
      description: party.description,
      color: party.color,
      preference: copyPreference(party.preference),
      preferred: analysis.scores[p]!.preferred,
      // front.csv ids are row numbers (docs/run-folder.md), so satisfaction[id] is in front order.
      satisfaction: Array.from(analysis.scores[p]!.satisfaction),
      disagreement: analysis.disagreement[p]!,
    })),
    compromises: analysis.compromises.map((c) => ({
      rule: c.rule,
      ...COMPROMISE_RULES[c.rule],
      id: c.id,
      value: c.value,
    })),
    borda: {
      shortlist: [...analysis.shortlist],
      standings: analysis.borda.standings.map((s) => ({ ...s })),
      winners: [...analysis.borda.winners],
    },
    agreement: {
      disagreeing,
      mode,
      changeableHa: ha(genes),
      consensusHa: ha(consensusCells),
      conflictHa: ha(genes - consensusCells),
      conflictByDisagreeing: Array.from(a.genesByDisagreeing)
        .map((cells, k) => ({ parties: k, ha: ha(cells) }))
        .filter((row) => row.parties > 0),
      classes: manifest.classes.map((_, k) => ({
        consensusHa: ha(a.consensusGenes[k]!),
        agreedChangeHa: ha(a.agreedChangeGenes[k]!),
        contestedHa: ha(a.contestedGenes[k]!),
      })),
    },
  };
}

/** The unit of an objective (`Economic return (M€)` -> `M€`) or of a sub-indicator (from the manifest). */
function criterionUnit(front: LoadedFront, id: string): string {
  const { objectives, indicators } = front.manifest;
  const indicator = indicators.find((i) => `${i.objective}.${i.indicator}` === id);
  if (indicator) return indicator.unit;
  return splitLabel(objectives.find((o) => o.id === id)?.label ?? '').unit;
}

/** The groups of similar layouts, and what sets each apart. */
export async function reportGroups(
  front: LoadedFront,
): Promise<{ representatives: ReportRepresentative[]; explanation: ReportGroupExplanation }> {
  const analysis = await analyseGroups(front);
  const objectives = front.manifest.objectives.length;
  return {
    representatives: analysis.groups.clusters.map((cluster) => ({
      medoid: cluster.medoid,
      members: [...cluster.members],
      size: cluster.members.length,
      meanDifference: cluster.meanDifference,
    })),
    explanation: {
      silhouettes: analysis.groups.silhouettes.map((s) => ({ ...s })),
      profiles: analysis.profiles.map((profile) => ({
        // The profile's criteria are the objectives, then the sub-indicators.
        objectiveRanges: profile.ranges.slice(0, objectives).map((r) => ({ ...r })),
        classDifferences: profile.classDifferences.map((d) => ({ ...d })),
        characteristicCells: Int32Array.from(profile.characteristic.genes, (g) => front.geneCells[g]!),
        characteristicClasses: Uint8Array.from(profile.characteristic.classes),
      })),
      featureNote: analysis.featureNote,
      tree: analysis.groupTree && reportTree(analysis.groupTree, analysis.features),
    },
  };
}

function reportTree(tree: TreeExplanation, features: Parameters<typeof ruleText>[1]): ReportTree {
  return {
    labels: [...tree.labels],
    counts: [...tree.counts],
    rules: tree.rules.map((rule) => ({
      text: ruleText(rule, features, tree.labels),
      layouts: rule.rows,
      correct: rule.correct,
    })),
    accuracy: tree.accuracy,
    crossValidatedAccuracy: Number.isNaN(tree.crossValidated) ? null : tree.crossValidated,
    features: features.features.length,
  };
}
