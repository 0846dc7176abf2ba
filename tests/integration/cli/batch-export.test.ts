import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoJson, readGeoTiff } from '../../../engine/src/gis/index.js';
import { hypervolume } from '../../../engine/src/optimizer/index.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { readManifest } from '../../../engine/src/runs/run-folder.js';
import { TEST_BROWSER } from '../../support/browser.js';
import { readPdf, squeeze } from '../../support/pdf-text.js';
import { balancedScenario, readFront, repoRoot, runCli } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TINY = ['--population', '8', '--generations', '3', '--workers', '2'];

describe('paretoplan batch', () => {
  it('continues past a broken scenario and writes a summary comparing the fronts', async () => {
    const scenarios = path.join(tmp, 'scenarios');
    mkdirSync(scenarios);
    // Copies of a real scenario next to the original, so relative layer paths still resolve.
    const text = readFileSync(balancedScenario, 'utf8').replaceAll(
      '../gis-data/',
      `${path.join(repoRoot, 'gis-data')}/`,
    );
    writeFileSync(path.join(scenarios, 'a-good.yaml'), text);
    writeFileSync(
      path.join(scenarios, 'b-broken.yaml'),
      text.replace('residential: { min: 281 ha, max: 300 ha }', 'residential: { min: lots }'),
    );
    const out = path.join(tmp, 'batch');
    const result = await runCli(['batch', scenarios, '--out', out, '--seeds', '1,2', ...TINY]);
    expect(result.code, result.stderr).toBe(1); // one scenario failed
    expect(result.stderr).toContain('2 of 4 runs failed');
    const [header, ...rows] = parseCsv(readFileSync(path.join(out, 'summary.csv'), 'utf8'));
    expect(header).toEqual(
      expect.arrayContaining([
        'scenario',
        'seed',
        'status',
        'hypervolume',
        'run_hypervolume',
        'best_economic',
        'compromise_ecological',
        'hv_reference_social',
        'error',
      ]),
    );
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]);
    expect(column('scenario')).toEqual(['a-good.yaml', 'a-good.yaml', 'b-broken.yaml', 'b-broken.yaml']);
    expect(column('status')).toEqual(['complete', 'complete', 'failed', 'failed']);
    expect(column('seed')).toEqual(['1', '2', '1', '2']);
    expect(column('error')[2]).toMatch(/b-broken\.yaml:\d+: demands\.residential\.min/);
    expect(Number(column('hypervolume')[0])).toBeGreaterThan(0);
    // The seeds of a scenario share one hypervolume reference (per objective the least demanding
    // of the runs' own, and the largest scale; README, batch), and each value is the hypervolume
    // of the run's front.csv against it.
    const runs = await Promise.all([0, 1].map((row) => readManifest(path.join(out, column('run_dir')[row]!))));
    const sign = runs[0]!.objectives.map((o) => (o.direction === 'maximize' ? -1 : 1));
    const reference = sign.map((_, j) => Math.max(...runs.map((m) => m.hypervolume!.reference[j]!)));
    const unit = sign.reduce<number>(
      (product, _, j) => product * Math.max(...runs.map((m) => m.hypervolume!.scale[j]!)),
      1,
    );
    runs[0]!.objectives.forEach((o, j) => {
      expect(column(`hv_reference_${o.id}`).slice(0, 2).map(Number)).toEqual([
        sign[j]! * reference[j]!,
        sign[j]! * reference[j]!,
      ]);
    });
    for (const row of [0, 1]) {
      const [, ...front] = parseCsv(readFront(path.join(out, column('run_dir')[row]!)).csv.toString('utf8'));
      const points = front.map((r) => sign.map((s, j) => s * Number(r[1 + j])));
      expect(Number(column('hypervolume')[row])).toBeCloseTo(hypervolume(points, reference) / unit, 12);
    }
    expect(result.stdout).toContain('a-good.yaml');
  });
});

