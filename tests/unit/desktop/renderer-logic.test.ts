/** The renderer's pure logic: map painting, zoom and pan, filters and marks, the settings form, run events. */
import { NO_CLASS } from '../../../engine/src/rules/index.js';
import { describe, expect, it } from 'vitest';
import { float32View } from '../../../desktop/src/renderer/api/bytes.js';
import { decodeAnswerFrame, encodeAnswerFrame } from '../../../engine/src/rules/answer-frames.js';
import { serverSentEvents } from '../../../desktop/src/renderer/api/event-stream.js';
import {
  classPalette,
  colorRamp,
  packColor,
  paintChange,
  paintClasses,
  paintDifference,
  paintMask,
  parseHexColor,
  scaleDiverging,
} from '../../../desktop/src/renderer/features/map/render.js';
import { cellAt, fitView, panBy, zoomAt } from '../../../desktop/src/renderer/features/map/view.js';
import {
  axisIntervalsToFilters,
  brushRectToFilters,
  chartData,
  filteredIds,
  frontMarks,
  withinGroup,
  withThreshold,
} from '../../../desktop/src/renderer/features/pareto-explorer/front-model.js';
import {
  draftOf,
  settingError,
  settingsOf,
  suggestedCopyPath,
  validateDraft,
} from '../../../desktop/src/renderer/features/scenario/settings-model.js';
import { destinationFields, RUN_FOLDER } from '../../../desktop/src/renderer/features/export/destination.js';
import {
  applyRunEvent,
  NO_RUN_WATCHED,
  shownElapsedMs,
  startedRun,
  watchEvent,
  watchRun,
  type RunState,
} from '../../../desktop/src/renderer/state/run-state.js';
import type { PlanEvent } from '../../../engine/src/api/contract.js';
import { markedSolutions } from '../../../engine/src/report/analysis.js';
import type { ReportInput } from '../../../engine/src/report/types.js';

const rgba = (word: number) => Array.from(new Uint8Array(new Uint32Array([word]).buffer));

describe('map painting', () => {
  it('maps classes through the palette, outside cells transparent', () => {
    const palette = classPalette(['#ff0000', '#00ff00']);
    const out = new Uint32Array(3);
    paintClasses(Uint8Array.from([0, 1, NO_CLASS]), palette, out);
    expect(rgba(out[0]!)).toEqual([255, 0, 0, 255]);
    expect(rgba(out[1]!)).toEqual([0, 255, 0, 255]);
    expect(rgba(out[2]!)).toEqual([0, 0, 0, 0]);
  });

  it('reads #rgb and #rrggbb colours, grey for anything else', () => {
    expect(parseHexColor('#e8a33d')).toEqual([232, 163, 61]);
    expect(parseHexColor('#fff')).toEqual([255, 255, 255]);
    expect(parseHexColor('teal')).toEqual([128, 128, 128]);
  });

  it('fades unchanged cells and keeps changed ones in their new colour', () => {
    const palette = classPalette(['#000000', '#0000ff']);
    const faded = classPalette(['#000000', '#0000ff'], 1);
    const out = new Uint32Array(2);
    paintChange(Uint8Array.from([0, 0]), Uint8Array.from([0, 1]), palette, faded, out);
    expect(rgba(out[0]!)).toEqual([255, 255, 255, 255]);
    expect(rgba(out[1]!)).toEqual([0, 0, 255, 255]);
  });

  it('blends masks over painted cells and fills transparent ones', () => {
    const out = Uint32Array.from([packColor(0, 0, 0), 0, packColor(10, 10, 10)]);
    paintMask(Uint8Array.from([1, 1, 0]), '#ffffff', 0.5, out);
    expect(rgba(out[0]!)).toEqual([128, 128, 128, 255]);
    expect(rgba(out[1]!)).toEqual([255, 255, 255, 128]);
    expect(rgba(out[2]!)).toEqual([10, 10, 10, 255]);
  });

  it('paints differences in the second layout’s class colour', () => {
    const palette = classPalette(['#ff0000', '#00ff00']);
    const grey = packColor(200, 200, 200);
    const out = new Uint32Array(3);
    paintDifference(Uint8Array.from([0, 1, NO_CLASS]), Uint8Array.from([0, 1, 0]), palette, grey, out);
    expect(out[0]).toBe(grey);
    expect(rgba(out[1]!)).toEqual([0, 255, 0, 255]);
    expect(out[2]).toBe(0);
  });

  it('centres diverging values on zero and ramps run from first to last stop', () => {
    const scaled = new Uint8Array(4);
    expect(scaleDiverging(Float32Array.from([-2, 0, 2, NaN]), scaled)).toBe(2);
    expect([...scaled]).toEqual([0, 128, 255, 128]);
    const ramp = colorRamp(['#000000', '#ffffff']);
    expect(rgba(ramp[0]!)).toEqual([0, 0, 0, 255]);
    expect(rgba(ramp[255]!)).toEqual([255, 255, 255, 255]);
  });

  it('views a Float32 grid of an answer frame in place', () => {
    const values = Float32Array.from([1.5, -2, Number.NaN]);
    const frame = Buffer.concat(encodeAnswerFrame({ classes: Uint8Array.of(1, 2, 255), values }));
    const answer = decodeAnswerFrame(new Uint8Array(frame).buffer) as { classes: Uint8Array; values: Uint8Array };
    expect([...answer.classes]).toEqual([1, 2, 255]);
    const view = float32View(answer.values);
    expect([...view]).toEqual([1.5, -2, Number.NaN]);
    expect(view.buffer).toBe(answer.values.buffer);
  });
});

