/**
 * A user-defined indicator added to a bundled scenario (a copy): its value on today's layout
 * matches a hand computation from the loaded grids (distances by brute force, not the distance
 * transform the indicator uses), and a short run with the installed CLI reports it in front.csv
 * and in the HTML report with its label, unit and formula.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { prepareScenario } from '../../../engine/src/landuse/model/load.js';
import { currentGenome, NO_CLASS } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { balancedScenario, readFront, repoRoot, runCli, SMALL_BUDGET } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-user-indicator-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOMES_NEAR_TRANSIT = `      homesNearTransit:
        expression: residential and distance(transit) <= 400
        label: Homes within 400 m of a transit stop
        unit: ha
        description: Housing land a five-minute walk from a bus or tram stop.
`;
const FLAT_FARMLAND = `      flatFarmland: { expression: 'agriculture and slope <= 4', weight: 0.5, label: Farmland on the flattest land }
`;

/** riverbend-balanced with the two indicators, its layer paths made absolute. */
function scenarioCopy(): string {
  const text = readFileSync(balancedScenario, 'utf8')
    .replaceAll('../gis-data/', `${path.join(repoRoot, 'gis-data')}/`)
    .replace('      amenityAccess:', `${HOMES_NEAR_TRANSIT}      amenityAccess:`)
    .replace('      carbon: { weight: 0.01 }', `      carbon: { weight: 0.01 }\n${FLAT_FARMLAND}`);
  expect(text).toContain('homesNearTransit');
  expect(text).toContain('flatFarmland');
  const file = path.join(tmp, 'riverbend-user.yaml');
  writeFileSync(file, text);
  return file;
}

describe('a user-defined indicator in a bundled scenario', () => {
  const file = scenarioCopy();

  test("its value on today's layout is the hand computation", async () => {
    const { studyArea: area } = await prepareScenario(file);
    const report = new LandUseEvaluator(area).report(currentGenome(area));
    const value = (name: string) => report.indicators.find((i) => i.indicator === name)!;

    // Residential cells with a transit cell within 400 m (centre to centre), by brute force.
    const { width, height, cellSizeX, cellSizeY } = area;
    const transit = area.layers.transit!;
    const stops: [number, number][] = [];
    for (let i = 0; i < transit.length; i++) if (transit[i]! > 0) stops.push([i % width, Math.floor(i / width)]);
    expect(stops.length).toBeGreaterThan(0);
    const residential = area.classes.findIndex((c) => c.id === 'residential');
    let near = 0;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        if (area.current[y * width + x] !== residential) continue;
        if (stops.some(([sx, sy]) => Math.hypot((sx - x) * cellSizeX, (sy - y) * cellSizeY) <= 400)) near++;
      }
    expect(near).toBeGreaterThan(0);
    expect(value('homesNearTransit')).toMatchObject({ objective: 'social', unit: 'ha', weight: 1 });
    expect(value('homesNearTransit').label).toBe('Homes within 400 m of a transit stop');
    expect(value('homesNearTransit').value).toBeCloseTo(near * area.cellAreaHa, 9);

    // Agriculture cells on slopes of at most 4°.
    const agriculture = area.classes.findIndex((c) => c.id === 'agriculture');
    const slope = area.layers.slope!;
    let flat = 0;
    for (let i = 0; i < area.current.length; i++)
      if (area.current[i] !== NO_CLASS && area.current[i] === agriculture && slope[i]! <= 4) flat++;
    expect(flat).toBeGreaterThan(0);
    expect(value('flatFarmland')).toMatchObject({ objective: 'ecological', weight: 0.5 });
    expect(value('flatFarmland').value).toBeCloseTo(flat * area.cellAreaHa, 9);
  });

  test('a short run reports it in front.csv and in the HTML report', async () => {
    const run = path.join(tmp, 'run');
    const result = await runCli(['run', file, '--out', run, ...SMALL_BUDGET, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const [header] = parseCsv(readFront(run).csv.toString('utf8'));
    expect(header).toContain('social.homesNearTransit');
    expect(header).toContain('ecological.flatFarmland');

    const report = await runCli(['report', run, '--format', 'html']);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync(path.join(run, 'report.html'), 'utf8');
    expect(html).toContain('Homes within 400 m of a transit stop');
    expect(html).toContain('Farmland on the flattest land');
    expect(html).toContain('residential and distance(transit) &lt;= 400');
  });
});
