/**
 * User-defined sub-indicators: a per-cell expression over the cell's class, the scenario's layers
 * and distances to them, summed over the study area, e.g.
 *   homesNearTram: { expression: 'housing and distance(transit) <= 400', unit: ha }
 *   bestSoilFarmland: { expression: 'agriculture and soil >= 4' }
 * The expression is parsed by jsep (a small, widely used JavaScript-expression parser that only
 * builds a syntax tree: nothing is ever executed as code), type-checked at load against the
 * scenario's class and layer names, and compiled once into a linear term
 * f(i, c) = alpha[c] + beta[c] · x[i] (terms.ts). Because the value of a cell depends on the layout
 * only through the cell's own class, the fused evaluator sums it with the other per-cell terms and
 * incremental evaluation stays exact. The language is documented in docs/scenario.md.
 */
import jsep from 'jsep';
import { z } from 'zod';
import { NO_CLASS, type StudyArea } from '../../model/study-area.js';
import type { ResolvedClass } from '../../scenario/types.js';
import { distanceLayer, linearTerm, type CompiledIndicator } from '../terms.js';
import { indicatorBase, type CompileContext, type ResolveContext } from './define.js';

// Word operators read better in scenario files; `&&`, `||` and `!` work too.
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');

/** The class flags an expression may test: true when the cell's class is marked so. */
export const CLASS_FLAGS = ['built', 'natural', 'green', 'services', 'housing'] as const;
type ClassFlag = (typeof CLASS_FLAGS)[number];

/** Reserved names besides the flags: the cell's area in ha. */
const CELL_AREA = 'cellArea';

/** Functions of numbers, by name: how many arguments and what they compute. */
const NUMBER_FUNCTIONS: Readonly<
  Record<string, { readonly min: number; readonly max: number; readonly f: (...x: number[]) => number }>
> = {
  min: { min: 2, max: 8, f: Math.min },
  max: { min: 2, max: 8, f: Math.max },
  abs: { min: 1, max: 1, f: Math.abs },
  sqrt: { min: 1, max: 1, f: Math.sqrt },
  exp: { min: 1, max: 1, f: Math.exp },
  log: { min: 1, max: 1, f: Math.log },
};
/** `distance(layer)`: metres from the cell to the layer's nearest cell > 0 (or the layer itself, if it is a distance layer). */
const DISTANCE = 'distance';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=', '===', '!==']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);
const LOGICAL = new Set(['and', 'or', '&&', '||']);

export const expressionSchema = z
  .strictObject({
    ...indicatorBase,
    expression: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'missing: this is not a built-in sub-indicator (see docs/objectives.md), and a user-defined one needs an "expression"'
            : 'must be an expression in quotes, e.g. "housing and distance(transit) <= 400"',
      })
      .min(1)
      .describe(
        'A per-cell expression over class names, class flags (built, housing, natural, green, services), layer names, distance(layer) in metres and cellArea (ha), e.g. "housing and distance(transit) <= 400". A true/false value counts 1/0. See docs/scenario.md.',
      ),
    measure: z
      .enum(['area', 'sum'])
      .optional()
      .describe(
        '"area" (default): the sum over cells of value × cell area, in ha for a true/false expression; "sum": the plain sum over cells.',
      ),
    unit: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .describe('The unit reported with the value. Default "ha" for area, "" for sum.'),
    label: z.string().min(1).max(120).optional().describe('A plain-language name for reports. Default: the key.'),
    description: z.string().optional().describe('What the indicator measures and why, for reports.'),
  })
  .describe('A user-defined sub-indicator: any key that is not a built-in one, with an "expression".');

export type ExpressionInput = z.output<typeof expressionSchema>;

/** A user-defined indicator with its expression checked. */
export interface ResolvedExpression {
  readonly type: 'expression';
  /** Its key in the scenario and name in reports. */
  readonly name: string;
  readonly weight: number;
  readonly expression: string;
  readonly measure: 'area' | 'sum';
  readonly unit: string;
  readonly label: string;
  /** The formula shown in reports. */
  readonly formula: string;
  readonly description: string;
}

type ValueType = 'number' | 'boolean';

/** What names mean in an expression. */
interface Names {
  readonly classes: ReadonlyMap<string, number>;
  readonly layers: ReadonlySet<string>;
}

class ExpressionError extends Error {}

function parse(text: string): jsep.Expression {
  try {
    return jsep(text);
  } catch (error) {
    const e = error as Error & { index?: number; description?: string };
    const where = typeof e.index === 'number' ? ` at character ${e.index + 1}` : '';
    throw new ExpressionError(`cannot be read${where}: ${e.description ?? e.message}`);
  }
}

