/**
 * Scenario text (YAML, or JSON, which is YAML) to plain data plus the line of every field, with
 * every way the YAML library can fail turned into issues located in the file: syntax errors,
 * duplicate keys, several documents in one file, an alias that refers to no anchor or to the node
 * that contains it, aliases expanding to more than {@link YAML_LIMITS}.maxValues values (the
 * "billion laughs"), and nesting deeper than {@link YAML_LIMITS}.maxDepth levels.
 *
 * Hostile input is refused in time proportional to its size: the library is given at most
 * {@link YAML_LIMITS}.maxBytes, after a line-by-line estimate of the nesting (it recurses on
 * nesting and slows down sharply: 8,000 nested `? ` took minutes); duplicate keys are found with
 * one set per map (the library's own check compares every pair of keys: 20,000 keys took 12 s);
 * and the syntax tree is walked with an explicit stack before it becomes data.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { buildLineMap } from './source-map.js';

export const YAML_LIMITS = {
  /** A scenario file is a few kilobytes; this leaves room for generated ones. */
  maxBytes: 512 * 1024,
  /** Values once aliases are expanded. */
  maxValues: 100_000,
  /** Levels of nesting, aliases expanded (scenarios use about eight). */
  maxDepth: 64,
} as const;

export interface ScenarioDocumentData {
  /** The document as plain data (null for an empty file). */
  readonly raw: unknown;
  /** Line of each field, keyed by its dotted path (source-map.ts). */
  readonly lines: Record<string, number>;
}

/**
 * Parse scenario text.
 * @throws LandUseInputError whose issues each name the line of the problem.
 */