describe('map view', () => {
  it('fits a grid into a box, centred', () => {
    expect(fitView(200, 100, 400, 400)).toEqual({ scale: 2, x: 0, y: 100 });
  });

  it('zooms around the pointer: the cell under it stays under it', () => {
    const view = fitView(100, 100, 200, 200);
    const before = cellAt(view, 37, 91, 100, 100);
    const zoomed = zoomAt(view, 3, 37, 91);
    expect(zoomed.scale).toBe(6);
    expect(cellAt(zoomed, 37, 91, 100, 100)).toEqual(before);
    expect(cellAt(panBy(view, 500, 0), 10, 10, 100, 100)).toBeNull();
  });
});

const front = {
  objectives: [
    { id: 'economic', label: 'Economic return', unit: 'M€', direction: 'maximize' as const },
    { id: 'social', label: 'Social welfare', unit: 'points', direction: 'maximize' as const },
  ],
  highlights: { extremes: [0, 2], knee: 1 },
  solutions: [
    { id: 0, objectives: [10, 1], indicators: [], areaHa: [] },
    { id: 1, objectives: [7, 5], indicators: [], areaHa: [] },
    { id: 2, objectives: [2, 9], indicators: [], areaHa: [] },
  ],
};

describe('front explorer model', () => {
  it('filters by thresholds on objectives; clearing both bounds removes the filter', () => {
    const filters = withThreshold({}, 0, { min: 5, max: null });
    expect(filteredIds(front.solutions, filters)).toEqual([0, 1]);
    expect(withThreshold(filters, 0, { min: null, max: null })).toEqual({});
  });

  it('narrows the filtered layouts to a representative group, keeping their order', () => {
    const ids = filteredIds(front.solutions, {});
    expect(withinGroup(ids, null)).toEqual([0, 1, 2]);
    expect(withinGroup(ids, [2, 0])).toEqual([0, 2]);
    expect(withinGroup(filteredIds(front.solutions, withThreshold({}, 0, { min: 5, max: null })), [2, 0])).toEqual([0]);
  });

  it('turns a brushed rectangle and brushed axis intervals into thresholds', () => {
    const filters = brushRectToFilters({}, 0, 1, [
      [8, 1],
      [0, 6],
    ]);
    expect(filters).toEqual({ 0: { min: 1, max: 8 }, 1: { min: 0, max: 6 } });
    expect(filteredIds(front.solutions, filters)).toEqual([1]);
    expect(
      axisIntervalsToFilters({}, 1, [
        [4, 2],
        [8, 9],
      ]),
    ).toEqual({ 1: { min: 2, max: 9 } });
    expect(axisIntervalsToFilters(filters, 1, [])).toEqual({ 0: { min: 1, max: 8 } });
  });

  it('marks the compromise (A), the extremes (B, C) and the selection once each, as the report does', () => {
    const marks = frontMarks(front, 1);
    expect(marks.map((m) => [m.letter, m.id, m.kind])).toEqual([
      ['A', 1, 'compromise'],
      ['B', 0, 'extreme'],
      ['C', 2, 'extreme'],
    ]);
    expect(marks.map((m) => m.label)).toEqual(['Compromise', 'Best economic return', 'Best social welfare']);
    expect(frontMarks(front, 2).map((m) => m.id)).toEqual([1, 0, 2]);
    const withSelection = frontMarks({ ...front, highlights: { knee: 1, extremes: [0, 1] } }, 2);
    expect(withSelection.map((m) => [m.letter, m.id, m.kind])).toEqual([
      ['A', 1, 'compromise'],
      ['B', 0, 'extreme'],
      ['#2', 2, 'selected'],
    ]);
    expect(withSelection[0]!.label).toBe('Compromise, best social welfare');
    // The very letters, names and colours the report gives the same front.
    // markedSolutions reads only these fields of a report input.
    const reportInput = {
      front: front.solutions,
      highlights: front.highlights,
      objectives: front.objectives,
      selected: [],
    };
    const report = markedSolutions(reportInput as unknown as ReportInput);
    expect(report.slice(0, 3).map((m) => [m.letter, m.id, m.label, m.color])).toEqual(
      marks.map((m) => [m.letter, m.id, m.label, m.color]),
    );
    const data = chartData(front, null);
    expect(data.points).toHaveLength(3);
    expect(data.objectives[0]).toEqual({ label: 'Economic return', unit: 'M€', direction: 'maximize' });
  });
});