describe('paretoplan export', () => {
  const run = path.join(tmp, 'run');
  beforeAll(async () => {
    const result = await runCli(['run', balancedScenario, '--out', run, ...TINY, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('measures the variants that keep the objectives against one reference, and a variant with other weights on its own', async () => {
    const tiny = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
    const variants = path.join(tmp, 'variants.yaml');
    writeFileSync(
      variants,
      [
        'variants:',
        '  - id: base',
        '  - id: more-homes', // other demands and population: the same objective functions
        '    optimizer: { population: 10 }',
        '    demands: { residential: { min: 320 cells, max: 340 cells } }',
        '  - id: housing-weighted', // other weights: other objectives
        '    weights: { social: { housingSupply: 2 } }',
        '',
      ].join('\n'),
    );
    const out = path.join(tmp, 'batch-variants');
    const result = await runCli(['batch', tiny, '--variants', variants, '--out', out, '--seeds', '1,2', ...TINY]);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(path.join(out, 'summary.csv'), 'utf8'));
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]!);
    expect(column('variant')).toEqual([
      'base',
      'base',
      'more-homes',
      'more-homes',
      'housing-weighted',
      'housing-weighted',
    ]);
    const runs = await Promise.all(rows.map((_, row) => readManifest(path.join(out, column('run_dir')[row]!))));
    const objectives = runs[0]!.objectives;
    const sign = objectives.map((o) => (o.direction === 'maximize' ? -1 : 1));
    /** The common reference of some rows (natural units), and each of those rows' hypervolume against it. */
    const common = (group: number[]) => {
      const reference = sign.map((_, j) => Math.max(...group.map((r) => runs[r]!.hypervolume!.reference[j]!)));
      const unit = sign.reduce<number>(
        (p, _, j) => p * Math.max(...group.map((r) => runs[r]!.hypervolume!.scale[j]!)),
        1,
      );
      const volumes = group.map((r) => {
        const [, ...front] = parseCsv(readFront(path.join(out, column('run_dir')[r]!)).csv.toString('utf8'));
        return (
          hypervolume(
            front.map((f) => sign.map((s, j) => s * Number(f[1 + j]))),
            reference,
          ) / unit
        );
      });
      return { reference: reference.map((v, j) => sign[j]! * v), volumes };
    };
    for (const [group, rowsOfGroup] of [
      ['base and more-homes', [0, 1, 2, 3]],
      ['housing-weighted', [4, 5]],
    ] as const) {
      const { reference, volumes } = common([...rowsOfGroup]);
      objectives.forEach((o, j) => {
        for (const row of rowsOfGroup) expect(Number(column(`hv_reference_${o.id}`)[row]), group).toBe(reference[j]);
      });
      rowsOfGroup.forEach((row, k) => expect(Number(column('hypervolume')[row])).toBeCloseTo(volumes[k]!, 12));
    }
  });

  it('writes a GeoTIFF georeferenced exactly like the input grid, with class colours', async () => {
    const out = path.join(tmp, 'knee.tif');
    const result = await runCli(['export', run, '--solution', 'knee', '--format', 'geotiff', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const [exported, input] = await Promise.all([
      readGeoTiff(out),
      readGeoTiff(path.join(repoRoot, 'gis-data/riverbend/landuse.tif')),
    ]);
    expect(exported.grid).toEqual(input.grid);
    expect(exported.colorTable).not.toBeNull();
    expect(readFileSync(out.replace(/\.tif$/, '.qml'), 'utf8')).toContain('Residential');
    // Cells that may not change (water, transport, wetland are fixed) keep today's code.
    for (let i = 0; i < input.data.length; i++) if (input.data[i] === 8) expect(exported.data[i]).toBe(8);
  });

  it('writes valid GeoJSON polygons in WGS 84 for a named extreme', async () => {
    const out = path.join(tmp, 'best-economic.geojson');
    const result = await runCli(['export', run, '--solution', 'best-economic', '--format', 'geojson', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const layer = await readGeoJson(out);
    expect(layer.features.length).toBeGreaterThan(10);
    const [lon, lat] = (layer.features[0]!.geometry as unknown as { coordinates: number[][][] }).coordinates[0]![0]!;
    expect(lon).toBeGreaterThan(14);
    expect(lon).toBeLessThan(16);
    expect(lat).toBeGreaterThan(50);
    expect(lat).toBeLessThan(53);
  });

  it('writes the front as CSV with the documented header', async () => {
    const out = path.join(tmp, 'front.csv');
    const result = await runCli(['export', run, '--format', 'csv', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header!.slice(0, 4)).toEqual(['id', 'economic (max)', 'social (max)', 'ecological (max)']);
    expect(header).toContain('economic.landValue');
    expect(header).toContain('area_ha.residential');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => Number(r[0]))).toEqual(rows.map((_, i) => i));
  });

  it('rejects an unknown solution name with the names it accepts', async () => {
    const result = await runCli(['export', run, '--solution', 'best-happiness', '--format', 'geotiff']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('compromise, knee, best-economic, best-social, best-ecological');
  });

  it.skipIf(!TEST_BROWSER)(
    'writes the HTML and PDF report of the run, with the scenario, objectives, seed and input hashes',
    async () => {
      const result = await runCli(['report', run, '--format', 'both', '--out', path.join(tmp, 'report')]);
      expect(result.code, result.stderr).toBe(0);
      const html = readFileSync(path.join(tmp, 'report.html'), 'utf8');
      expect(html).toContain('Riverbend 2040 - balanced growth');
      expect(html).not.toMatch(/(src|href)="https?:/);
      const pages = await readPdf(path.join(tmp, 'report.pdf'));
      expect(pages.length).toBeGreaterThanOrEqual(6);
      expect(Math.round(pages[0]!.widthPt)).toBe(596); // A4: 210 mm = 595.3 pt, Chromium rounds the page to whole CSS pixels
      const text = squeeze(pages.map((p) => p.text).join('\n'));
      const manifest = JSON.parse(readFileSync(path.join(run, 'manifest.json'), 'utf8')) as {
        parameters: { seed: number };
        inputs: { sha256: string }[];
      };
      for (const phrase of ['Riverbend 2040 - balanced growth', 'Economic return', 'Social welfare', 'Ecology']) {
        expect(text).toContain(squeeze(phrase));
      }
      expect(text).toContain(`Seed${manifest.parameters.seed}`);
      for (const input of manifest.inputs) expect(text).toContain(input.sha256);
    },
  );
});

describe('bad input', () => {
  it('a missing scenario: exit code 2 and a message naming the file', async () => {
    const result = await runCli(['run', path.join(tmp, 'nope.yaml'), '--out', path.join(tmp, 'x1')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a malformed scenario: exit code 2 with the line of the problem, and no run folder left behind', async () => {
    const file = path.join(tmp, 'malformed.yaml');
    writeFileSync(file, readFileSync(balancedScenario, 'utf8').replace('population: 60', 'population: sixty'));
    copyFileSync(file, file); // (same folder layout as the original is not needed to fail validation)
    const out = path.join(tmp, 'x2');
    const result = await runCli(['run', file, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/malformed\.yaml:\d+: /);
    expect(() => readFileSync(path.join(out, 'manifest.json'))).toThrow();
  });

  it('an unknown flag: exit code 2', async () => {
    const result = await runCli(['run', balancedScenario, '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('an output folder that exists and is not a run folder: exit code 2, nothing written into it', async () => {
    const out = path.join(tmp, 'occupied');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const result = await runCli(['run', balancedScenario, '--out', out, ...TINY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an empty folder or a run folder');
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('an output location that cannot be written: exit code 2 with what to do', async () => {
    const result = await runCli(['run', balancedScenario, '--out', '/sys/paretoplan-run', ...TINY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Cannot create the run folder \/sys\/paretoplan-run: (permission denied|the location is read-only)/,
    );
  });

  it('resume and report of a folder that is not a run: exit code 2', async () => {
    for (const command of ['resume', 'report']) {
      const result = await runCli([command, tmp]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not a run folder');
    }
  });
});
