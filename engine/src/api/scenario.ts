/**
 * Scenario validation and preparation for the front ends: `paretoplan validate` / `prepare` and
 * the desktop app's scenario editor.
 */
import {
  checkFeasibility,
  formatIssue,
  gridWarnings,
  indicatorName,
  LandUseInputError,
  loadScenarioFile,
  MAX_LISTED_ISSUES,
  prepareScenario,
  type PreparedScenario,
  type ScenarioIssue,
} from '../landuse/index.js';
import { isInputError } from './errors.js';

export interface ClassSummary {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  /** Hectares today. */
  readonly todayHa: number;
  /** Hectares that cannot change (fixed class, protected, no alternative). */
  readonly lockedHa: number;
  /** Hectares of changeable cells that may take this class (today's included). */
  readonly allowedHa: number;
  readonly minHa: number | null;
  readonly maxHa: number | null;
}

export interface StudyAreaSummary {
  readonly name: string;
  readonly description: string;
  readonly grid: { readonly width: number; readonly height: number; readonly cellSizeM: number; readonly crs: string };
  readonly cells: number;
  readonly studyAreaCells: number;
  readonly studyAreaHa: number;
  readonly changeableCells: number;
  readonly changeableHa: number;
  /** The most land a layout may change (rules.maxChange), or null without a limit. */
  readonly maxChangeHa: number | null;
  readonly locked: { readonly fixedClass: number; readonly protectedArea: number; readonly noAlternative: number };
  readonly classes: readonly ClassSummary[];
  readonly objectives: readonly {
    readonly id: string;
    readonly label: string;
    readonly indicators: readonly string[];
  }[];
  readonly optimizer: {
    readonly population: number;
    readonly generations: number;
    readonly seed: number;
    readonly workers: 'auto' | number;
  };
}

export interface ScenarioValidation {
  readonly file: string;
  readonly ok: boolean;
  readonly errors: readonly ScenarioIssue[];
  readonly warnings: readonly ScenarioIssue[];
  /** Present when the scenario and its layers could be loaded. */
  readonly summary: StudyAreaSummary | null;
}

/**
 * Validate a scenario: its schema and references, its layers, and the feasibility of its rules
 * and demands. Never throws for problems in the scenario: they are returned, all at once.
 * @example const result = await validateScenario('scenarios/riverbend-balanced.yaml');
 */
export async function validateScenario(file: string): Promise<ScenarioValidation> {
  let prepared: PreparedScenario;
  try {
    prepared = await prepareScenario(await loadScenarioFile(file));
  } catch (error) {
    if (error instanceof LandUseInputError && error.issues.length > 0)
      return { file, ok: false, errors: error.issues, warnings: [], summary: null };
    if (isInputError(error))
      return {
        file,
        ok: false,
        errors: [{ file, line: null, path: '', message: error.message }],
        warnings: [],
        summary: null,
      };
    throw error;
  }
  const { errors, warnings } = checkFeasibility(prepared.scenario, prepared.studyArea, prepared.undeclared);
  return {
    file,
    ok: errors.length === 0,
    errors,
    warnings: [...gridWarnings(prepared), ...warnings],
    summary: summarise(prepared),
  };
}

