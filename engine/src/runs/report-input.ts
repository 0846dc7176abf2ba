/**
 * Assembles the report of a run (a ReportInput, see engine/src/report/types.ts) from its run
 * folder alone: manifest, front, history and the study-area map. Nothing is re-run.
 */
import path from 'node:path';
import {
  DEFAULT_LOCAL_SEARCH,
  describeIndicator,
  indicatorName,
  type ResolvedIndicator,
  type ResolvedScenario,
} from '../landuse/index.js';
import { highlights as highlightRoles } from '../charts/highlights.js';
import { libraryVersions } from '../project.js';
import { splitLabel } from '../report/format.js';
import type { ReportInput, ReportObjective, ReportSelectedLayout } from '../report/index.js';
import { reportRunAgreement } from './cross-run-agreement.js';
import { RunInputError } from './errors.js';
import { resolveSolution } from './export.js';
import { genomeOf, layoutOf, loadFront, type LoadedFront } from './front-io.js';
import { readHistory } from './history.js';
import { reportGroups, reportParties } from './report-decision.js';
import { RUN_FILES } from './run-folder.js';

export interface ReportSelection {
  /** Solution names (ids, `knee` = the compromise, `best-<objective>`); default: the compromise and every extreme. */
  solutions?: string[];
  /** A parties file for the parties chapter; default: the scenario's `parties:` section, if any. */
  parties?: string;
  /** Other runs of the study area for the chapter "Agreement across runs" (`--with-runs`). */
  withRuns?: string[];
  /** The layouts compared from every run there (`--agreement-solutions`); default all. */
  agreementSolutions?: string[];
}

export async function buildReportInput(runDir: string, selection: ReportSelection = {}): Promise<ReportInput> {
  const front = await loadFront(runDir);
  const { manifest } = front;
  const scenario = manifest.scenario.parsed as ResolvedScenario;
  const m = manifest.objectives.length;
  const indicatorKeys = manifest.indicators.map((i) => `${i.objective}.${i.indicator}`);
  const classCount = manifest.classes.length;
  const history = await readHistory(path.join(front.dir, RUN_FILES.history), manifest);
  const highlights = manifest.front!.highlights;
  const selected = selectLayouts(front, selection.solutions); // a bad name fails before the analyses
  const groups = await reportGroups(front);
  const parties = await reportParties(front, selection.parties ?? null);
  const acrossRuns =
    selection.withRuns && selection.withRuns.length > 0
      ? await reportRunAgreement(front.dir, selection.withRuns, selection.agreementSolutions)
      : null;

  return {
    scenario: {
      name: manifest.scenario.name,
      description: manifest.scenario.description,
      file: path.basename(manifest.scenario.path),
      sha256: manifest.scenario.sha256,
    },
    createdAt: new Date().toISOString(),
    engineVersion: manifest.engineVersion,
    command: manifest.command,
    seed: manifest.parameters.seed,
    optimizer: {
      Algorithm: 'NSGA-II (Deb et al. 2002), constrained domination',
      Population: String(manifest.parameters.population),
      Generations: String(manifest.parameters.generations),
      Seed: String(manifest.parameters.seed),
      Workers: String(manifest.parameters.workers),
      'Archive capacity': String(manifest.parameters.archiveCapacity),
      Crossover: `exchange of map regions (today's land-cover patches), probability ${manifest.parameters.crossoverProbability}`,
      Mutation: `region moves${manifest.parameters.mutationCells !== null ? `, ${manifest.parameters.mutationCells} cells` : ''}`,
      Repair: 'restores exact area demands and the change limit, never breaking a rule',
      Parsimony:
        'every layout keeps only changes that serve an objective (changed patches and opposite pairs reverted otherwise)',
      'Local search': `best layout of each objective and the compromise, every ${manifest.parameters.localSearchEvery ?? DEFAULT_LOCAL_SEARCH.every} generations, ${manifest.parameters.localSearchEvaluations ?? DEFAULT_LOCAL_SEARCH.evaluations} move evaluations each; at the end, each objective's best polished with up to ${manifest.parameters.polishEvaluations ?? DEFAULT_LOCAL_SEARCH.polish}`,
    },
    run: {
      status: manifest.status,
      startedAt: manifest.createdAt,
      finishedAt: manifest.finishedAt,
      evaluations: manifest.progress.evaluations,
      generations: manifest.progress.generation,
    },
    grid: {
      width: manifest.grid.width,
      height: manifest.grid.height,
      cellSizeM: manifest.grid.pixelWidth,
      cellAreaHa: manifest.cellAreaHa,
      crs: manifest.grid.crs.epsg
        ? `${manifest.grid.crs.name} (EPSG:${manifest.grid.crs.epsg})`
        : manifest.grid.crs.name,
    },
    classes: manifest.classes.map((c) => ({ ...c, codes: [...c.codes] })),
    current: front.current,
    layers: Object.values(scenario.layers).map((layer) => ({
      name: layer.name,
      source: layer.path
        ? path.relative(path.dirname(manifest.scenario.path), layer.path)
        : `${layer.type} of ${layer.from}`,
      sha256: manifest.inputs.find((i) => i.layer === layer.name)?.sha256 ?? null,
      kind: layer.kind,
    })),
    demands: manifest.demands.map((d) => ({ ...d })),
    rules: describeRules(scenario),
    objectives: scenario.objectives.map((objective): ReportObjective => {
      const meta = manifest.objectives.find((o) => o.id === objective.id)!;
      const { label, unit } = splitLabel(meta.label);
      return {
        id: objective.id,
        label,
        direction: meta.direction,
        unit,
        description: objective.description,
        indicators: objective.indicators.map((indicator) => ({
          id: indicatorName(indicator),
          label: describeIndicator(indicator).label,
          weight: indicator.weight,
          formula: describeIndicator(indicator).formula,
          parameters: describeParameters(indicator, scenario),
        })),
      };
    }),
    front: front.table.map((row) => ({
      id: row[0]!,
      objectives: row.slice(1, 1 + m),
      indicators: Object.fromEntries(indicatorKeys.map((key, k) => [key, row[1 + m + k]!])),
      classAreasHa: row.slice(1 + m + indicatorKeys.length, 1 + m + indicatorKeys.length + classCount),
    })),
    highlights: { extremes: [...highlights.extremes], knee: highlights.knee },
    selected,
    frontLayouts: {
      cells: Int32Array.from(front.geneCells),
      rows: front.rows,
      classesOf: (index, out) => genomeOf(front, index, out),
    },
    representatives: groups.representatives,
    groups: groups.explanation,
    parties,
    acrossRuns,
    history: history.map((h) => ({ ...h })),
    versions: libraryVersions(),
  };
}