describe('scenario settings form', () => {
  const settings = {
    demands: [{ classId: 'residential', minHa: 281, maxHa: 300 }],
    objectives: [{ id: 'economic', label: 'E', indicators: [{ type: 'landValue', weight: 1 }] }],
    optimizer: { population: 60, generations: 150, seed: 42, workers: 'auto' as const },
  };

  it('round-trips settings through the draft', () => {
    expect(settingsOf(draftOf(settings), settings)).toEqual(settings);
    expect(suggestedCopyPath('/a/b/riverbend.yaml')).toBe('/a/b/riverbend-edited.yaml');
  });

  it('names every wrong field', () => {
    const draft = draftOf(settings);
    draft.demands[0] = { classId: 'residential', min: '300', max: '200' };
    draft.weights[0]!.value = '-1';
    draft.population = '7';
    draft.workers = 'many';
    expect(Object.keys(validateDraft(draft)).sort()).toEqual([
      'demand.residential.max',
      'population',
      'weight.economic.landValue',
      'workers',
    ]);
    expect(validateDraft(draftOf(settings))).toEqual({});
  });

  it("checks optimiser settings by the engine's own rules, with the same messages", () => {
    const draft = draftOf(settings);
    draft.population = '61';
    draft.seed = '-5';
    expect(validateDraft(draft)).toEqual({
      population: 'Population must be an even whole number from 4 to 10,000 (offspring come in pairs), got 61.',
      seed: 'Seed must be a whole number of at least 0, got -5.',
    });
    expect(settingError('workers', 'auto')).toBeNull();
    expect(settingError('generations', 'ten')).toBe(
      'Generations must be a whole number from 1 to 1,000,000, got "ten".',
    );
  });
});

/** Run r1's progress after its first generation of 300, the optimiser's clock at `elapsedMs`. */
const firstGeneration = (elapsedMs: number) =>
  ({
    type: 'run-progress',
    runId: 'r1',
    generation: 1,
    generations: 300,
    evaluations: 100,
    hypervolume: 0.2,
    elapsedMs,
    etaMs: null,
    frontSize: 6,
  }) as const;

