/**
 * The sub-indicator tables of docs/objectives.md, generated from the registry (indicators/index.ts):
 *   npx tsx engine/src/landuse/objectives/write-docs.ts
 * Each family's table sits between `<!-- generated: indicators <family> -->` and
 * `<!-- end generated -->`; the prose around them (sources, notes) is written by hand. A unit test
 * fails when the committed page is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndicatorFamily } from './indicators/define.js';
import { BUILT_IN_INDICATORS } from './indicators/index.js';

const BLOCK = /<!-- generated: indicators (\w+) -->\n[\s\S]*?<!-- end generated -->/g;

/** The markdown table of one family's built-in sub-indicators. */
export function indicatorTable(family: IndicatorFamily): string {
  const rows = BUILT_IN_INDICATORS.filter((d) => d.family === family).map(
    (d) => `| \`${d.type}\` | ${d.unit} | ${d.docs.formula} | ${d.docs.parameters} |`,
  );
  return ['| sub-indicator | unit | formula | parameters (default) |', '|---|---|---|---|', ...rows].join('\n');
}

/** `text` with every generated block replaced by the registry's current table. */
export function syncObjectivesDoc(text: string): string {
  return text.replace(
    BLOCK,
    (_, family: string) =>
      `<!-- generated: indicators ${family} -->\n${indicatorTable(family as IndicatorFamily)}\n<!-- end generated -->`,
  );
}

export const OBJECTIVES_DOC = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../docs/objectives.md',
);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(OBJECTIVES_DOC, syncObjectivesDoc(await readFile(OBJECTIVES_DOC, 'utf8')));
  console.log(`wrote ${OBJECTIVES_DOC}`);
}
