/**
 * The layouts every view highlights, defined once: the compromise and the best layout for each
 * objective (the extremes), with the letter, name, colour and chart symbol the desktop app and
 * the report both use. Which layouts they are is decided by the engine (decision/front-analysis.ts)
 * and stored in the run folder (`front.highlights`: `knee` is the compromise, `extremes` the best
 * layout per objective, in objective order).
 *
 * Letters are fixed by role, so a layout keeps its letter wherever it is shown: A is the
 * compromise, B, C, D… the best layout for the first, second, third… objective. Other layouts a
 * planner marks take the letters after those (report) or their solution number (app).
 * Pure TypeScript: the renderer loads this module in the browser.
 */

/** What a highlighted layout is. */
export type HighlightKind = 'compromise' | 'extreme';

/** The compromise: letter, name, colour and what it means (docs/report.md, "The compromise"). */
export const COMPROMISE = {
  letter: 'A',
  name: 'Compromise',
  color: '#c0392b',
  description:
    'The balanced layout: not in the bottom fifth of the front on any objective where possible, and the smallest worst shortfall from the best value found, objective by objective.',
} as const;

/** Colours of the best layout per objective, in objective order: distinct and print-safe. */
export const EXTREME_COLORS = ['#d68910', '#1e8449', '#7d3c98', '#1f618d', '#a04000'] as const;

/** Colours of other marked layouts (a planner's selection), used in turn. */
export const OTHER_MARK_COLORS = ['#b03a7a', '#117a65', '#6e2c00', '#2e4053', '#d35400'] as const;

/** Letter of the best layout for objective `j` (0-based): B, C, D… */
export function extremeLetter(j: number): string {
  return markLetter(1 + j);
}

/** Letter of the `k`-th other marked layout when there are `objectives` objectives: after the extremes. */
export function otherLetter(objectives: number, k: number): string {
  return markLetter(1 + objectives + k);
}

/** A, B, …, Z, then AA, AB, … */
export function markLetter(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}

/** Colour of the best layout for objective `j`. */
export function extremeColor(j: number): string {
  return EXTREME_COLORS[j % EXTREME_COLORS.length]!;
}

/** Colour of the `k`-th other marked layout. */
export function otherColor(k: number): string {
  return OTHER_MARK_COLORS[k % OTHER_MARK_COLORS.length]!;
}

/** Ids of the highlighted layouts, as the run folder stores them. */
export interface HighlightIds {
  /** Best layout per objective, in objective order (-1: none). */
  readonly extremes: readonly number[];
  /** The compromise (-1: none). */
  readonly knee: number;
}

/** One highlighted layout. A layout with several roles is one highlight named after all of them. */
export interface Highlight {
  id: number;
  letter: string;
  /** `Compromise`, `Best economic return`, `Compromise, best social welfare`… */
  label: string;
  /** One sentence saying why it is highlighted. */
  reason: string;
  color: string;
  /** Its first role: the compromise wins over an extreme. */
  kind: HighlightKind;
  isCompromise: boolean;
  /** Indices of the objectives it is best at. */
  extremeOf: number[];
}

/**
 * The highlighted layouts of a front in letter order (compromise first, then the extremes by
 * objective), one entry per distinct layout.
 * @param objectiveLabels objective names without units, e.g. `Economic return`.
 * @example highlights({ knee: 7, extremes: [3, 9] }, ['Economic return', 'Social welfare'])
 *   // [{ id: 7, letter: 'A', label: 'Compromise', … }, { id: 3, letter: 'B', label: 'Best economic return', … }, …]
 */
export function highlights(ids: HighlightIds, objectiveLabels: readonly string[]): Highlight[] {
  const out: Highlight[] = [];
  const byId = new Map<number, Highlight>();
  if (ids.knee >= 0) {
    const compromise: Highlight = {
      id: ids.knee,
      letter: COMPROMISE.letter,
      label: COMPROMISE.name,
      reason: COMPROMISE.description,
      color: COMPROMISE.color,
      kind: 'compromise',
      isCompromise: true,
      extremeOf: [],
    };
    out.push(compromise);
    byId.set(ids.knee, compromise);
  }
  ids.extremes.forEach((id, j) => {
    if (id < 0) return;
    const existing = byId.get(id);
    if (existing) {
      existing.extremeOf.push(j);
      return;
    }
    const highlight: Highlight = {
      id,
      letter: extremeLetter(j),
      label: '',
      reason: '',
      color: extremeColor(j),
      kind: 'extreme',
      isCompromise: false,
      extremeOf: [j],
    };
    out.push(highlight);
    byId.set(id, highlight);
  });
  for (const h of out) {
    if (h.extremeOf.length === 0) continue;
    const names = h.extremeOf.map((j) => objectiveLabels[j] ?? `objective ${j + 1}`);
    const best = `best ${names.map((n) => n.toLowerCase()).join(' and ')}`;
    const found = `The best layout found for ${names.join(' and ').toLowerCase()}.`;
    h.label = h.isCompromise ? `${COMPROMISE.name}, ${best}` : capitalise(best);
    h.reason = h.isCompromise ? `${COMPROMISE.description} ${found}` : found;
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
