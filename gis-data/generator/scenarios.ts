/**
 * The three Riverbend scenarios (scenarios/riverbend-*.yaml) for a study area written by
 * `generate.ts --size N`: the same classes, demands, rules and objectives, with
 * - the layer paths pointing at the files beside the scenario (`./landuse.tif`, ...);
 * - areas (`ha`) scaled by s^2 and distances (`m`) and dwellings by s and s^2 when the landscape
 *   is stretched by s (see scale.ts; s = 1 for the default cell size, so nothing changes);
 * - "no net loss of forest" set to today's forest on the new grid (nearest-neighbour resampling
 *   changes each class's area a little);
 * - the description's areas and dwellings scaled the same way (its prose otherwise as written).
 * The text is rewritten line by line, so comments and layout stay as in the committed files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScaledStudyArea } from './scale.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCENARIOS_DIR = path.resolve(here, '..', '..', 'scenarios');
export const SCENARIO_NAMES = ['riverbend-balanced', 'riverbend-growth', 'riverbend-nature'] as const;
const FOREST_CODE = 5;

/** A number written back into YAML: at most 4 decimals, no trailing zeros. */
const formatNumber = (v: number): string => String(Number(v.toFixed(4)));

/**
 * Rewrite one committed scenario for a scaled study area.
 * @param text The committed scenario's YAML text.
 * @param area The scaled study area (grid, land use, stretch).
 */
export function scaleScenarioText(text: string, area: ScaledStudyArea): string {
  const s = area.stretch;
  const { width, height, pixelWidth } = area.grid;
  const hectaresPerCell = (pixelWidth * pixelWidth) / 10_000;
  let forestCells = 0;
  for (const code of area.landuse) if (code === FOREST_CODE) forestCells++;
  const lines: string[] = [];
  let structured = false; // before `layers:`: the description's prose (scaled by scaleProse)
  for (const line of text.split('\n')) {
    if (line.startsWith('# yaml-language-server:')) continue; // the schema is not beside the copy
    if (line.startsWith('name: ')) {
      lines.push(`${line} (${width} x ${height} cells of ${formatNumber(pixelWidth)} m)`);
      continue;
    }
    if (line.startsWith('layers:')) structured = true;
    if (!structured) {
      lines.push(s === 1 ? line : scaleProse(line, s));
      continue;
    }
    if (/^\s*forest: \{ min: [\d.]+ ha \} # today's forest/.test(line)) {
      const indent = /^\s*/.exec(line)![0];
      const ha = forestCells * hectaresPerCell;
      lines.push(
        `${indent}forest: { min: ${formatNumber(ha)} ha } # today's forest (${forestCells} cells): no net loss`,
      );
      continue;
    }
    const [code, comment] = splitComment(line);
    const scaled = code
      .replace('../gis-data/riverbend/', './')
      .replace(/(\d+(?:\.\d+)?) ha\b/g, (_m, v: string) => `${formatNumber(Number(v) * s * s)} ha`)
      .replace(/(\d+(?:\.\d+)?) m\b/g, (_m, v: string) => `${formatNumber(Number(v) * s)} m`)
      .replace(/dwellings: (\d+)/g, (_m, v: string) => `dwellings: ${Math.round(Number(v) * s * s)}`);
    lines.push(comment === undefined || scaled === code ? scaled + (comment ?? '') : scaled);
  }
  return lines.join('\n');
}

/** A count or area in prose, with thousands separators: 8,681 (areas under 10 keep a decimal). */
const formatProse = (v: number): string =>
  v < 10 ? String(Number(v.toFixed(1))) : Math.round(v).toLocaleString('en-GB');
const proseNumber = (text: string): number => Number(text.replace(/,/g, ''));

/**
 * A line of the description's prose on a landscape stretched by s: hectares (and ranges of them,
 * "281 to 300 ha", "156 ha -> 281") and numbers of dwellings or households scale by s^2;
 * densities ("40 dwellings per hectare"), shares and years stay as written.
 */
export function scaleProse(line: string, s: number): string {
  const area = (v: string) => formatProse(proseNumber(v) * s * s);
  return line
    .replace(
      // One pass for a range and a single area, so that no number is scaled twice.
      /\b(\d[\d,]*(?:\.\d+)?)(?:( to | -> )(\d[\d,]*(?:\.\d+)?))? ha\b/g,
      (_m, a: string, sep: string | undefined, b: string | undefined) =>
        sep === undefined || b === undefined ? `${area(a)} ha` : `${area(a)}${sep}${area(b)} ha`,
    )
    .replace(
      /\b(\d[\d,]*) (new )?(dwellings|households)\b(?! per)/g,
      (_m, v: string, fresh = '', what: string) => `${formatProse(proseNumber(v) * s * s)} ${fresh}${what}`,
    );
}

/** A YAML line split at its comment (` #`), which is dropped when the numbers it quotes change. */
function splitComment(line: string): [string, string | undefined] {
  const at = line.indexOf(' #');
  return at < 0 ? [line, undefined] : [line.slice(0, at), line.slice(at)];
}

/** The three scenarios' file names and texts for a scaled area. */
export async function scaledScenarios(area: ScaledStudyArea): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of SCENARIO_NAMES) {
    const text = await readFile(path.join(SCENARIOS_DIR, `${name}.yaml`), 'utf8');
    files.set(`${name}.yaml`, scaleScenarioText(text, area));
  }
  return files;
}
