/**
 * Regenerate scenarios/scenario.schema.json and scenarios/parties.schema.json from the zod schemas:
 *   npx tsx engine/src/landuse/scenario/write-json-schema.ts
 * A unit test fails when a committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { partiesJsonSchema } from './parties-schema.js';
import { scenarioJsonSchema } from './schema.js';

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function partiesJsonSchemaText(): string {
  return `${JSON.stringify(partiesJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../scenarios');
  for (const [name, text] of [
    ['scenario.schema.json', scenarioJsonSchemaText()],
    ['parties.schema.json', partiesJsonSchemaText()],
  ] as const) {
    await writeFile(path.join(dir, name), text);
    console.log(`wrote ${path.join(dir, name)}`);
  }
}
