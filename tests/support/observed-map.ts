/**
 * A synthetic "observed" land-cover map with known differences from a plan, for the monitor
 * tests: on the Riverbend codes (agriculture 4, forest 5), seven planned changes not made (the
 * cell kept today's code) and five farm cells with no change planned turned to forest.
 */
import { readGeoTiff, writeGeoTiff } from '../../engine/src/gis/index.js';

export const NOT_MADE = 7;
export const NEW_FOREST = 5;

/** Writes `out` from `planFile`; returns how many cells the plan changes from `landUseFile`. */
export async function writeObservedMap(
  planFile: string,
  landUseFile: string,
  out: string,
): Promise<{ planned: number }> {
  const plan = await readGeoTiff(planFile);
  const today = await readGeoTiff(landUseFile);
  const planned = [...plan.data.keys()].filter((i) => plan.data[i] !== 0 && plan.data[i] !== today.data[i]);
  const notMade = planned.filter((_, k) => k % 11 === 0).slice(0, NOT_MADE);
  const newForest = [...plan.data.keys()].filter((i) => plan.data[i] === 4 && today.data[i] === 4).slice(0, NEW_FOREST);
  if (notMade.length !== NOT_MADE || newForest.length !== NEW_FOREST)
    throw new Error(`${planFile}: too few changed or farm cells for the synthetic observed map.`);
  const data = plan.data.slice();
  for (const i of notMade) data[i] = today.data[i]!;
  for (const i of newForest) data[i] = 5;
  await writeGeoTiff(out, { grid: plan.grid, data, ...(plan.nodata === null ? {} : { nodata: plan.nodata }) });
  return { planned: planned.length };
}
