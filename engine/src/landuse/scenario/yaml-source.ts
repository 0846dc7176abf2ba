/**
 * Reading a YAML (or JSON) input file against a zod schema, with every problem located by line:
 * what scenario files and parties files share. The file is read safely (a regular file of at most
 * {@link YAML_LIMITS}.maxBytes, gis/input-file.ts) and parsed by the hardened reader
 * (yaml-document.ts: located syntax errors, duplicate keys, bounded aliases and nesting); problems
 * are collected and thrown at once as a {@link LandUseInputError} listing `file:line: path: message`.
 */
import type { z } from 'zod';
import { InputFileError, readInputFile } from '../../gis/index.js';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { formatPath, hasLine, lineOf, type FieldPath } from './source-map.js';
import { YAML_LIMITS, readScenarioDocument } from './yaml-document.js';

/** What kind of file this is, for messages ("problems in the <what>", "no such <file>") and where its fields are documented. */
export interface SourceKind {
  readonly what: string;
  readonly file: string;
  readonly docs: string;
}

/** Read a text input file, or throw a message naming the file once and what to do. */
export async function readSourceFile(file: string, kind: SourceKind): Promise<string> {
  try {
    return (await readInputFile(file, { maxBytes: YAML_LIMITS.maxBytes, what: `a ${kind.file}` })).toString('utf8');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const reason = error.problem === 'missing' ? `no such ${kind.file}; check the path` : error.reason;
    throw LandUseInputError.fromIssues(file, [{ file, line: null, path: '', message: reason }], kind.what);
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
  const { raw, lines } = readScenarioDocument(text, file, kind.what);
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((issue) => zodIssueToIssues(issue, file, lines, kind));
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
      at([...issue.path, key], `unknown field "${clip(key)}" (see ${kind.docs} for the fields allowed here)`),
    );
  }
  if (issue.code === 'invalid_type' && !hasLine(lines, issue.path)) {
    // A schema's own message (zod's default ones start "Invalid input") says more than "required".
    return [
      at(issue.path, issue.message.startsWith('Invalid input') ? `is required (${issue.expected})` : issue.message),
    ];
  }
  if (issue.code === 'invalid_type' && typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
    return [
      at(
        issue.path,
        Number.isNaN(issue.input)
          ? 'must be a number, got .nan'
          : 'is too large a number (it is infinite for a computer)',
      ),
    ];
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

/** A value quoted in a message, shortened when long (a value can be megabytes of digits). */
export function clip(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 24)}… (${text.length.toLocaleString('en-GB')} characters)`;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return JSON.stringify(clip(input));
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'a list';
  return 'an object';
}