describe('run state from engine events', () => {
  it('follows progress, the live front and the end of the run; ignores other runs', () => {
    let state = startedRun('r1', '/runs/x', 5);
    state = applyRunEvent(state, {
      type: 'run-progress',
      runId: 'r1',
      generation: 2,
      generations: 5,
      evaluations: 24,
      hypervolume: 0.7,
      elapsedMs: 900,
      etaMs: 1300,
      frontSize: 9,
    })!;
    expect(state).toMatchObject({ status: 'running', generation: 2, history: [{ generation: 2, hypervolume: 0.7 }] });
    state = applyRunEvent(state, {
      type: 'run-front',
      runId: 'r1',
      generation: 2,
      objectives: front.objectives,
      ids: [0],
      points: [[1, 2]],
    })!;
    expect(state).toMatchObject({ ids: [0], points: [[1, 2]] });
    expect(
      applyRunEvent(state, { type: 'run-finished', runId: 'other', dir: '', status: 'complete', message: '' }),
    ).toBe(state);
    state = applyRunEvent(state, {
      type: 'run-finished',
      runId: 'r1',
      dir: '/runs/x',
      status: 'interrupted',
      message: 'Stopped',
    })!;
    expect(state.status).toBe('interrupted');
  });

  it("shows what a long step is doing until the step ends (the next generation's progress, or the run's end)", () => {
    const activity = 'Generation 1 of 300, 15 s so far: 46 of 100 starting layouts made and evaluated.';
    let state = applyRunEvent(startedRun('r1', '/runs/x', 300), {
      type: 'run-activity',
      runId: 'r1',
      message: activity,
    })!;
    expect(state).toMatchObject({ status: 'starting', activity });
    expect(applyRunEvent(state, { type: 'run-activity', runId: 'other', message: 'elsewhere' })).toBe(state);
    state = applyRunEvent(state, firstGeneration(95_000))!;
    expect(state.activity).toBeNull();
    state = applyRunEvent(state, { type: 'run-activity', runId: 'r1', message: 'Polishing…' })!;
    state = applyRunEvent(state, {
      type: 'run-finished',
      runId: 'r1',
      dir: '/runs/x',
      status: 'complete',
      message: 'Done',
    })!;
    expect(state.activity).toBeNull();
  });
});

describe("the Run card's elapsed time", () => {
  /** The run ends with `event` at `at`: the figure then stays at the time from watching to the end. */
  const expectStoppedAt = (state: RunState, event: PlanEvent, at: number) => {
    const ended = applyRunEvent(state, event, at)!;
    for (const later of [at, at + 30_000, at + 100_000])
      expect(shownElapsedMs(ended, later)).toBe(at - state.watchedSince);
  };

  it('counts from the start of watching, through the workers starting and a long first generation, and stops at the end', () => {
    const t0 = 1_000_000;
    let state = startedRun('r1', '/runs/big', 300, t0);
    expect(shownElapsedMs(state, t0)).toBe(0);
    // No progress yet (the optimiser's clock reads 0): the wall clock.
    expect(shownElapsedMs(state, t0 + 40_000)).toBe(40_000);
    // The first generation's progress: the optimiser's clock started after the workers did.
    state = applyRunEvent(state, firstGeneration(31_000), t0 + 45_000)!;
    expect(shownElapsedMs(state, t0 + 45_000)).toBe(45_000);
    expect(shownElapsedMs(state, t0 + 46_000)).toBe(46_000);
    expectStoppedAt(
      state,
      { type: 'run-finished', runId: 'r1', dir: '/runs/big', status: 'complete', message: 'Done' },
      t0 + 60_000,
    );
  });

  it("shows the optimiser's clock when it is longer (a run watched late), and never steps back", () => {
    const t0 = 5_000;
    let state = startedRun('r1', '/runs/big', 300, t0);
    state = applyRunEvent(state, firstGeneration(120_000), t0 + 1_000)!;
    expect(shownElapsedMs(state, t0 + 1_000)).toBe(120_000);
    let last = 0;
    for (let t = t0; t < t0 + 300_000; t += 7_000) {
      if (t % 3 === 0) state = applyRunEvent(state, firstGeneration(120_000 + (t - t0) / 2), t)!;
      const shown = shownElapsedMs(state, t);
      expect(shown).toBeGreaterThanOrEqual(last);
      last = shown;
    }
    // A failure stops it too.
    expectStoppedAt(
      state,
      { type: 'run-failed', runId: 'r1', dir: '/runs/big', message: 'x', kind: 'failure' },
      t0 + 400_000,
    );
  });

  it('starts from when startRun answered, with events that came first', () => {
    const watch = watchRun(NO_RUN_WATCHED, 'r1', '/runs/big', 300, 2_000);
    expect(watch.run!.watchedSince).toBe(2_000);
    expect(shownElapsedMs(watch.run!, 12_000)).toBe(10_000);
  });
});

