/**
 * Variants for batches (`paretoplan batch --variants variants.yaml`): named sets of parameter
 * overrides - optimiser settings, area demands, sub-indicator weights - each applied to every
 * scenario of the batch. A variants file is read like a scenario (hardened YAML reader, zod schema,
 * every problem as `file:line: path: message`). Each override is then checked against each scenario
 * (the class, objective and sub-indicator it names must exist there) and written into a copy of the
 * scenario's YAML, which keeps everything else as written: the copy is what the run reads and keeps.
 */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { identifier } from './fields.js';
import { INDICATOR_NAMES, scenarioSchema } from './schema.js';
import { formatPath, lineOf, type FieldPath } from './source-map.js';
import { readSourceFile, validateYaml, type SourceKind } from './yaml-source.js';

const VARIANTS_SOURCE: SourceKind = { what: 'variants file', file: 'variants file', docs: 'docs/distributed.md' };

/** At most this many variants in one file (each multiplies the batch). */
export const MAX_VARIANTS = 100;

const variantSchema = z.strictObject({
  id: identifier
    .max(40)
    .describe('A short name, part of run folder names (`<scenario>--<id>-seed<N>`) and of summary.csv.'),
  description: z.string().optional(),
  optimizer: scenarioSchema.shape.optimizer
    .unwrap()
    .omit({ seed: true, workers: true })
    .optional()
    .describe(
      'Optimiser settings (population, generations, crossoverProbability, mutationCells); seeds come from --seeds.',
    ),
  demands: scenarioSchema.shape.demands.describe(
    "Area demands that replace the scenario's (min and/or max per class).",
  ),
  weights: z
    .record(identifier, z.partialRecord(z.enum(INDICATOR_NAMES), z.number().min(0)))
    .optional()
    .describe('Weights of sub-indicators by objective, e.g. `{ social: { housingSupply: 2 } }`.'),
});

export const variantsFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    variants: z.array(variantSchema).min(1).max(MAX_VARIANTS),
  })
  .describe('Parameter variants applied to every scenario of a batch.');

export type VariantDocument = z.output<typeof variantSchema>;

/** A variants file as read, with the line of every field (for messages about a scenario it does not fit). */
export interface VariantsSource {
  readonly file: string;
  readonly lines: Readonly<Record<string, number>>;
  readonly variants: readonly VariantDocument[];
}

/**
 * Read and validate a variants file.
 * @throws LandUseInputError listing every problem with its line
 */
export async function loadVariantsFile(file: string): Promise<VariantsSource> {
  return parseVariantsText(await readSourceFile(file, VARIANTS_SOURCE), file);
}

/** Validate the text of a variants file; `file` names it in messages. */
export function parseVariantsText(text: string, file: string): VariantsSource {
  const { data, lines } = validateYaml(text, file, variantsFileSchema, VARIANTS_SOURCE);
  const issues: ScenarioIssue[] = [];
  const seen = new Map<string, number>();
  data.variants.forEach((variant, index) => {
    const first = seen.get(variant.id);
    if (first !== undefined) {
      const p = ['variants', index, 'id'];
      issues.push({
        file,
        line: lineOf(lines, p),
        path: formatPath(p),
        message: `variant "${variant.id}" is declared twice (first as variants[${first}]); ids name run folders and must differ`,
      });
    } else seen.set(variant.id, index);
  });
  if (issues.length > 0) throw LandUseInputError.fromIssues(file, issues, VARIANTS_SOURCE.what);
  return { file, lines, variants: data.variants };
}

interface ScenarioShape {
  name?: unknown;
  classes?: { id?: unknown }[];
  objectives?: Record<string, { indicators?: Record<string, unknown> }>;
  layers?: Record<string, { path?: unknown }>;
}

/**
 * The text of `scenarioFile` with the variant's overrides written in, its layer paths made absolute
 * (the copy lives elsewhere) and its name suffixed with the variant's id.
 * @param scenarioText the scenario's text, already validated (`loadScenarioFile`)
 * @throws LandUseInputError naming the variants file and line of each override the scenario lacks
 */
export function applyVariant(
  scenarioText: string,
  scenarioFile: string,
  source: VariantsSource,
  variant: VariantDocument,
): string {
  const document = parseDocument(scenarioText, { uniqueKeys: false });
  const scenario = (document.toJS({ maxAliasCount: -1 }) ?? {}) as ScenarioShape;
  const index = source.variants.indexOf(variant);
  const issues: ScenarioIssue[] = [];
  const issue = (p: FieldPath, message: string) =>
    issues.push({ file: source.file, line: lineOf(source.lines, p), path: formatPath(p), message });
  const scenarioName = path.basename(scenarioFile);

  const classIds = (scenario.classes ?? []).map((c) => String(c.id));
  for (const classId of Object.keys(variant.demands ?? {})) {
    if (!classIds.includes(classId)) {
      issue(
        ['variants', index, 'demands', classId],
        `scenario ${scenarioName} has no class "${classId}" (its classes: ${classIds.join(', ')})`,
      );
    }
  }
  for (const [objective, weights] of Object.entries(variant.weights ?? {})) {
    const indicators = scenario.objectives?.[objective]?.indicators;
    if (!indicators) {
      issue(
        ['variants', index, 'weights', objective],
        `scenario ${scenarioName} has no objective "${objective}" (its objectives: ${Object.keys(scenario.objectives ?? {}).join(', ')})`,
      );
      continue;
    }
    for (const indicator of Object.keys(weights)) {
      if (!Object.hasOwn(indicators, indicator)) {
        issue(
          ['variants', index, 'weights', objective, indicator],
          `objective "${objective}" of scenario ${scenarioName} has no sub-indicator "${indicator}" (it has: ${Object.keys(indicators).join(', ')}); a weight changes a sub-indicator the scenario configures`,
        );
      }
    }
  }
  if (issues.length > 0) throw LandUseInputError.fromIssues(source.file, issues, VARIANTS_SOURCE.what);

  const baseDir = path.dirname(path.resolve(scenarioFile));
  for (const [name, layer] of Object.entries(scenario.layers ?? {})) {
    if (typeof layer?.path === 'string') document.setIn(['layers', name, 'path'], path.resolve(baseDir, layer.path));
  }
  document.set('name', `${String(scenario.name)} [${variant.id}]`);
  for (const [key, value] of Object.entries(variant.optimizer ?? {})) {
    if (value !== undefined) document.setIn(['optimizer', key], value);
  }
  for (const [classId, demand] of Object.entries(variant.demands ?? {})) {
    for (const bound of ['min', 'max'] as const) {
      if (demand[bound] !== undefined) document.setIn(['demands', classId, bound], demand[bound]);
    }
  }
  for (const [objective, weights] of Object.entries(variant.weights ?? {})) {
    for (const [indicator, weight] of Object.entries(weights)) {
      document.setIn(['objectives', objective, 'indicators', indicator, 'weight'], weight);
    }
  }
  document.commentBefore =
    ` Scenario ${path.resolve(scenarioFile)} with variant "${variant.id}" of ${path.resolve(source.file)},\n` +
    ' written by `paretoplan batch --variants`: edit those files, not this copy.';
  return document.toString({ lineWidth: 0 });
}
