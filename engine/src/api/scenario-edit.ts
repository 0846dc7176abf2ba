/**
 * Editing a scenario from the desktop form: read the settings it edits (demands in hectares,
 * indicator weights, optimiser settings) and write them into a copy of the file ("save as"),
 * keeping every comment and everything else as it was.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { describeIndicator, indicatorName, loadScenarioFile, type ResolvedScenario } from '../landuse/index.js';
import type { ParsedArea } from '../landuse/scenario/units.js';
import { writeAtomic } from '../runs/files.js'; // not the barrel: see explore.ts
import type { ScenarioSettings } from './contract.js';
import { demandProblem, limitProblem, settingMessage, workersProblem } from './limits.js';
import type { ScenarioValidation } from './scenario.js';

export class ScenarioEditError extends Error {
  readonly kind = 'input' as const;
}

/** The editable settings of a scenario that loads; demands come from its validated summary. */
export async function readScenarioSettings(
  file: string,
  validation: ScenarioValidation,
): Promise<ScenarioSettings | null> {
  if (!validation.summary) return null;
  let scenario: ResolvedScenario;
  try {
    scenario = await loadScenarioFile(file);
  } catch {
    return null;
  }
  return {
    // Demands as the file declares them (1,850 ha stays 1,850, not the 1,850.1 ha its whole cells
    // make); a demand in cells or % of the area is shown as the hectares it comes to.
    demands: validation.summary.classes.map((c) => {
      const declared = scenario.demands.find((d) => scenario.classes[d.classIndex]?.id === c.id);
      return { classId: c.id, minHa: declaredHa(declared?.min, c.minHa), maxHa: declaredHa(declared?.max, c.maxHa) };
    }),
    objectives: scenario.objectives.map((o) => ({
      id: o.id,
      label: o.label,
      indicators: o.indicators.map((i) => ({
        type: indicatorName(i),
        weight: i.weight,
        label: describeIndicator(i).label,
      })),
    })),
    optimizer: {
      population: scenario.optimizer.population,
      generations: scenario.optimizer.generations,
      seed: scenario.optimizer.seed,
      workers: scenario.optimizer.workers,
    },
  };
}

const hectares = (value: number) => `${Number(value.toFixed(4))} ha`;

/**
 * Write `settings` into a copy of scenario `source` at `target`. Layer paths relative to the
 * source are rewritten relative to the target's folder, so the copy reads the same data.
 * @throws ScenarioEditError when target is the source, or a setting is not a finite number
 */
export async function saveScenarioAs(source: string, settings: ScenarioSettings, target: string): Promise<string> {
  const from = path.resolve(source);
  const to = path.resolve(target);
  if (from === to) throw new ScenarioEditError(`Save as needs a new file name: ${to} is the scenario being edited.`);
  if (!/\.ya?ml$/i.test(to)) throw new ScenarioEditError(`${to}: scenario files end in .yaml or .yml.`);
  const text = await readFile(from, 'utf8').catch((error: unknown) => {
    throw new ScenarioEditError(`Cannot read ${from}: ${(error as Error).message}`);
  });
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ScenarioEditError(`${from} is not valid YAML; fix it before saving a copy.`);

  for (const demand of settings.demands) {
    const problem = demandProblem(demand.minHa, demand.maxHa);
    if (problem) throw new ScenarioEditError(`The ${problem.field}imum of ${demand.classId} ${problem.message}.`);
    if (demand.minHa === null && demand.maxHa === null) {
      if (doc.hasIn(['demands', demand.classId])) doc.deleteIn(['demands', demand.classId]);
      continue;
    }
    const value: Record<string, string> = {};
    if (demand.minHa !== null) value.min = hectares(demand.minHa);
    if (demand.maxHa !== null) value.max = hectares(demand.maxHa);
    const node = doc.createNode(value);
    node.flow = true;
    doc.setIn(['demands', demand.classId], node);
  }
  for (const objective of settings.objectives) {
    for (const indicator of objective.indicators) {
      checkNumber(`weight of ${objective.id}.${indicator.type}`, indicator.weight);
      const at = ['objectives', objective.id, 'indicators', indicator.type];
      if (!isMap(doc.getIn(at, true))) doc.setIn(at, doc.createNode({}));
      setKeepingStyle(doc, [...at, 'weight'], indicator.weight);
    }
  }
  const { population, generations, seed, workers } = settings.optimizer;
  for (const [name, value] of [
    ['population', population],
    ['generations', generations],
    ['seed', seed],
  ] as const) {
    const problem = limitProblem(name, value);
    if (problem) throw new ScenarioEditError(settingMessage(name, problem, { kind: 'form' }));
  }
  const workersIssue = workersProblem(workers);
  if (workersIssue) throw new ScenarioEditError(settingMessage('workers', workersIssue, { kind: 'form' }));
  if (!isMap(doc.get('optimizer', true))) doc.set('optimizer', doc.createNode({}));
  setKeepingStyle(doc, ['optimizer', 'population'], population);
  setKeepingStyle(doc, ['optimizer', 'generations'], generations);
  setKeepingStyle(doc, ['optimizer', 'seed'], seed);
  setKeepingStyle(doc, ['optimizer', 'workers'], workers);

  const fromDir = path.dirname(from);
  const toDir = path.dirname(to);
  const layers = doc.get('layers', true);
  if (fromDir !== toDir && isMap(layers)) {
    for (const item of layers.items) {
      const layer = item.value;
      if (!isMap(layer)) continue;
      const p = layer.get('path');
      if (typeof p === 'string' && !path.isAbsolute(p)) {
        layer.set('path', path.relative(toDir, path.resolve(fromDir, p)).split(path.sep).join('/'));
      }
    }
  }
  await mkdir(toDir, { recursive: true }).catch(() => undefined);
  await writeAtomic(to, doc.toString({ lineWidth: 100 })).catch((error: unknown) => {
    throw new ScenarioEditError(`Cannot write ${to}: ${(error as Error).message}`);
  });
  return to;
}

function checkNumber(what: string, value: number | null): void {
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new ScenarioEditError(`${what} must be a number of at least 0, got ${JSON.stringify(value)}.`);
  }
}

function setKeepingStyle(doc: Document, at: string[], value: unknown): void {
  const node = doc.getIn(at, true);
  if (isScalar(node)) node.value = value;
  else doc.setIn(at, value);
}

/** An area in hectares when it was declared in an area unit, else `fallback` (the summary's hectares). */
function declaredHa(area: ParsedArea | null | undefined, fallback: number | null): number | null {
  if (!area) return fallback;
  switch (area.unit) {
    case 'ha':
      return area.value;
    case 'km2':
      return area.value * 100;
    case 'm2':
      return area.value / 10_000;
    default:
      return fallback;
  }
}