describe('watching a run', () => {
  it('shows a run that failed before startRun answered as failed, with its error', () => {
    // Browser mode: the event stream can deliver run-failed before the answer naming the run.
    let watch = watchEvent(NO_RUN_WATCHED, {
      type: 'run-failed',
      runId: 'r9',
      dir: '/runs/big',
      message: 'Invalid typed array length: 4000000000',
      kind: 'failure',
    });
    expect(watch.run).toBeNull();
    watch = watchRun(watch, 'r9', '/runs/big', 1);
    expect(watch.run).toMatchObject({
      status: 'failed',
      error: 'Invalid typed array length: 4000000000',
      generation: 0,
    });
    expect(watch.unclaimed).toEqual([]);
  });

  it('keeps events of other runs aside, a bounded number of them, and ignores logs', () => {
    let watch = watchRun(NO_RUN_WATCHED, 'mine', '/runs/a', 3);
    watch = watchEvent(watch, { type: 'log', level: 'info', message: 'hello' });
    for (let i = 0; i < 250; i++)
      watch = watchEvent(watch, {
        type: 'run-finished',
        runId: `other-${i}`,
        dir: '',
        status: 'complete',
        message: '',
      });
    expect(watch.unclaimed).toHaveLength(200);
    expect(watch.unclaimed[0]).toMatchObject({ runId: 'other-50' });
    watch = watchEvent(watch, {
      type: 'run-finished',
      runId: 'mine',
      dir: '/runs/a',
      status: 'complete',
      message: 'done',
    });
    expect(watch.run).toMatchObject({ status: 'complete', message: 'done' });
  });
});

describe('export destination', () => {
  it('writes into the run folder by default, else into the chosen folder under fixed names', () => {
    expect(destinationFields(RUN_FOLDER, { kind: 'csv' })).toEqual({});
    expect(destinationFields({ folder: '  ', replace: true }, { kind: 'csv' })).toEqual({});
    expect(destinationFields({ folder: '/home/me/out/', replace: false }, { kind: 'csv' })).toEqual({
      out: '/home/me/out/front.csv',
    });
    expect(
      destinationFields({ folder: 'C:\\Users\\me\\out', replace: true }, { kind: 'layout', id: 7, format: 'geotiff' }),
    ).toEqual({ out: 'C:\\Users\\me\\out\\layout-7.tif', overwrite: true });
    expect(destinationFields({ folder: '/x', replace: false }, { kind: 'report', format: 'pdf' })).toEqual({
      out: '/x/report.pdf',
    });
    expect(destinationFields({ folder: '/x', replace: false }, { kind: 'report', format: 'both' })).toEqual({
      out: '/x/report.html',
    });
    expect(destinationFields({ folder: '/x', replace: false }, { kind: 'report', format: 'interactive' })).toEqual({
      out: '/x/report-interactive.html',
    });
  });
});

describe('server-sent events from a fetch body', () => {
  it('yields each event once complete, whatever the chunking, and skips comments', async () => {
    const text = ': connected\n\ndata: {"a":1}\n\ndata: {"b":2}\n\ndata: line one\ndata: line two\n\n';
    const bytes = new TextEncoder().encode(text);
    // Chunks cut mid-line and mid-character boundary alike.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    const events: string[] = [];
    for await (const event of serverSentEvents(body)) events.push(event);
    expect(events).toEqual(['{"a":1}', '{"b":2}', 'line one\nline two']);
  });
});
