import { describe, expect, it } from 'vitest';
import { fillBy, gather } from '../../../engine/src/io/typed-map.js';

describe('filling typed arrays element by element', () => {
  it('fillBy gives what TypedArray.from with the same mapping gives, element for element', () => {
    const source = Float32Array.from([0.1, -2, 3.75, Number.NaN, 1e-40, 7]);
    const expected = Float32Array.from(source, (v) => v * 3 + 0.5);
    const got = fillBy(new Float32Array(source.length), (i) => source[i]! * 3 + 0.5);
    expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    // The target's own type converts the values (clamping, truncation), as `from` would.
    expect(Array.from(fillBy(new Uint8Array(4), (i) => i * 100))).toEqual([0, 100, 200, 44]);
  });

  it('gather copies values in the order of the indices', () => {
    const grid = Float64Array.from([10, 11, 12, 13, 14]);
    const cells = Int32Array.from([4, 0, 2]);
    expect(Array.from(gather(new Float32Array(3), grid, cells))).toEqual([14, 10, 12]);
    expect(gather(new Uint8Array(0), grid, cells)).toHaveLength(0);
  });
});
