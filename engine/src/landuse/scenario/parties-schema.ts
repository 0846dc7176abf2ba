/**
 * The parties at the planning table and their preferences: the `parties:` list of a parties file
 * (`scenarios/*.parties.yaml`, JSON Schema `scenarios/parties.schema.json`) or of a scenario.
 * Shapes are checked here; names (objectives, sub-indicators) and the combination of fields by
 * `checkParties` (parties.ts), so that one validation run reports every problem with its line.
 * Document every change in docs/parties.md.
 */
import { z } from 'zod';
import { hexColor, identifier } from './fields.js';

/** `"80 % of range"`: 80 % of the way from the front's worst value (0 %) to its best (100 %). */
export const RANGE_SHARE_PATTERN = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*of\s+(?:the\s+)?range\s*$/i;

/** The share (0..1) a `"<n> % of range"` level stands for, or null for any other text. */
export function parseRangeShare(text: string): number | null {
  const match = RANGE_SHARE_PATTERN.exec(text);
  return match ? Number(match[1]) / 100 : null;
}

const criterionKey = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?$/,
    'must name an objective ("economic") or one of its sub-indicators ("economic.landValue")',
  );

const level = z
  .union([
    z.number(),
    z
      .string()
      .regex(
        RANGE_SHARE_PATTERN,
        'must be a value in the criterion\'s own unit (a number) or a share of the front\'s range such as "75 % of range"',
      ),
  ])
  .describe(
    'A value in the unit of the objective or sub-indicator, or "<n> % of range": that share of the way from the worst value on the front to the best.',
  );

export const party = z
  .strictObject({
    id: identifier.describe('A short name, e.g. "residents".'),
    name: z.string().min(1).optional().describe('A display name, e.g. "Residents\' association".'),
    description: z.string().optional().describe('Who the party is and what it wants, in a sentence.'),
    color: hexColor.optional().describe('Colour of the party in charts, e.g. "#1f77b4".'),
    weights: z
      .record(criterionKey, z.number().min(0))
      .optional()
      .describe(
        'Weights over objectives and/or sub-indicators (scored by normalised weighted Tchebycheff). Give either weights or aspirations.',
      ),
    aspirations: z
      .record(criterionKey, level)
      .optional()
      .describe(
        'The value each objective or sub-indicator should reach: a reference point (scored by the achievement scalarising function).',
      ),
    reservations: z
      .record(criterionKey, level)
      .optional()
      .describe(
        'With aspirations: the worst acceptable value of some of them (default: the worst value on the front).',
      ),
  })
  .describe('One party and its preference: weights, or aspiration levels with optional reservation levels.');

export const partyList = z.array(party).min(1).max(12);

export const partiesFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional().describe('What these parties stand for, e.g. the workshop they come from.'),
    parties: partyList.describe('1 to 12 parties.'),
  })
  .describe('The parties at the table of a Pareto Plan scenario.');

export type PartyDocument = z.output<typeof party>;
export type PartiesFileDocument = z.output<typeof partiesFileSchema>;

/** The JSON Schema (draft 2020-12) of parties files, for editors (`$schema: ./parties.schema.json`). */
export function partiesJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(partiesFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://paretoplan.example/parties.schema.json', title: 'Pareto Plan parties' };
}
