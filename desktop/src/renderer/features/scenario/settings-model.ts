/** The settings form as text fields, and its validation (pure, so tests check the messages). */
import type { ScenarioSettings } from '../../../../../engine/src/api/contract.js';

export interface SettingsDraft {
  demands: { classId: string; min: string; max: string }[];
  weights: { objective: string; indicator: string; value: string }[];
  population: string;
  generations: string;
  seed: string;
  workers: string;
}

export function draftOf(settings: ScenarioSettings): SettingsDraft {
  const text = (v: number | null) => (v === null ? '' : String(Number(v.toFixed(2))));
  return {
    demands: settings.demands.map((d) => ({ classId: d.classId, min: text(d.minHa), max: text(d.maxHa) })),
    weights: settings.objectives.flatMap((o) =>
      o.indicators.map((i) => ({ objective: o.id, indicator: i.type, value: String(i.weight) })),
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

export function validateDraft(draft: SettingsDraft): DraftErrors {
  const errors: DraftErrors = {};
  for (const d of draft.demands) {
    const min = number(d.min);
    const max = number(d.max);
    if (min !== null && !(min >= 0)) errors[`demand.${d.classId}.min`] = 'Enter hectares (0 or more), or leave empty.';
    if (max !== null && !(max >= 0)) errors[`demand.${d.classId}.max`] = 'Enter hectares (0 or more), or leave empty.';
    if (min !== null && max !== null && min >= 0 && max >= 0 && min > max)
      errors[`demand.${d.classId}.max`] = `The maximum is below the minimum (${min} ha).`;
  }
  for (const w of draft.weights) {
    const v = number(w.value);
    if (v === null || !(v >= 0)) errors[`weight.${w.objective}.${w.indicator}`] = 'Enter a weight of 0 or more.';
  }
  const population = number(draft.population);
  if (population === null || !Number.isInteger(population) || population < 4 || population % 2 !== 0)
    errors.population = 'An even whole number of at least 4 (offspring come in pairs).';
  const generations = number(draft.generations);
  if (generations === null || !Number.isInteger(generations) || generations < 1)
    errors.generations = 'A whole number of at least 1.';
  const seed = number(draft.seed);
  if (seed === null || !Number.isInteger(seed) || seed < 0) errors.seed = 'A whole number of 0 or more.';
  const workers = draft.workers.trim();
  if (workers !== 'auto' && !(Number.isInteger(Number(workers)) && Number(workers) >= 1))
    errors.workers = '"auto" or a whole number of at least 1.';
  return errors;
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
