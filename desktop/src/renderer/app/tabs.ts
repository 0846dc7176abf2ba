/** The planner's steps, in order: one tab each. */
export const TABS = [
  ['scenario', 'Scenario'],
  ['run', 'Run'],
  ['explore', 'Explore'],
  ['compare', 'Compare'],
  ['parties', 'Parties'],
  ['paint', 'Paint'],
  ['score', 'Score'],
  ['monitor', 'Monitor'],
  ['export', 'Export'],
] as const;

export type Tab = (typeof TABS)[number][0];

/** The tab left or right of `index` (wrapping), for the arrow keys; null for other keys. */
export function tabAfterKey(key: string, index: number): Tab | null {
  const delta = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  return delta === 0 ? null : TABS[(index + delta + TABS.length) % TABS.length]![0];
}
