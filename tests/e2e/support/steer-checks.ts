/**
 * Checks of a steered run the e2e tests share: the class each locked cell must keep (the seeding
 * layouts' class where they agree, else today's, as runs/steering.ts documents), and how many
 * locked cells the steered run's layouts broke.
 */
import { layoutOf, loadFront, type LoadedFront } from '../../../engine/src/runs/index.js';

/** Cells outside the study area (the class maps' 255). */
const OUTSIDE = 255;

/** The class each of `cells` must keep: the seeds' class where they all agree, else today's (study-area cells only). */
export function expectedLockedClasses(
  parent: LoadedFront,
  ids: readonly number[],
  cells: Iterable<number>,
): Map<number, number> {
  const seeds = ids.map((id) => layoutOf(parent, id));
  const expected = new Map<number, number>();
  for (const cell of cells) {
    const today = parent.current[cell]!;
    if (today === OUTSIDE) continue;
    expected.set(cell, seeds.every((s) => s[cell] === seeds[0]![cell]) ? seeds[0]![cell]! : today);
  }
  return expected;
}

/** Locked cells whose class differs from the expected one, over every layout of the run in `dir`. */
export async function brokenLockedCells(dir: string, expected: ReadonlyMap<number, number>): Promise<number> {
  const steered = await loadFront(dir);
  if (steered.rows === 0) throw new Error(`The steered run in ${dir} has no layouts.`);
  const layout = new Uint8Array(steered.current.length);
  let broken = 0;
  for (let id = 0; id < steered.rows; id++) {
    layoutOf(steered, id, layout);
    for (const [cell, cls] of expected) if (layout[cell] !== cls) broken++;
  }
  return broken;
}
