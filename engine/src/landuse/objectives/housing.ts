/** The supply kind: new housing land against the need. */

/** Share (in %) of the dwellings needed that the new housing land supplies, capped at 100. */
export function housingSupply(addedCells: number, cellAreaHa: number, density: number, dwellings: number): number {
  const supplied = Math.max(0, addedCells) * cellAreaHa * density;
  return 100 * Math.min(1, supplied / dwellings);
}
