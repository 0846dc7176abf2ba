/**
 * `paretoplan parties` and `paretoplan groups` on a real (small) run of the bundled scenario: the
 * picks and compromises agree with front.csv, the consensus and conflict maps agree cell by cell
 * with the parties' preferred layouts exported by `paretoplan export`, and every GeoTIFF reads back
 * on the input grid with its QGIS style.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  partiesOfRun,
  savePartiesFile,
  type GroupsResult,
  type PartiesResult,
  type PartyInput,
} from '../../../engine/src/api/index.js';
import { readGeoTiff } from '../../../engine/src/gis/index.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import type { ExplorerData } from '../../../engine/src/report/interactive/data.js';
import { externalReferences } from '../../support/self-contained.js';
import { balancedScenario, readFront, repoRoot, runCli, SMALL_BUDGET } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-parties-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = path.join(tmp, 'run');
const partiesFile = path.join(repoRoot, 'scenarios/riverbend.parties.yaml');
const landuse = path.join(repoRoot, 'gis-data/riverbend/landuse.tif');
let front: number[][];
let header: string[];

beforeAll(async () => {
  const result = await runCli(['run', balancedScenario, '--out', run, ...SMALL_BUDGET, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
  const [head, ...rows] = parseCsv(readFront(run).csv.toString('utf8'));
  header = head!;
  front = rows.map((r) => r.map(Number));
});

describe('paretoplan parties', () => {
  let result: PartiesResult;
  beforeAll(async () => {
    const out = await runCli(['parties', run, '--parties', partiesFile, '--json']);
    expect(out.code, out.stderr).toBe(0);
    result = JSON.parse(out.stdout) as PartiesResult;
  });

  it("scores every layout for the four parties; each pick is the party's most satisfying layout", () => {
    expect(result.layouts).toBe(front.length);
    expect(result.parties.map((p) => p.id)).toEqual(['council', 'developers', 'residents', 'environment']);
    for (const party of result.parties) {
      expect(party.satisfaction).toHaveLength(front.length);
      expect(Math.min(...party.satisfaction)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...party.satisfaction)).toBeLessThanOrEqual(1);
      expect(party.satisfaction[party.preferred]).toBe(Math.max(...party.satisfaction));
      expect(party.rank[party.preferred]).toBe(1);
    }
  });

  it("the council's pick (equal weights on the three objectives) is the normalised Tchebycheff optimum of front.csv", () => {
    // Recomputed here from the CSV: satisfaction = min over objectives of (value - worst) / (best - worst).
    const columns = [1, 2, 3];
    const ranges = columns.map((c) => [Math.min(...front.map((r) => r[c]!)), Math.max(...front.map((r) => r[c]!))]);
    const satisfaction = front.map((r) =>
      Math.min(...columns.map((c, j) => (r[c]! - ranges[j]![0]!) / (ranges[j]![1]! - ranges[j]![0]!))),
    );
    const council = result.parties[0]!;
    council.satisfaction.forEach((s, i) => expect(s).toBeCloseTo(satisfaction[i]!, 9));
    expect(satisfaction[council.preferred]).toBe(Math.max(...satisfaction));
    expect(header.slice(1, 4)).toEqual(['economic (max)', 'social (max)', 'ecological (max)']);
  });

  it('the compromises follow their rules over the satisfaction table', () => {
    const s = result.parties.map((p) => p.satisfaction);
    const ids = front.map((_, i) => i);
    const [egalitarian, regret, nash] = result.compromises;
    const least = (i: number) => Math.min(...s.map((row) => row[i]!));
    expect(least(egalitarian!.id)).toBeCloseTo(Math.max(...ids.map(least)), 12);
    const best = s.map((row) => Math.max(...row));
    const worstRegret = (i: number) => Math.max(...s.map((row, p) => best[p]! - row[i]!));
    expect(worstRegret(regret!.id)).toBeCloseTo(Math.min(...ids.map(worstRegret)), 12);
    const d = s.map((row) => Math.min(...row));
    const product = (i: number) => s.reduce((acc, row, p) => (best[p]! > d[p]! ? acc * (row[i]! - d[p]!) : acc), 1);
    expect(product(nash!.id)).toBeCloseTo(Math.max(...ids.map(product)), 12);
    expect(result.borda.shortlist).toEqual(
      [...new Set([...result.parties.map((p) => p.preferred), ...result.compromises.map((c) => c.id)])].sort(
        (a, b) => a - b,
      ),
    );
    // Each party hands out n(n-1)/2 Borda points over the shortlist.
    const n = result.borda.shortlist.length;
    const total = result.borda.standings.reduce((sum, x) => sum + x.points, 0);
    expect(total).toBeCloseTo((result.parties.length * n * (n - 1)) / 2, 9);
  });

  it("writes consensus and conflict maps on the input grid that agree with the parties' preferred layouts", async () => {
    expect(result.maps!.consensus).toBe(path.join(run, 'parties', 'consensus.tif'));
    const [consensus, conflict, input] = await Promise.all([
      readGeoTiff(result.maps!.consensus),
      readGeoTiff(result.maps!.conflict),
      readGeoTiff(landuse),
    ]);
    expect(consensus.grid).toEqual(input.grid);
    expect(consensus.nodata).not.toBe(0); // 0 = "Parties disagree", a value of its own
    expect(conflict.grid).toEqual(input.grid);
    expect(readFileSync(result.maps!.consensus.replace(/\.tif$/, '.qml'), 'utf8')).toContain('Parties disagree');
    expect(readFileSync(result.maps!.conflict.replace(/\.tif$/, '.qml'), 'utf8')).toContain('3 of 4 parties disagree');
    // Each party's preferred layout, as `paretoplan export` writes it.
    const layouts = [];
    for (const party of result.parties) {
      const file = path.join(tmp, `pick-${party.id}.tif`);
      const exported = await runCli([
        'export',
        run,
        '--solution',
        String(party.preferred),
        '--format',
        'geotiff',
        '--out',
        file,
      ]);
      expect(exported.code, exported.stderr).toBe(0);
      layouts.push((await readGeoTiff(file)).data);
    }
    let agreedCells = 0;
    for (let i = 0; i < input.data.length; i++) {
      if (input.data[i] === input.nodata) {
        expect(consensus.data[i]).toBe(consensus.nodata);
        expect(conflict.data[i]).toBe(conflict.nodata);
        continue;
      }
      const counts = new Map<number, number>();
      for (const layout of layouts) counts.set(layout[i]!, (counts.get(layout[i]!) ?? 0) + 1);
      const most = Math.max(...counts.values());
      expect(conflict.data[i]).toBe(layouts.length - most);
      expect(consensus.data[i]).toBe(most === layouts.length ? layouts[0]![i] : 0);
      if (most === layouts.length) agreedCells++;
    }
    // The table's consensus area counts the changeable cells only; the map shows fixed cells too.
    const cellHa = 0.0625;
    expect(result.agreement.consensusHa).toBeLessThanOrEqual(agreedCells * cellHa);
    expect(result.agreement.consensusHa + result.agreement.conflictHa).toBeCloseTo(result.agreement.changeableHa, 6);
  });

  it('prints a readable summary and writes the maps to --out', async () => {
    const out = path.join(tmp, 'maps');
    const text = await runCli(['parties', run, '--parties', partiesFile, '--out', out]);
    expect(text.code, text.stderr).toBe(0);
    for (const phrase of [
      "Residents' association",
      'Egalitarian (max-min satisfaction)',
      'Minimax regret',
      'Nash bargaining',
      'Borda count',
    ]) {
      expect(text.stdout).toContain(phrase);
    }
    expect(existsSync(path.join(out, 'consensus.tif'))).toBe(true);
    expect(existsSync(path.join(out, 'conflict.qml'))).toBe(true);
  });

  it('bad parties: exit code 2 with the file and line, and no maps written', async () => {
    const bad = path.join(tmp, 'bad.parties.yaml');
    writeFileSync(bad, readFileSync(partiesFile, 'utf8').replace('economic.landValue: 4', 'economic.landvalue: 4'));
    const out = path.join(tmp, 'bad-maps');
    const result = await runCli(['parties', run, '--parties', bad, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /bad\.parties\.yaml:\d+: parties\[1\]\.weights\.economic\.landvalue: no objective or sub-indicator is named/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("without --parties, uses the scenario's parties: section", async () => {
    // A copy of the run whose scenario carries two parties (as `run` records a scenario's parties: section).
    const copy = path.join(tmp, 'run-with-parties');
    cpSync(run, copy, { recursive: true });
    const manifestFile = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { scenario: { parsed: { parties?: unknown } } };
    manifest.scenario.parsed.parties = [
      { id: 'growth', weights: { economic: 1 } },
      { id: 'green', aspirations: { ecological: '100 % of range' } },
    ];
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const out = await runCli(['parties', copy, '--json']);
    expect(out.code, out.stderr).toBe(0);
    const parsed = JSON.parse(out.stdout) as PartiesResult;
    expect(parsed.parties.map((p) => p.id)).toEqual(['growth', 'green']);
    const economic = front.map((r) => r[1]!);
    const ecological = front.map((r) => r[3]!);
    expect(economic[parsed.parties[0]!.preferred]).toBe(Math.max(...economic));
    expect(ecological[parsed.parties[1]!.preferred]).toBe(Math.max(...ecological));
    expect(readFileSync(path.join(copy, 'parties', 'conflict.qml'), 'utf8')).toContain('1 of 2 parties disagrees');
  });

  it('without --parties and without a parties: section in the scenario: exit code 2 saying what to do', async () => {
    const result = await runCli(['parties', run]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--parties');
  });
});

describe('the parties API', () => {
  it('scores parties given in memory (as the app edits them) and saves them as a valid parties file', async () => {
    const parties: PartyInput[] = [
      { id: 'farmers', name: 'Farmers', weights: { 'area-free': 1, economic: 1 } },
      { id: 'nature', aspirations: { ecological: '100 % of range' } },
    ];
    await expect(partiesOfRun(run, { parties, maps: false })).rejects.toThrow(
      /\(parties\):1: parties\[0\]\.weights\.area-free: no objective or sub-indicator is named "area-free"/,
    );
    parties[0]!.weights = { economic: 1 };
    const result = await partiesOfRun(run, { parties, maps: false });
    expect(result.maps).toBeNull();
    expect(result.parties.map((p) => p.name)).toEqual(['Farmers', 'nature']);
    const file = path.join(tmp, 'saved.parties.yaml');
    await savePartiesFile(file, parties);
    const fromFile = await partiesOfRun(run, { file, maps: false });
    expect(fromFile.parties.map((p) => p.preferred)).toEqual(result.parties.map((p) => p.preferred));
  });
});

describe('paretoplan groups', () => {
  let result: GroupsResult;
  beforeAll(async () => {
    const out = await runCli([
      'groups',
      run,
      '--json',
      '--region',
      `economic=${front[Math.floor(front.length / 2)]![1]}..`,
    ]);
    expect(out.code, out.stderr).toBe(0);
    result = JSON.parse(out.stdout) as GroupsResult;
  });

  it('splits the front into groups chosen by silhouette, each explained', () => {
    const members = result.groups.flatMap((g) => g.members).sort((a, b) => a - b);
    expect(members).toEqual(front.map((_, i) => i));
    if (result.groups.length > 1) {
      const best = result.silhouettes.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
      expect(best.k).toBe(result.groups.length);
    }
    const areaColumns = header.flatMap((h, c) => (h.startsWith('area_ha.') ? [c] : []));
    for (const group of result.groups) {
      expect(group.members).toContain(group.medoid);
      // Objective ranges and class areas agree with front.csv.
      const economic = group.members.map((i) => front[i]![1]!);
      expect(group.objectiveRanges[0]!.min).toBe(Math.min(...economic));
      expect(group.objectiveRanges[0]!.max).toBe(Math.max(...economic));
      const residential = areaColumns.find((c) => header[c] === 'area_ha.residential')!;
      const diff = group.classDifferences.find((d) => d.classId === 'residential')!;
      const mean = (ids: number[]) => ids.reduce((s, i) => s + front[i]![residential]!, 0) / ids.length;
      expect(diff.groupMeanHa).toBeCloseTo(mean(group.members), 9);
    }
  });

  it('explains the groups and a brushed region with a decision tree of depth <= 3 in plain words', () => {
    for (const tree of [result.groupTree, result.regionTree]) {
      if (!tree) continue;
      expect(tree.features).toBeGreaterThan(10);
      expect(tree.accuracy).toBeGreaterThan(0.5);
      for (const rule of tree.rules) {
        expect(rule.conditions.length).toBeLessThanOrEqual(3);
        expect(rule.text).toMatch(/^(If .+|Always): .+ \(\d+ of \d+ layouts?\)$/);
      }
    }
    expect(result.regionTree!.members.length).toBeGreaterThan(0);
    expect(result.featureNote).toBeNull(); // zones and distance bands were read from the scenario's layers
  });

  it('writes maps of the characteristic cells on the input grid', async () => {
    const input = await readGeoTiff(landuse);
    for (const group of result.groups.filter((g) => g.map)) {
      const map = await readGeoTiff(group.map!);
      expect(map.grid).toEqual(input.grid);
      expect(map.nodata).not.toBe(0); // 0 = "Not characteristic"
      const cells = Array.from(map.data).filter((v) => v !== 0 && v !== map.nodata).length;
      expect(cells * 0.0625).toBeCloseTo(group.characteristicHa, 6);
      expect(readFileSync(group.map!.replace(/\.tif$/, '.qml'), 'utf8')).toContain('Not characteristic');
    }
  });

  it('rejects a malformed region with exit code 2', async () => {
    const bad = await runCli(['groups', run, '--region', 'economy=1..2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown objective "economy"');
  });
});

describe('paretoplan report --format interactive', () => {
  it('writes one self-contained explorer page of the run with the front, every layout and the parties', async () => {
    const out = await runCli(['report', run, '--format', 'interactive', '--parties', partiesFile]);
    expect(out.code, out.stderr).toBe(0);
    const file = path.join(run, 'report-interactive.html');
    expect(out.stdout.trim()).toBe(`Interactive report: ${file}`);
    // Only the explorer page: no static report beside it.
    expect(existsSync(path.join(run, 'report.html'))).toBe(false);
    expect(statSync(file).size).toBeLessThan(15 * 1024 * 1024);
    const html = readFileSync(file, 'utf8');
    expect(externalReferences(html, { allowInlineScripts: true })).toEqual([]);
    const data = JSON.parse(
      /<script type="application\/json" id="explorer-data">([\s\S]*?)<\/script>/.exec(html)![1]!,
    ) as ExplorerData;
    // The front as front.csv has it: ids and objective values.
    expect(data.front.ids).toEqual(front.map((r) => r[0]));
    const objectives = data.objectives.length;
    front.forEach((r, i) =>
      r.slice(1, 1 + objectives).forEach((v, o) => expect(data.front.objectives[i * objectives + o]).toBeCloseTo(v, 6)),
    );
    // Every layout: one change code per layout and changeable cell; the parties of the file.
    const codes = inflateRawSync(Buffer.from(data.maps.changes, 'base64'));
    const cells = inflateRawSync(Buffer.from(data.maps.cells, 'base64')).length / 4;
    expect(codes.length).toBe(front.length * cells);
    expect(data.parties!.parties.map((p) => p.name)).toHaveLength(4);
    expect(data.parties!.source).toBe('riverbend.parties.yaml');
  });

  it('--out names the file; an unknown format names the formats there are', async () => {
    const target = path.join(tmp, 'shared', 'workshop.html');
    const out = await runCli(['report', run, '--format', 'interactive', '--out', target, '--parties', partiesFile]);
    expect(out.code, out.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
    const bad = await runCli(['report', run, '--format', 'explorer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected html, pdf, both, interactive, got "explorer"');
  });
});
