// Module hooks for tests/support/import-graph.ts: record every file URL an import resolves to.
import { appendFileSync } from 'node:fs';

let out = '';

export function initialize(data) {
  out = data.file;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) appendFileSync(out, `${result.url}\n`);
  return result;
}
