/** The settings form as text fields, and its validation (pure, so tests check the messages). */
import type { ScenarioSettings } from '../../../../../engine/src/api/contract.js';
import { demandProblem, limitProblem, SETTING_LABELS, workersProblem } from '../../../../../engine/src/rules/index.js';

export interface SettingsDraft {
  demands: { classId: string; min: string; max: string }[];
  /** Each weight with the plain-language names of its objective and sub-indicator (from the engine). */
  weights: { objective: string; indicator: string; objectiveLabel: string; label: string; value: string }[];
  population: string;
  generations: string;
  seed: string;
  workers: string;
}

export function draftOf(settings: ScenarioSettings): SettingsDraft {
  // Twelve significant digits drop float noise (1850.0000000001) and keep declared decimals (1453.9375).
  const text = (v: number | null) => (v === null ? '' : String(Number(v.toPrecision(12))));
  return {
    demands: settings.demands.map((d) => ({ classId: d.classId, min: text(d.minHa), max: text(d.maxHa) })),
    weights: settings.objectives.flatMap((o) =>
      o.indicators.map((i) => ({
        objective: o.id,
        indicator: i.type,
        objectiveLabel: o.label,
        label: i.label ?? i.type,
        value: String(i.weight),
      })),
    ),
    population: String(settings.optimizer.population),
    generations: String(settings.optimizer.generations),
    seed: String(settings.optimizer.seed),
    workers: String(settings.optimizer.workers),
  };
}

/** Field key -> message, for every field that is wrong. */
export type DraftErrors = Record<string, string>;

const number = (s: string) => (s.trim() === '' ? null : Number(s));

/** A field's text as the rules read it: a number when it is one, else the text (quoted in the message). */
export function fieldValue(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/**
 * What is wrong with an optimiser setting typed into a form, by the rules the scenario file, the
 * CLI and the engine API obey (engine/src/rules/limits.ts): `Population must be an even whole
 * number from 4 to 10,000 (offspring come in pairs), got 7.`, or null.
 */
export function settingError(name: 'population' | 'generations' | 'seed' | 'workers', text: string): string | null {
  const value = fieldValue(text);
  const problem = name === 'workers' ? workersProblem(value) : limitProblem(name, value);
  return problem === null ? null : `${SETTING_LABELS[name]} ${problem}.`;
}

export function validateDraft(draft: SettingsDraft): DraftErrors {
  const errors: DraftErrors = {};
  for (const d of draft.demands) {
    const problem = demandProblem(fieldNumber(d.min), fieldNumber(d.max));
    if (problem) errors[`demand.${d.classId}.${problem.field}`] = `The ${problem.field}imum ${problem.message}.`;
  }
  for (const w of draft.weights) {
    const v = number(w.value);
    if (v === null || !(v >= 0)) errors[`weight.${w.objective}.${w.indicator}`] = 'Enter a weight of 0 or more.';
  }
  for (const name of ['population', 'generations', 'seed', 'workers'] as const) {
    const error = settingError(name, draft[name]);
    if (error !== null) errors[name] = error;
  }
  return errors;
}

/** An optional hectares field: null when empty, NaN when not a number (the demand rule names it). */
function fieldNumber(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** A valid draft as settings (call validateDraft first). */
export function settingsOf(draft: SettingsDraft, base: ScenarioSettings): ScenarioSettings {
  return {
    demands: draft.demands.map((d) => ({ classId: d.classId, minHa: number(d.min), maxHa: number(d.max) })),
    objectives: base.objectives.map((o) => ({
      ...o,
      indicators: o.indicators.map((i) => ({
        type: i.type,
        weight: Number(draft.weights.find((w) => w.objective === o.id && w.indicator === i.type)?.value ?? i.weight),
      })),
    })),
    optimizer: {
      population: Number(draft.population),
      generations: Number(draft.generations),
      seed: Number(draft.seed),
      workers: draft.workers.trim() === 'auto' ? 'auto' : Number(draft.workers),
    },
  };
}

/** `/a/b/riverbend.yaml` -> `/a/b/riverbend-edited.yaml` */
export function suggestedCopyPath(path: string): string {
  return path.replace(/(\.ya?ml)?$/i, (ext) => `-edited${ext || '.yaml'}`);
}