function quote(name: string): string {
  return `"${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
}

function known(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? '' : ` (known: ${list.slice(0, 20).join(', ')}${list.length > 20 ? ', …' : ''})`;
}

/** What an identifier names: a class (by index), a class flag, the cell area, or a layer. */
type Meaning =
  | { kind: 'class'; index: number }
  | { kind: 'flag'; flag: ClassFlag }
  | { kind: 'cellArea' }
  | { kind: 'layer'; name: string };

function meaning(name: string, names: Names): Meaning {
  const classIndex = names.classes.get(name);
  const isLayer = names.layers.has(name);
  const reserved = (CLASS_FLAGS as readonly string[]).includes(name) || name === CELL_AREA;
  // A class or layer named like a flag hides the flag; a class and a layer of one name are ambiguous.
  if (classIndex !== undefined && isLayer)
    throw new ExpressionError(`${quote(name)} is ambiguous: it names a class and a layer; rename one of them`);
  if (classIndex !== undefined) return { kind: 'class', index: classIndex };
  if (isLayer) return { kind: 'layer', name };
  if (name === CELL_AREA) return { kind: 'cellArea' };
  if (reserved) return { kind: 'flag', flag: name as ClassFlag };
  throw new ExpressionError(
    `no class or layer is named ${quote(name)}: use a class${known(names.classes.keys())}, a layer${known(names.layers)}, a class flag (${CLASS_FLAGS.join(', ')}) or ${CELL_AREA}`,
  );
}

/** The layer named by the argument of distance(). */
function distanceArgument(node: jsep.CallExpression, names: Names): string {
  const args = node.arguments;
  const arg = args[0];
  if (args.length !== 1 || arg?.type !== 'Identifier')
    throw new ExpressionError('distance() takes one layer name, e.g. distance(transit)');
  const name = (arg as jsep.Identifier).name;
  const what = meaning(name, names);
  if (what.kind !== 'layer')
    throw new ExpressionError(
      `distance() takes a layer${known(names.layers)}; ${quote(name)} is not one${what.kind === 'class' ? ' (distances to a class change with the layout: use greenAccess or serviceAccess)' : ''}`,
    );
  return name;
}

function calleeName(node: jsep.CallExpression): string {
  if (node.callee.type !== 'Identifier')
    throw new ExpressionError('only named functions can be called, e.g. max(a, b)');
  return (node.callee as jsep.Identifier).name;
}

/** The type of an expression; throws {@link ExpressionError} naming what is wrong. */
function typeOf(node: jsep.Expression, names: Names): ValueType {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (typeof value === 'number') return 'number';
      if (typeof value === 'boolean') return 'boolean';
      throw new ExpressionError(`${String((node as jsep.Literal).raw)} is not a number or true/false`);
    }
    case 'Identifier': {
      const what = meaning((node as jsep.Identifier).name, names);
      return what.kind === 'class' || what.kind === 'flag' ? 'boolean' : 'number';
    }
    case 'UnaryExpression': {
      const { operator, argument } = node as jsep.UnaryExpression;
      const type = typeOf(argument, names);
      if (operator === '-' || operator === '+') return expect(type, 'number', `"${operator}"`);
      if (operator === '!' || operator === 'not') return expect(type, 'boolean', `"${operator}"`);
      throw new ExpressionError(`the operator "${operator}" is not supported`);
    }
    case 'BinaryExpression': {
      const { operator, left, right } = node as jsep.BinaryExpression;
      const a = typeOf(left, names);
      const b = typeOf(right, names);
      if (ARITHMETIC.has(operator)) {
        expect(a, 'number', `"${operator}"`);
        return expect(b, 'number', `"${operator}"`);
      }
      if (LOGICAL.has(operator)) {
        expect(a, 'boolean', `"${operator}"`);
        return expect(b, 'boolean', `"${operator}"`) && 'boolean';
      }
      if (COMPARISONS.has(operator)) {
        if (operator.startsWith('=') || operator.startsWith('!')) {
          if (a !== b) throw new ExpressionError(`"${operator}" compares a ${a} with a ${b}`);
        } else {
          expect(a, 'number', `"${operator}"`);
          expect(b, 'number', `"${operator}"`);
        }
        return 'boolean';
      }
      throw new ExpressionError(`the operator "${operator}" is not supported`);
    }
    case 'ConditionalExpression': {
      const { test, consequent, alternate } = node as jsep.ConditionalExpression;
      expect(typeOf(test, names), 'boolean', 'the condition of "? :"');
      const a = typeOf(consequent, names);
      const b = typeOf(alternate, names);
      if (a !== b) throw new ExpressionError(`the two branches of "? :" give a ${a} and a ${b}`);
      return a;
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = calleeName(call);
      if (name === DISTANCE) {
        distanceArgument(call, names);
        return 'number';
      }
      const f = Object.hasOwn(NUMBER_FUNCTIONS, name) ? NUMBER_FUNCTIONS[name] : undefined;
      if (!f)
        throw new ExpressionError(
          `no function is named ${quote(name)} (known: ${[DISTANCE, ...Object.keys(NUMBER_FUNCTIONS)].join(', ')})`,
        );
      if (call.arguments.length < f.min || call.arguments.length > f.max)
        throw new ExpressionError(
          `${name}() takes ${f.min === f.max ? f.min : `${f.min} to ${f.max}`} argument${f.max > 1 ? 's' : ''}, got ${call.arguments.length}`,
        );
      for (const arg of call.arguments) expect(typeOf(arg, names), 'number', `${name}()`);
      return 'number';
    }
    default:
      throw new ExpressionError(
        `${node.type === 'Compound' || node.type === 'SequenceExpression' ? 'several expressions' : `a ${node.type}`} is not supported: write one expression of numbers, comparisons and and/or/not`,
      );
  }
}

function expect(type: ValueType, wanted: ValueType, where: string): ValueType {
  if (type !== wanted)
    throw new ExpressionError(
      `${where} needs ${wanted === 'number' ? 'a number' : 'true/false (a class, a flag or a comparison)'}, got ${type === 'number' ? 'a number' : 'true/false'}`,
    );
  return type;
}

/** Check an expression against the scenario's names: null when it is fine, else what is wrong. */
export function checkExpression(
  text: string,
  classes: readonly Pick<ResolvedClass, 'id'>[],
  layers: readonly string[],
): string | null {
  try {
    typeOf(parse(text), namesOf(classes, layers));
    return null;
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
}

function namesOf(classes: readonly Pick<ResolvedClass, 'id'>[], layers: readonly string[]): Names {
  return { classes: new Map(classes.map((c, i) => [c.id, i])), layers: new Set(layers) };
}

/** Resolve a user-defined indicator `name` (problems reported at the expression's line). */
export function resolveExpression(name: string, input: ExpressionInput, context: ResolveContext): ResolvedExpression {
  const measure = input.measure ?? 'area';
  const expression = input.expression;
  const problem = checkExpression(expression, context.classes, context.layerNames);
  if (problem) context.issue([...context.at, 'expression'], problem);
  return {
    type: 'expression',
    name,
    weight: input.weight ?? 1,
    expression,
    measure,
    unit: input.unit ?? (measure === 'area' ? 'ha' : ''),
    label: input.label ?? name,
    formula: measure === 'area' ? `Σ cells a · (${expression})` : `Σ cells (${expression})`,
    description: (input.description ?? '').trim(),
  };
}

/** A per-cell value: one number for every cell, or an array in grid order. */
type Value = number | Float64Array;

function at(a: Value, i: number): number {
  return typeof a === 'number' ? a : a[i]!;
}

function map1(a: Value, f: (x: number) => number): Value {
  return typeof a === 'number' ? f(a) : a.map(f);
}

function map2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const n = typeof a === 'number' ? (b as Float64Array).length : a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(typeof a === 'number' ? a : a[i]!, typeof b === 'number' ? b : b[i]!);
  return out;
}

const BINARY: Readonly<Record<string, (x: number, y: number) => number>> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '%': (x, y) => x % y,
  '<': (x, y) => (x < y ? 1 : 0),
  '<=': (x, y) => (x <= y ? 1 : 0),
  '>': (x, y) => (x > y ? 1 : 0),
  '>=': (x, y) => (x >= y ? 1 : 0),
  '==': (x, y) => (x === y ? 1 : 0),
  '===': (x, y) => (x === y ? 1 : 0),
  '!=': (x, y) => (x !== y ? 1 : 0),
  '!==': (x, y) => (x !== y ? 1 : 0),
  and: (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  '&&': (x, y) => (x !== 0 && y !== 0 ? 1 : 0),
  or: (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
  '||': (x, y) => (x !== 0 || y !== 0 ? 1 : 0),
};

/** The expression's value on every cell if every cell had class `c` (booleans as 1/0). */
function evaluate(
  node: jsep.Expression,
  c: number,
  area: StudyArea,
  names: Names,
  cache: Map<string, Float32Array>,
): Value {
  const recurse = (child: jsep.Expression) => evaluate(child, c, area, names, cache);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      return typeof value === 'boolean' ? (value ? 1 : 0) : (value as number);
    }
    case 'Identifier': {
      const what = meaning((node as jsep.Identifier).name, names);
      if (what.kind === 'class') return what.index === c ? 1 : 0;
      if (what.kind === 'flag') return area.classes[c]![what.flag] ? 1 : 0;
      if (what.kind === 'cellArea') return area.cellAreaHa;
      return Float64Array.from(area.layers[what.name]!);
    }
    case 'UnaryExpression': {
      const { operator, argument } = node as jsep.UnaryExpression;
      const value = recurse(argument);
      return operator === '-'
        ? map1(value, (x) => -x)
        : operator === '+'
          ? value
          : map1(value, (x) => (x === 0 ? 1 : 0));
    }
    case 'BinaryExpression': {
      const { operator, left, right } = node as jsep.BinaryExpression;
      return map2(recurse(left), recurse(right), BINARY[operator]!);
    }
    case 'ConditionalExpression': {
      const { test, consequent, alternate } = node as jsep.ConditionalExpression;
      const condition = recurse(test);
      const a = recurse(consequent);
      const b = recurse(alternate);
      if (typeof condition === 'number') return condition !== 0 ? a : b;
      return condition.map((t, i) => (t !== 0 ? at(a, i) : at(b, i)));
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const name = calleeName(call);
      if (name === DISTANCE) return Float64Array.from(distanceLayer(area, distanceArgument(call, names), cache));
      const f = NUMBER_FUNCTIONS[name]!.f;
      return call.arguments
        .map(recurse)
        .reduce((acc, value, k) => (k === 0 ? map1(value, (x) => f(x)) : map2(acc, value, (x, y) => f(x, y))));
    }
    default:
      throw new ExpressionError(`a ${node.type} is not supported`);
  }
}

/**
 * Compile a user-defined indicator to a linear term. Evaluated for every class c, the expression
 * gives a per-cell vector v_c; the term needs v_c(i) = alpha[c] + beta[c] · x[i] with one x for
 * all classes (each v_c constant, or an affine function of one common per-cell vector). Cells
 * where the value is not a finite number (a layer without data there, a division by zero) count 0.
 */
export function compileExpression(spec: ResolvedExpression, { area, cache }: CompileContext): CompiledIndicator {
  const names = namesOf(area.classes, Object.keys(area.layers));
  const tree = parse(spec.expression);
  const K = area.classes.length;
  const scale = spec.measure === 'area' ? area.cellAreaHa : 1;
  const inside: number[] = [];
  for (let i = 0; i < area.current.length; i++) if (area.current[i] !== NO_CLASS) inside.push(i);
  const alpha = new Float64Array(K);
  const beta = new Float64Array(K);
  let x: Float32Array | null = null;
  /** The first per-cell (non-constant) vector, the common x, and the cells where it is lowest and highest. */
  let reference: Float64Array | null = null;
  let low = 0;
  let high = 0;
  let norm = 1;
  for (let c = 0; c < K; c++) {
    const raw = evaluate(tree, c, area, names, cache);
    const value = (i: number) => {
      const v = typeof raw === 'number' ? raw : raw[i]!;
      return Number.isFinite(v) ? v : 0;
    };
    const first = inside.length > 0 ? value(inside[0]!) : 0;
    if (inside.every((i) => value(i) === first)) {
      alpha[c] = scale * first;
      continue;
    }
    if (reference === null) {
      reference = new Float64Array(area.current.length);
      for (const i of inside) reference[i] = value(i);
      for (const i of inside) {
        if (reference[i]! < reference[low]! || area.current[low] === NO_CLASS) low = i;
        if (reference[i]! > reference[high]! || area.current[high] === NO_CLASS) high = i;
      }
      // x is stored in Float32: as it is when that is exact (masks, integers), else scaled to [-1, 1].
      const exact = inside.every((i) => Math.fround(reference![i]!) === reference![i]);
      norm = exact ? 1 : Math.max(Math.abs(reference[low]!), Math.abs(reference[high]!));
      x = Float32Array.from(reference, (v) => v / norm);
      beta[c] = scale * norm;
      continue;
    }
    // v_c = a + r · reference, fitted on the lowest and highest cells of the reference, then checked everywhere.
    const r = (value(high) - value(low)) / (reference[high]! - reference[low]!);
    const a = value(low) - r * reference[low]!;
    const tolerance =
      1e-9 *
      Math.max(1, Math.abs(a), Math.abs(r) * Math.abs(reference[high]!), Math.abs(r) * Math.abs(reference[low]!));
    if (!inside.every((i) => Math.abs(value(i) - (a + r * reference![i]!)) <= tolerance))
      throw new ExpressionError(
        `"${spec.name}" combines per-cell values differently for different classes; a user-defined indicator must be a per-class weight times one per-cell value (e.g. "housing and distance(transit) <= 400", "(agriculture or forest) * soil"). Split it into several indicators`,
      );
    alpha[c] = scale * a;
    beta[c] = scale * r * norm;
  }
  const term = linearTerm({ alpha, beta, x, fromTo: null });
  return { kind: 'linear', name: spec.name, weight: spec.weight, term };
}

export { ExpressionError };