function selectLayouts(front: LoadedFront, names: string[] | undefined): ReportSelectedLayout[] {
  const { manifest } = front;
  // Names and reasons of the compromise and the extremes: the definitions the app uses too.
  const roles = highlightRoles(
    manifest.front!.highlights,
    manifest.objectives.map((o) => splitLabel(o.label).label),
  );
  const roleOf = new Map(roles.map((role) => [role.id, role]));
  const chosen: { id: number; label: string; reason: string }[] = [];
  const add = (id: number) => {
    if (chosen.some((c) => c.id === id)) return;
    const role = roleOf.get(id);
    chosen.push({ id, label: role?.label ?? `Layout #${id}`, reason: role?.reason ?? 'Selected by the planner.' });
  };
  if (names && names.length > 0) for (const name of names) add(resolveSolution(front, name));
  else for (const role of roles) add(role.id);
  if (chosen.length === 0) throw new RunInputError('No layouts were selected for the report.');
  return chosen.map((c) => ({ ...c, layout: layoutOf(front, c.id) }));
}

function describeRules(scenario: ResolvedScenario): string[] {
  const name = (index: number) => scenario.classes[index]?.name ?? `class ${index}`;
  const rules: string[] = [];
  const r = scenario.rules;
  if (r.fixed.length) rules.push(`${r.fixed.map(name).join(', ')} keep today's use everywhere.`);
  if (r.protectedAreas.length)
    rules.push(`Cells in ${r.protectedAreas.join(', ')} keep today's use (protected areas).`);
  if (r.noBuild.length) rules.push(`No built class may be placed in ${r.noBuild.join(', ')}.`);
  r.maxSlope.forEach((limit, c) => {
    if (limit !== null) rules.push(`${name(c)} only on slopes up to ${limit}°.`);
  });
  if (r.forbidden.length) {
    const pairs = r.forbidden.map(([from, to]) => `${name(from)} → ${name(to)}`);
    rules.push(
      `Forbidden conversions: ${pairs.length > 12 ? `${pairs.slice(0, 12).join('; ')} and ${pairs.length - 12} more` : pairs.join('; ')}.`,
    );
  }
  rules.push('Area demands per class are met exactly in every reported layout (see the demands table).');
  return rules;
}

function describeParameters(indicator: ResolvedIndicator, scenario: ResolvedScenario): Record<string, string> {
  const names = (indices: readonly number[]) => indices.map((c) => scenario.classes[c]?.name ?? String(c)).join(', ');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(indicator)) {
    // The name, label and formula of a user-defined indicator are shown beside its parameters already.
    if (['type', 'weight', 'name', 'label', 'formula'].includes(key) || value === null || value === undefined) continue;
    if (key === 'distance' || key === 'decay') out[key] = `${value} m`;
    else if (key === 'classes') out[key] = names(value as number[]);
    else if (key === 'matrix')
      out[key] = `${scenario.classes.length} × ${scenario.classes.length} matrix (see the scenario file)`;
    else if (key === 'sensitivity') out[key] = summariseByValue(value as number[], scenario);
    else if (Array.isArray(value)) out[key] = value.join(', ');
    else out[key] = String(value);
  }
  return out;
}

/** `0.5: residential, commercial; 0.1: the other classes` rather than one entry per class. */
function summariseByValue(values: readonly number[], scenario: ResolvedScenario): string {
  const groups = new Map<number, string[]>();
  values.forEach((v, c) => groups.set(v, [...(groups.get(v) ?? []), scenario.classes[c]?.name ?? String(c)]));
  const sorted = [...groups.entries()].sort((a, b) => a[1].length - b[1].length);
  return sorted
    .map(
      ([v, names], k) => `${v}: ${k === sorted.length - 1 && sorted.length > 1 ? 'other classes' : names.join(', ')}`,
    )
    .join('; ');
}
