/**
 * The browser-mode server's answer frames (engine/src/rules/answer-frames.ts): grids travel as
 * bytes at offsets that allow Float32 views, everything else as JSON would carry it, and a frame
 * that is cut or is not a frame is refused with a message.
 */
import { describe, expect, it } from 'vitest';
import { decodeAnswerFrame, encodeAnswerFrame } from '../../../engine/src/rules/answer-frames.js';

const roundTrip = (value: unknown) => decodeAnswerFrame(new Uint8Array(Buffer.concat(encodeAnswerFrame(value))).buffer);

describe('answer frames', () => {
  it('carries grids as bytes and the rest as JSON', () => {
    const floats = Float32Array.from([0.25, -3, Number.NaN]);
    const answer = {
      ok: true,
      value: {
        name: 'Riverbend',
        current: Uint8Array.of(0, 1, 255),
        overlays: [
          { id: 'reserve', mask: Uint8Array.of(1) },
          { id: 'floodplain', mask: new Uint8Array(0) },
        ],
        values: new Uint8Array(floats.buffer),
        // An answer's own keys can look like anything; only the header's paths mark grids.
        classes: { $bytes: 0, parts: [1, 2] },
        share: null,
        missing: undefined,
        list: [1, undefined, 'x'],
        when: new Date(Date.UTC(2026, 11, 5)),
      },
    };
    const back = roundTrip(answer) as typeof answer;
    expect(back.ok).toBe(true);
    expect(back.value.name).toBe('Riverbend');
    expect(back.value.current).toBeInstanceOf(Uint8Array);
    expect([...back.value.current]).toEqual([0, 1, 255]);
    expect([...back.value.overlays[0]!.mask]).toEqual([1]);
    expect(back.value.overlays[1]!.mask).toHaveLength(0);
    expect(back.value.classes).toEqual({ $bytes: 0, parts: [1, 2] });
    expect(back.value.share).toBeNull();
    expect('missing' in back.value).toBe(false);
    expect(back.value.list).toEqual(JSON.parse(JSON.stringify(answer.value.list)));
    expect(back.value.when).toBe('2026-12-05T00:00:00.000Z');
    // Each grid starts at a multiple of 8 bytes: a Float32 view needs no copy.
    expect(back.value.values.byteOffset % 8).toBe(0);
    const view = new Float32Array(back.value.values.buffer, back.value.values.byteOffset, 3);
    expect([...view]).toEqual([0.25, -3, Number.NaN]);
  });

  it('writes the grids as they are, without copies, and any typed array as its bytes', () => {
    const grid = new Uint8Array(1000).fill(7);
    const ints = Int32Array.of(1, -1);
    const pieces = encodeAnswerFrame({ grid, cells: ints });
    expect(pieces.some((piece) => piece.buffer === grid.buffer)).toBe(true);
    const back = roundTrip({ grid, cells: ints }) as { cells: Uint8Array };
    expect([...new Int32Array(back.cells.buffer, back.cells.byteOffset, 2)]).toEqual([1, -1]);
  });

  it('carries a plain value, and an answer without grids', () => {
    expect(roundTrip(42)).toBe(42);
    expect(roundTrip({ ok: false, error: { message: 'No such run.', kind: 'input' } })).toEqual({
      ok: false,
      error: { message: 'No such run.', kind: 'input' },
    });
  });

  it('refuses what is not a frame, or a cut one, with a message', () => {
    expect(() => decodeAnswerFrame(new TextEncoder().encode('{"ok":true}').buffer)).toThrow(/not a Pareto Plan frame/);
    const frame = new Uint8Array(Buffer.concat(encodeAnswerFrame({ grid: new Uint8Array(64) })));
    expect(() => decodeAnswerFrame(frame.slice(0, frame.length - 1).buffer)).toThrow(/cut answer/);
    expect(() => decodeAnswerFrame(frame.slice(0, 12).buffer)).toThrow(/cut answer/);
  });
});