function summarise(prepared: PreparedScenario): StudyAreaSummary {
  const { scenario, studyArea: area, grid } = prepared;
  const K = area.classes.length;
  const today = new Array<number>(K).fill(0);
  for (let i = 0; i < area.current.length; i++) if (area.current[i]! < K) today[area.current[i]!]!++;
  const allowed = new Array<number>(K).fill(0);
  for (let g = 0; g < area.allowed.length; g++)
    for (let c = 0; c < K; c++) if ((area.allowed[g]! >> c) & 1) allowed[c]!++;
  const ha = (cells: number) => cells * area.cellAreaHa;
  const demanded = new Map(scenario.demands.map((d) => [d.classIndex, d]));
  return {
    name: scenario.name,
    description: scenario.description,
    grid: {
      width: area.width,
      height: area.height,
      cellSizeM: area.cellSizeX,
      crs: grid.crs.epsg ? `EPSG:${grid.crs.epsg} (${grid.crs.name})` : grid.crs.name,
    },
    cells: area.width * area.height,
    studyAreaCells: area.validCells,
    studyAreaHa: ha(area.validCells),
    changeableCells: area.geneCells.length,
    changeableHa: ha(area.geneCells.length),
    maxChangeHa: area.maxChangedCells < area.geneCells.length ? ha(area.maxChangedCells) : null,
    locked: area.lockedBy,
    classes: area.classes.map((c, i) => ({
      id: c.id,
      name: c.name,
      color: c.color,
      todayHa: ha(today[i]!),
      lockedHa: ha(area.fixedCounts[i]!),
      allowedHa: ha(allowed[i]!),
      minHa: demanded.get(i)?.min ? ha(area.minCells[i]!) : null,
      maxHa: demanded.get(i)?.max ? ha(area.maxCells[i]!) : null,
    })),
    objectives: scenario.objectives.map((o) => ({
      id: o.id,
      label: o.label,
      indicators: o.indicators.map((x) => `${indicatorName(x)} x${x.weight}`),
    })),
    optimizer: scenario.optimizer,
  };
}

const fmt = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/** A validation result as text: every problem with its line, or a summary of the study area. */
export function formatValidation(result: ScenarioValidation): string {
  const lines: string[] = [];
  const [only] = result.errors;
  if (result.errors.length === 1 && only!.line === null && !only!.path) {
    // A problem with the file as a whole (missing, unreadable): one line, the path once.
    lines.push(formatIssue(only!));
  } else if (!result.ok) {
    lines.push(`${result.file}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}:`);
    for (const issue of result.errors.slice(0, MAX_LISTED_ISSUES)) lines.push(`  ${formatIssue(issue)}`);
    if (result.errors.length > MAX_LISTED_ISSUES)
      lines.push(`  … and ${result.errors.length - MAX_LISTED_ISSUES} more`);
  }
  for (const issue of result.warnings) lines.push(`  warning: ${formatIssue(issue)}`);
  const s = result.summary;
  if (result.ok && s) {
    lines.push(`${result.file}: valid`);
    lines.push(`  ${s.name}`);
    lines.push(`  grid ${s.grid.width} x ${s.grid.height} cells of ${fmt(s.grid.cellSizeM)} m, ${s.grid.crs}`);
    lines.push(
      `  study area ${fmt(s.studyAreaCells)} cells = ${fmt(s.studyAreaHa)} ha; changeable ${fmt(s.changeableCells)} cells = ${fmt(s.changeableHa)} ha` +
        (s.maxChangeHa !== null ? `; at most ${fmt(s.maxChangeHa)} ha may change (rules.maxChange)` : ''),
    );
    lines.push(
      `  locked: ${fmt(s.locked.fixedClass)} cells of fixed classes, ${fmt(s.locked.protectedArea)} protected, ${fmt(s.locked.noAlternative)} with no allowed alternative`,
    );
    lines.push('  class            today ha   locked ha  may take ha   demand');
    for (const c of s.classes) {
      const demand =
        c.minHa === null && c.maxHa === null
          ? ''
          : `${c.minHa === null ? '' : `min ${fmt(c.minHa)} ha`}${c.minHa !== null && c.maxHa !== null ? ', ' : ''}${c.maxHa === null ? '' : `max ${fmt(c.maxHa)} ha`}`;
      lines.push(
        `  ${c.id.padEnd(15)} ${fmt(c.todayHa).padStart(9)} ${fmt(c.lockedHa).padStart(11)} ${fmt(c.allowedHa).padStart(12)}   ${demand}`,
      );
    }
    lines.push(`  objectives: ${s.objectives.map((o) => `${o.id} (${o.indicators.join(', ')})`).join('; ')}`);
    lines.push(
      `  optimizer: population ${s.optimizer.population}, generations ${s.optimizer.generations}, seed ${s.optimizer.seed}, workers ${s.optimizer.workers}`,
    );
  }
  return lines.join('\n');
}

/** An input error listing a failed validation's problems (the CLI prints it and exits with 2). */
export function validationError(result: ScenarioValidation): LandUseInputError {
  return new LandUseInputError(formatValidation(result), result.errors);
}
