/**
 * The report's chapter "Agreement across runs", pure parts: the areas of an agreement
 * (summariseAgreement) against a brute-force count over full class maps; the two maps' pixels; the
 * chapter's numbers, tables and map furniture on the report fixture; a misfit input refused.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { agreementBandColor, CONTESTED_COLOR } from '../../../engine/src/charts/decision-colors.js';
import { NO_CLASS } from '../../../engine/src/landuse/index.js';
import { formatHa, formatPercent } from '../../../engine/src/report/format.js';
import {
  hexToRgb,
  renderAgreedChangeMap,
  renderAgreementShareMap,
  UNCHANGED_COLOR,
} from '../../../engine/src/report/map-image.js';
import {
  NOT_CHANGEABLE,
  ReportInputError,
  renderReportHtml,
  type ReportRunAgreement,
} from '../../../engine/src/report/index.js';
import { layoutChangesOf } from '../../../engine/src/decision/index.js';
import { crossRunAgreement, summariseAgreement } from '../../../engine/src/runs/cross-run-agreement.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';

function pixel(png: PNG, x: number, y: number): number[] {
  const offset = (y * png.width + x) * 4;
  return [...png.data.subarray(offset, offset + 4)];
}

describe('summariseAgreement', () => {
  it('agrees with a brute-force count over the full class maps of random layouts', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const n = 300;
    const K = 4;
    const cellHa = 0.25;
    const today = Uint8Array.from({ length: n }, (_, i) => (i % 29 === 0 ? NO_CLASS : Math.floor(random() * K)));
    const inside = [...today.keys()].filter((i) => today[i] !== NO_CLASS);
    const runs = [0, 1].map(() => {
      const geneCells = Int32Array.from(inside.filter(() => random() < 0.5));
      const genomes = Uint8Array.from({ length: 4 * geneCells.length }, () =>
        random() < 0.6 ? 1 : Math.floor(random() * K),
      );
      return { geneCells, genomes, ids: [0, 1, 3] };
    });
    const maps = runs.flatMap((run) =>
      run.ids.map((id) => {
        const map = today.slice();
        run.geneCells.forEach((cell, g) => (map[cell] = run.genomes[id * run.geneCells.length + g]!));
        return map;
      }),
    );
    const changeable = new Set(runs.flatMap((r) => [...r.geneCells]));
    const pickedRuns = runs.map((run) => ({
      geneCells: run.geneCells,
      layouts: layoutChangesOf(
        run.genomes,
        4,
        Uint8Array.from(run.geneCells, (cell) => today[cell]!),
      ),
      ids: run.ids,
    }));
    const s = summariseAgreement(crossRunAgreement(today, pickedRuns, K), today, K, cellHa);
    let agreed = 0;
    let contested = 0;
    let changedByAll = 0;
    const perClass = Array.from({ length: K }, () => ({ agreed: 0, change: 0, contested: 0 }));
    for (const cell of changeable) {
      const counts = new Array<number>(K).fill(0);
      for (const map of maps) counts[map[cell]!]!++;
      const mode = counts.indexOf(Math.max(...counts));
      if (counts[mode] === maps.length) {
        agreed++;
        perClass[mode]!.agreed++;
        if (mode !== today[cell]) perClass[mode]!.change++;
      } else {
        contested++;
        perClass[mode]!.contested++;
      }
      if (maps.every((m) => m[cell] !== today[cell])) changedByAll++;
    }
    expect(agreed).toBeGreaterThan(0);
    expect(contested).toBeGreaterThan(0);
    expect(s.changeableHa).toBe(changeable.size * cellHa);
    expect(s.agreedHa).toBe(agreed * cellHa);
    expect(s.contestedHa).toBe(contested * cellHa);
    expect(s.changedByAllHa).toBe(changedByAll * cellHa);
    expect(s.classes).toEqual(
      perClass.map((c) => ({
        agreedHa: c.agreed * cellHa,
        agreedChangeHa: c.change * cellHa,
        contestedHa: c.contested * cellHa,
      })),
    );
    expect(s.contestedByShare.reduce((sum, b) => sum + b.ha, 0)).toBeCloseTo(s.contestedHa, 9);
  });
});

describe('the agreement maps', () => {
  // 2 x 2: agreed change to class 1; agreed keep; contested (99 % agree); not changeable.
  const current = Uint8Array.from([0, 0, 0, 1]);
  const mode = Uint8Array.from([1, 0, 0, 1]);
  const agreePercent = Uint8Array.from([100, 100, 99, NOT_CHANGEABLE]);
  const colors = ['#e8584f', '#2e7d32'];

  it('colours agreed changes by class, agreed and fixed cells light grey, contested cells dark grey', () => {
    const png = PNG.sync.read(renderAgreedChangeMap(current, mode, agreePercent, 2, 2, colors, { maxSizePx: 2 }).png);
    expect(pixel(png, 0, 0)).toEqual([...hexToRgb('#2e7d32'), 255]);
    expect(pixel(png, 1, 0)).toEqual([...hexToRgb(UNCHANGED_COLOR), 255]);
    expect(pixel(png, 0, 1)).toEqual([...hexToRgb(CONTESTED_COLOR), 255]);
    expect(pixel(png, 1, 1)).toEqual([...hexToRgb(UNCHANGED_COLOR), 255]);
  });

  it('colours contested cells by their band of agreement, a 99 % cell never as agreed', () => {
    const png = PNG.sync.read(renderAgreementShareMap(agreePercent, 2, 2, { maxSizePx: 2 }).png);
    expect(pixel(png, 0, 1)).toEqual([...hexToRgb(agreementBandColor(90)), 255]);
    expect(pixel(png, 0, 0)).toEqual([...hexToRgb(UNCHANGED_COLOR), 255]);
    expect(agreementBandColor(90)).not.toBe(agreementBandColor(0));
  });
});

describe('the chapter', () => {
  const input = buildReportInput();
  const cells = input.grid.width * input.grid.height;
  const cellHa = input.grid.cellAreaHa;
  /** Every inside cell changeable; the first 40 inside cells contested (60 %), the next 10 agreed on class 1 (a change where today is not 1). */
  function acrossRuns(): ReportRunAgreement {
    const mode = Uint8Array.from(input.current);
    const agreePercent = new Uint8Array(cells).fill(NO_CLASS);
    const classes = input.classes.map(() => ({ agreedHa: 0, agreedChangeHa: 0, contestedHa: 0 }));
    let k = 0;
    let changed = 0;
    for (let i = 0; i < cells; i++) {
      if (input.current[i] === NO_CLASS) continue;
      if (k < 40) {
        agreePercent[i] = 60;
        classes[mode[i]!]!.contestedHa += cellHa;
      } else {
        if (k < 50) mode[i] = 1;
        agreePercent[i] = 100;
        classes[mode[i]!]!.agreedHa += cellHa;
        if (mode[i] !== input.current[i]) {
          classes[mode[i]!]!.agreedChangeHa += cellHa;
          changed++;
        }
      }
      k++;
    }
    return {
      runs: [
        { dir: '/runs/seed-1', scenario: 'A', seed: 1, parent: null, layouts: [0, 1], isReportRun: true },
        { dir: '/runs/steered', scenario: 'A', seed: 7, parent: '/runs/seed-1', layouts: [3], isReportRun: false },
      ],
      solutions: ['compromise'],
      layouts: 3,
      mode,
      agreePercent,
      changeableHa: k * cellHa,
      agreedHa: (k - 40) * cellHa,
      contestedHa: 40 * cellHa,
      changedByAllHa: changed * cellHa,
      contestedByShare: [{ fromPercent: 60, ha: 40 * cellHa }],
      classes,
    };
  }

  it('shows the runs, the share where all agree, two maps with furniture and the classes', async () => {
    const a = acrossRuns();
    const html = await renderReportHtml({ ...input, acrossRuns: a }, { generatedAt: new Date('2025-03-15T10:00:00Z') });
    const start = html.indexOf('<section class="chapter" id="runs">');
    expect(start).toBeGreaterThan(0);
    const chapter = html.slice(start, html.indexOf('<section class="chapter" id="reproducibility">'));
    expect(chapter).toContain(`<b data-agreed-share>${formatPercent(a.agreedHa / a.changeableHa)}</b>`);
    expect(chapter).toContain(`(${formatHa(a.agreedHa)} of ${formatHa(a.changeableHa)} ha)`);
    expect(chapter).toContain('this report’s run');
    expect(chapter).toMatch(/title="\/runs\/seed-1">seed-1<\/span><\/td>/); // the steered run's parent
    expect(chapter.match(/<div class="north"/g)).toHaveLength(2);
    expect(chapter.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(chapter).toContain('60–69 % agree');
    expect(chapter).toContain('<tfoot><tr><th scope="row">All classes</th>');
    // The contents list the chapter, before Reproducibility.
    expect(html.indexOf('Agreement across runs')).toBeLessThan(start);
  });

  it('is left out without other runs, and refuses maps that do not fit the grid', async () => {
    expect(await renderReportHtml({ ...input, acrossRuns: null })).not.toContain('id="runs"');
    const a = acrossRuns();
    await expect(renderReportHtml({ ...input, acrossRuns: { ...a, mode: a.mode.subarray(1) } })).rejects.toThrow(
      ReportInputError,
    );
  });
});
