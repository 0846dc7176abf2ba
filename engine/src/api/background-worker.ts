/**
 * The background worker's entry (see background.ts): scenario validation and study-area maps,
 * the API's heavy reads, run here so that the process serving the window stays responsive.
 * Failures return as values, so their kind (`input` or not) survives the thread boundary.
 */
import { expose, transfer } from 'comlink';
import { parentPort } from 'node:worker_threads';
import { nodeEndpoint } from '../parallel/index.js';
import { isInputError } from './errors.js';
import { readScenarioSettings, type EditableSettings } from './scenario-edit.js';
import { validateScenario, type ScenarioValidation } from './scenario.js';
import { loadStudyAreaLayers, type StudyAreaLayers } from './study-area.js';

if (!parentPort) throw new Error('background-worker must be started as a worker thread');

/** A result, or the message and kind of the error that replaced it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; input: boolean };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), input: isInputError(error) };
  }
}

export const backgroundApi = {
  /** Validate a scenario and read the settings the desktop form edits. */
  checkScenario: (file: string) =>
    outcome(async (): Promise<{ validation: ScenarioValidation; settings: EditableSettings | null }> => {
      const validation = await validateScenario(file);
      return { validation, settings: await readScenarioSettings(file, validation) };
    }),
  async studyArea(file: string): Promise<Outcome<StudyAreaLayers>> {
    const result = await outcome(() => loadStudyAreaLayers(file));
    if (!result.ok) return result;
    const buffers = [result.value.current.buffer, ...result.value.overlays.map((o) => o.mask.buffer)];
    return transfer(result, buffers as ArrayBuffer[]);
  },
};

export type BackgroundApi = typeof backgroundApi;

expose(backgroundApi, nodeEndpoint(parentPort));
