/**
 * Quantities with explicit units, as planners write them in scenario files: `120 ha`, `15 %`,
 * `500 m`, `15 deg`. The regular expressions are also used by the schema (and so appear in the
 * published JSON Schema for editor completion).
 */

const NUMBER = String.raw`[0-9]+(?:\.[0-9]+)?`;

/** An area: hectares, square kilometres, square metres, cells of the grid or a share of the study area. */
export const AREA_PATTERN = new RegExp(String.raw`^\s*(${NUMBER})\s*(ha|km2|m2|cells|%)\s*$`);
/** A distance in metres or kilometres. */
export const DISTANCE_PATTERN = new RegExp(String.raw`^\s*(${NUMBER})\s*(m|km)\s*$`);
/** A slope angle in degrees, or as a percent grade (100 % = 45 deg). */
export const ANGLE_PATTERN = new RegExp(String.raw`^\s*(${NUMBER})\s*(deg|%)\s*$`);

/** An area resolved against a study area: a number of cells (fractional before rounding). */
export type AreaUnit = 'ha' | 'km2' | 'm2' | 'cells' | '%';

export interface ParsedArea {
  readonly value: number;
  readonly unit: AreaUnit;
}

/** The number of a quantity, or null when it has so many digits that it overflows to infinity. */
function finite(digits: string): number | null {
  const value = Number(digits);
  return Number.isFinite(value) ? value : null;
}

/** Parse `120 ha` into its number and unit; null if it does not match {@link AREA_PATTERN} or is not finite. */
export function parseArea(text: string): ParsedArea | null {
  const match = AREA_PATTERN.exec(text);
  const value = match ? finite(match[1]!) : null;
  return value === null ? null : { value, unit: match![2] as AreaUnit };
}

/**
 * Convert an area to cells of a grid.
 * @param studyAreaCells the number of valid (non-nodata) cells, the base of `%`.
 * @param cellAreaM2 the area of one cell in square metres.
 * @example areaToCells({ value: 120, unit: 'ha' }, 57600, 625) // 1920
 */
export function areaToCells(area: ParsedArea, studyAreaCells: number, cellAreaM2: number): number {
  switch (area.unit) {
    case 'ha':
      return (area.value * 10_000) / cellAreaM2;
    case 'km2':
      return (area.value * 1_000_000) / cellAreaM2;
    case 'm2':
      return area.value / cellAreaM2;
    case 'cells':
      return area.value;
    case '%':
      return (area.value / 100) * studyAreaCells;
  }
}

/** Parse `500 m` or `1.2 km` into metres; null if malformed or not finite. */
export function parseDistance(text: string): number | null {
  const match = DISTANCE_PATTERN.exec(text);
  const value = match ? finite(match[1]!) : null;
  if (value === null) return null;
  const metres = value * (match![2] === 'km' ? 1000 : 1);
  return Number.isFinite(metres) ? metres : null;
}

/** Parse `15 deg` or `25 %` (grade) into degrees; null if malformed or not finite. */
export function parseAngle(text: string): number | null {
  const match = ANGLE_PATTERN.exec(text);
  const value = match ? finite(match[1]!) : null;
  if (value === null) return null;
  return match![2] === 'deg' ? value : (Math.atan(value / 100) * 180) / Math.PI;
}

/** Format hectares for messages: `123.4 ha`. */
export function formatHa(hectares: number): string {
  return `${hectares.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ha`;
}