export function readScenarioDocument(text: string, file: string, what = 'scenario'): ScenarioDocumentData {
  const at = (line: number | null, message: string): ScenarioIssue => ({ file, line, path: '', message });
  if (text.length > YAML_LIMITS.maxBytes) {
    throw LandUseInputError.fromIssues(file, [
      at(
        1,
        `the file has ${text.length.toLocaleString('en-GB')} characters; a ${what} may have at most ${YAML_LIMITS.maxBytes.toLocaleString('en-GB')}`,
      ),
    ]);
  }
  const deep = nestingEstimate(text);
  if (deep !== null) {
    throw LandUseInputError.fromIssues(
      file,
      [at(deep, `the values nest more than ${YAML_LIMITS.maxDepth} levels deep here; a ${what} needs about eight`)],
      what,
    );
  }
  const lineCounter = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  } catch (error) {
    throw LandUseInputError.fromIssues(file, [at(1, `not valid YAML/JSON: ${(error as Error).message}`)], what);
  }
  const lineOfOffset = (offset: number) => lineCounter.linePos(offset).line;
  const issues: ScenarioIssue[] = document.errors.map((error) =>
    at(
      error.linePos?.[0]?.line ?? lineOfOffset(error.pos[0]),
      `not valid YAML/JSON: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    ),
  );
  if (issues.length === 0) issues.push(...checkStructure(document, lineOfOffset, at));
  if (issues.length > 0) throw LandUseInputError.fromIssues(file, issues, what);
  let raw: unknown;
  try {
    // The structure check bounds what aliases expand to; the library's own heuristic (100 alias
    // resolutions) would refuse files that merely reuse a value often.
    raw = document.toJS({ maxAliasCount: -1 });
  } catch (error) {
    throw LandUseInputError.fromIssues(file, [
      at(1, `the file cannot be read as YAML/JSON: ${(error as Error).message}`),
    ]);
  }
  return { raw, lines: buildLineMap(document, lineCounter) };
}

interface Frame {
  node: Node;
  children: Node[];
  next: number;
  depth: number;
  /** Values in this node, aliases expanded (capped just above the limit). */
  values: number;
  /** Levels below and including this node, aliases expanded. */
  height: number;
}

/** The child nodes of a map (keys and values) or sequence. */
function childrenOf(node: Node): Node[] {
  const items: unknown[] = isMap(node) || isSeq(node) ? node.items : [];
  const children: Node[] = [];
  for (const item of items) {
    const parts = isPair(item) ? [item.key, item.value] : [item];
    for (const part of parts) if (part && typeof part === 'object' && 'range' in part) children.push(part as Node);
  }
  return children;
}

/** Aliases, expansion and depth, checked on the syntax tree without recursion. */
function checkStructure(
  document: Document,
  lineOfOffset: (offset: number) => number,
  at: (line: number | null, message: string) => ScenarioIssue,
): ScenarioIssue[] {
  const root = document.contents as Node | null;
  if (!root) return [];
  const rootDuplicate = isMap(root) ? duplicateKey(root) : null;
  if (rootDuplicate) {
    const first = rootDuplicate.first.range ? lineOfOffset(rootDuplicate.first.range[0]) : null;
    return [
      at(
        rootDuplicate.key.range ? lineOfOffset(rootDuplicate.key.range[0]) : null,
        `"${clipKey(rootDuplicate.name)}" appears twice in this map (first on line ${first})`,
      ),
    ];
  }
  const line = (node: Node) => (node.range ? lineOfOffset(node.range[0]) : null);
  const cap = YAML_LIMITS.maxValues + 1;
  const done = new Map<Node, { values: number; height: number }>();
  const open = new Set<Node>([root]);
  const stack: Frame[] = [{ node: root, children: childrenOf(root), next: 0, depth: 1, values: 1, height: 1 }];
  let total = 1;
  const tooMany = (node: Node) =>
    at(
      line(node),
      `aliases here expand the file to more than ${YAML_LIMITS.maxValues.toLocaleString('en-GB')} values; ` +
        'write the values out, or reuse fewer (a file like this is a known attack on YAML readers)',
    );
  const tooDeep = (node: Node) =>
    at(
      line(node),
      `the values nest more than ${YAML_LIMITS.maxDepth} levels deep (aliases expanded); a scenario needs about eight`,
    );
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++]!;
      if (isAlias(child)) {
        const target = child.resolve(document) as Node | undefined;
        if (!target)
          return [at(line(child), `alias *${child.source} refers to no anchor &${child.source} set before it`)];
        if (open.has(target))
          return [at(line(child), `alias *${child.source} is inside the value it refers to (a loop)`)];
        const size = done.get(target) ?? { values: 1, height: 1 };
        total = Math.min(cap, total + size.values);
        frame.values = Math.min(cap, frame.values + size.values);
        frame.height = Math.max(frame.height, size.height + 1);
        if (total > YAML_LIMITS.maxValues) return [tooMany(child)];
        if (frame.depth + size.height > YAML_LIMITS.maxDepth) return [tooDeep(child)];
        continue;
      }
      if (frame.depth + 1 > YAML_LIMITS.maxDepth) return [tooDeep(child)];
      total = Math.min(cap, total + 1);
      if (total > YAML_LIMITS.maxValues) return [tooMany(child)];
      const duplicate = isMap(child) ? duplicateKey(child) : null;
      if (duplicate) {
        return [
          at(
            line(duplicate.key),
            `"${clipKey(duplicate.name)}" appears twice in this map (first on line ${line(duplicate.first)})`,
          ),
        ];
      }
      open.add(child);
      stack.push({ node: child, children: childrenOf(child), next: 0, depth: frame.depth + 1, values: 1, height: 1 });
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    done.set(frame.node, { values: frame.values, height: frame.height });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.values = Math.min(cap, parent.values + frame.values);
      parent.height = Math.max(parent.height, frame.height + 1);
    }
  }
  return [];
}

/** The first key of a map that repeats an earlier one (scalar keys, compared as text). */
function duplicateKey(map: Node): { name: string; key: Node; first: Node } | null {
  if (!isMap(map)) return null;
  const seen = new Map<string, Node>();
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key)) continue;
    const name = String(key.value);
    const first = seen.get(name);
    if (first) return { name, key, first };
    seen.set(name, key);
  }
  return null;
}

const clipKey = (name: string) => (name.length <= 40 ? name : `${name.slice(0, 24)}…`);

/** Nesting an estimate may report above the real limit before the library parses the text. */
const ESTIMATE_LIMIT = 2 * YAML_LIMITS.maxDepth;

/**
 * The line where the text's nesting first exceeds {@link ESTIMATE_LIMIT}, or null: an upper
 * estimate, line by line, of block indentation levels, compact indicators at the start of a line
 * (`- - x`, `? x`) and open flow brackets, skipping comments, quoted text and block scalars.
 */
function nestingEstimate(text: string): number | null {
  const indents: number[] = [];
  let flow = 0;
  let quote: string | null = null;
  let blockScalarParent = -1;
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const body = line.slice(indent).replace(/\r$/, '');
    if (blockScalarParent >= 0 && quote === null) {
      if (body === '' || indent > blockScalarParent) continue;
      blockScalarParent = -1;
    }
    if (quote === null && (body === '' || body.startsWith('#'))) continue;
    if (flow === 0 && quote === null) {
      while (indents.length > 0 && indent < indents[indents.length - 1]!) indents.pop();
      if (indents.length === 0 || indent > indents[indents.length - 1]!) indents.push(indent);
    }
    let i = 0;
    let compact = 0;
    if (quote === null) {
      while (i + 1 < body.length && '-?:'.includes(body[i]!) && (body[i + 1] === ' ' || body[i + 1] === '\t')) {
        compact++;
        i += 2;
        while (body[i] === ' ') i++;
      }
    }
    let deepest = flow;
    for (let j = i; j < body.length; j++) {
      const c = body[j]!;
      if (quote !== null) {
        if (c === '\\' && quote === '"') j++;
        else if (c === quote) {
          if (quote === "'" && body[j + 1] === "'") j++;
          else quote = null;
        }
        continue;
      }
      if (c === '#' && (j === 0 || body[j - 1] === ' ' || body[j - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (j === i || ' \t[{,:'.includes(body[j - 1]!))) quote = c;
      else if (c === '[' || c === '{') deepest = Math.max(deepest, ++flow);
      else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    if (indents.length + compact + deepest > ESTIMATE_LIMIT) return lineNumber;
    if (quote === null && flow === 0 && /(^|[\s:-])[|>][0-9+-]*\s*(#.*)?$/.test(body)) blockScalarParent = indent;
  }
  return null;
}
