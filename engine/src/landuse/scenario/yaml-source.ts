/**
 * Reading a YAML (or JSON) input file against a zod schema, with every problem located by line:
 * what scenario files and parties files share. Problems are collected and thrown at once as a
 * {@link LandUseInputError} listing `file:line: path: message`.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { buildLineMap, formatPath, lineOf, type FieldPath } from './source-map.js';

/** What kind of file this is, for messages ("problems in the <what>", "no such <file>") and where its fields are documented. */
export interface SourceKind {
  readonly what: string;
  readonly file: string;
  readonly docs: string;
}

/** Read a text file, or throw a message naming the file and what to do. */
export async function readSourceFile(file: string, kind: SourceKind): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LandUseInputError(
      code === 'ENOENT'
        ? `${file}: no such ${kind.file}; check the path.`
        : `${file}: cannot read the ${kind.file} (${code ?? String(error)}).`,
    );
  }
}

/**
 * Parse YAML/JSON text and validate it with `schema`.
 * @returns the validated data and the line of every field (see source-map.ts)
 * @throws LandUseInputError with every syntax or schema problem and its line
 */
export function validateYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  kind: SourceKind,
): { data: z.output<S>; lines: Record<string, number> } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: ScenarioIssue[] = [];
  for (const error of document.errors) {
    const line = error.linePos?.[0]?.line ?? null;
    issues.push({
      file,
      line,
      path: '',
      message: `not valid YAML/JSON: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    });
  }
  if (issues.length > 0) throw LandUseInputError.fromIssues(file, issues, kind.what);
  const lines = buildLineMap(document, lineCounter);
  const raw: unknown = document.toJS();
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(...zodIssueToIssues(issue, file, lines, kind));
    throw LandUseInputError.fromIssues(file, issues, kind.what);
  }
  return { data: parsed.data, lines };
}

function zodIssueToIssues(
  issue: z.core.$ZodIssue,
  file: string,
  lines: Record<string, number>,
  kind: SourceKind,
): ScenarioIssue[] {
  const at = (p: FieldPath, message: string): ScenarioIssue => ({
    file,
    line: lineOf(lines, p),
    path: formatPath(p),
    message,
  });
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      at([...issue.path, key], `unknown field "${key}" (see ${kind.docs} for the fields allowed here)`),
    );
  }
  if (issue.code === 'invalid_type' && lines[formatPath(issue.path)] === undefined) {
    return [at(issue.path, `is required (${issue.expected})`)];
  }
  if (issue.code === 'invalid_type')
    return [at(issue.path, `expected ${issue.expected}, got ${describeInput(issue.input)}`)];
  if (issue.code === 'invalid_value') {
    return [
      at(
        issue.path,
        `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeInput(issue.input)}`,
      ),
    ];
  }
  if (issue.code === 'invalid_union') {
    return [at(issue.path, `has an unexpected form (${describeInput(issue.input)}); see ${kind.docs}`)];
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    return [at(issue.path, `${describeInput(issue.input)} ${issue.message}`)];
  }
  return [at(issue.path, issue.message)];
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return JSON.stringify(input);
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return 'an object';
}
