/**
 * An independent check of a layout against the scenario's hard rules, written from the rules
 * themselves (raster codes, layers, demands) without the optimiser's precomputed masks, so tests
 * can use it to verify what the optimiser reports.
 */
import { NO_CLASS, type StudyAreaInput } from '../model/study-area.js';
import { areaToCells } from '../scenario/units.js';

export interface ConstraintViolation {
  readonly rule:
    | 'study-area'
    | 'fixed-class'
    | 'protected'
    | 'forbidden-conversion'
    | 'slope'
    | 'no-build'
    | 'demand-min'
    | 'demand-max'
    | 'max-change';
  /** Cell index (row-major) or -1 for area demands and the change limit. */
  readonly cell: number;
  readonly message: string;
}

/** Changeable cells per input (they depend on the rules and layers only, not on the layout). */
const changeableCache = new WeakMap<StudyAreaInput, number>();

/**
 * Check a full layout map (class index per cell, NO_CLASS outside the study area).
 * @returns every violation found (empty when the layout is valid).
 */
export function checkLayout(input: StudyAreaInput, layout: Uint8Array, limit = 100): ConstraintViolation[] {
  const { scenario, codes, layers } = input;
  const classes = scenario.classes;
  const rules = scenario.rules;
  const violations: ConstraintViolation[] = [];
  const add = (v: ConstraintViolation) => {
    if (violations.length < limit) violations.push(v);
  };
  const classOfCode = new Map<number, number>();
  classes.forEach((c, index) => c.codes.forEach((code) => classOfCode.set(code, index)));
  const counts = new Array<number>(classes.length).fill(0);
  /** The rules a change of cell i from `today` to `next` breaks (empty when it is allowed). */
  const breaks = (i: number, today: number, next: number): ConstraintViolation[] => {
    const found: ConstraintViolation[] = [];
    const from = classes[today]!.id;
    const to = classes[next]!.id;
    if (rules.fixed.includes(today) || rules.fixed.includes(next)) {
      found.push({
        rule: 'fixed-class',
        cell: i,
        message: `cell ${i} changed ${from} -> ${to}, but fixed classes never change`,
      });
    }
    for (const name of rules.protectedAreas) {
      if (layers[name]![i]! > 0)
        found.push({
          rule: 'protected',
          cell: i,
          message: `cell ${i} in protected layer ${name} changed ${from} -> ${to}`,
        });
    }
    if (rules.forbidden.some(([a, b]) => a === today && b === next)) {
      found.push({
        rule: 'forbidden-conversion',
        cell: i,
        message: `cell ${i} converted ${from} -> ${to}, which the rules forbid`,
      });
    }
    const maxSlope = rules.maxSlope[next];
    if (maxSlope !== null && maxSlope !== undefined && rules.slopeLayer) {
      const slope = layers[rules.slopeLayer]![i]!;
      if (!(slope <= maxSlope))
        found.push({
          rule: 'slope',
          cell: i,
          message: `cell ${i} became ${to} on a ${slope.toFixed(1)} deg slope (limit ${maxSlope} deg)`,
        });
    }
    if (classes[next]!.built) {
      for (const name of rules.noBuild) {
        if (layers[name]![i]! > 0)
          found.push({
            rule: 'no-build',
            cell: i,
            message: `cell ${i} became built (${to}) inside no-build layer ${name}`,
          });
      }
    }
    return found;
  };
  let valid = 0;
  let changed = 0;
  let changeable = changeableCache.get(input) ?? -1;
  const countChangeable = rules.maxChange !== null && changeable < 0;
  if (countChangeable) changeable = 0;
  for (let i = 0; i < layout.length; i++) {
    const code = codes[i]!;
    const today = input.nodata !== null && code === input.nodata ? NO_CLASS : (classOfCode.get(code) ?? NO_CLASS);
    const next = layout[i]!;
    if (today === NO_CLASS || next === NO_CLASS) {
      if (today !== next)
        add({
          rule: 'study-area',
          cell: i,
          message: `cell ${i} is ${today === NO_CLASS ? 'outside' : 'inside'} the study area but holds ${next}`,
        });
      continue;
    }
    valid++;
    // A cell that keeps today's class everywhere cannot change; the rest is the changeable land (fixed
    // classes and protected layers rule a cell out at once, so most cells cost one test).
    if (
      countChangeable &&
      !rules.fixed.includes(today) &&
      !rules.protectedAreas.some((name) => layers[name]![i]! > 0)
    ) {
      if (classes.some((_, other) => other !== today && breaks(i, today, other).length === 0)) changeable++;
    }
    if (next >= classes.length) {
      add({ rule: 'study-area', cell: i, message: `cell ${i} holds unknown class index ${next}` });
      continue;
    }
    counts[next]!++;
    if (next === today) continue;
    changed++;
    for (const violation of breaks(i, today, next)) add(violation);
  }
  const cellAreaM2 = input.cellSizeX * input.cellSizeY;
  for (const demand of scenario.demands) {
    const id = classes[demand.classIndex]!.id;
    const count = counts[demand.classIndex]!;
    if (demand.min) {
      const min = Math.ceil(areaToCells(demand.min, valid, cellAreaM2) - 1e-9);
      if (count < min)
        add({ rule: 'demand-min', cell: -1, message: `${id} has ${count} cells, below its minimum of ${min}` });
    }
    if (demand.max) {
      const max = Math.floor(areaToCells(demand.max, valid, cellAreaM2) + 1e-9);
      if (count > max)
        add({ rule: 'demand-max', cell: -1, message: `${id} has ${count} cells, above its maximum of ${max}` });
    }
  }
  if (countChangeable) changeableCache.set(input, changeable);
  if (rules.maxChange) {
    // `%` of maxChange is a share of the changeable land: cells that may take another class.
    const limit = Math.floor(areaToCells(rules.maxChange, changeable, cellAreaM2) + 1e-9);
    if (changed > limit)
      add({
        rule: 'max-change',
        cell: -1,
        message: `${changed} cells changed from today's use, above the limit of ${limit} (rules.maxChange)`,
      });
  }
  return violations;
}
