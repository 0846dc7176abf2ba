/**
 * Regenerate scenarios/scenario.schema.json from the zod schema:
 *   npx tsx engine/src/landuse/scenario/write-json-schema.ts
 * A unit test fails when the committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './schema.js';

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../../scenarios/scenario.schema.json',
  );
  await writeFile(target, scenarioJsonSchemaText());
  console.log(`wrote ${target}`);
}
