/**
 * Where each value of a YAML (or JSON) scenario sits in its file: a map from dotted field paths
 * (`demands.residential.min`, `classes[2].code`) to 1-based line numbers. Serialisable, so checks
 * that run long after parsing (feasibility against the loaded rasters) can still point at a line.
 */
import type { LineCounter } from 'yaml';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type FieldPath = readonly PropertyKey[];

/** `['classes', 2, 'code']` -> `classes[2].code`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Line numbers of every node of a parsed document, keyed by {@link formatPath}. */
export function buildLineMap(document: Document, lineCounter: LineCounter): Record<string, number> {
  const lines: Record<string, number> = {};
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const visit = (node: unknown, path: PropertyKey[]) => {
    if (!node || typeof node !== 'object') return;
    const range = (node as Node).range;
    if (range && !Object.hasOwn(lines, formatPath(path))) lines[formatPath(path)] = lineAt(range[0]);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        const childPath = [...path, String(key)];
        // The key's own line: the value may be null, or start on the next line.
        const keyRange = (pair.key as Node | null)?.range;
        if (keyRange) lines[formatPath(childPath)] = lineAt(keyRange[0]);
        visit(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  visit(document.contents, []);
  return lines;
}

/**
 * The line of a field, or of its nearest located ancestor (a missing field is reported at the
 * object that should hold it). Null only for an empty document.
 */
export function lineOf(lines: Readonly<Record<string, number>>, path: FieldPath): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const key = formatPath(path.slice(0, depth));
    // Own keys only: a field named like an Object member ("constructor") is not located by its prototype.
    if (Object.hasOwn(lines, key)) return lines[key]!;
  }
  return null;
}

/** Whether the field itself (not an ancestor) has a line: it is present in the file. */
export function hasLine(lines: Readonly<Record<string, number>>, path: FieldPath): boolean {
  return Object.hasOwn(lines, formatPath(path));
}
