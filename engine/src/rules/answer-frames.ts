/**
 * How the browser-mode server sends the engine's answers: one binary frame, so that grids (class
 * maps, contribution values) travel as their bytes, not as base64 text inside JSON. A 2000 x 2000
 * contribution map is 16 MB of Float32; as base64 in JSON it was 21 MB of text to build, send,
 * parse and decode. Electron's IPC needs none of this: its structured clone carries typed arrays.
 *
 * A frame is:
 *
 *     "PPF1" | u32 LE: length of the header | header (UTF-8 JSON) | zeros to a multiple of 8 | parts
 *
 * The header is `{ value, parts }`: the answer with every typed array replaced by `null`, and for
 * each array `[path, offset, length]`, where `path` lists the keys from the answer down to it and
 * `offset` counts bytes from the start of the parts. Each part starts at a multiple of 8, so the
 * decoded `Uint8Array` can be viewed as Float32 or Int32 without a copy. Paths, not placeholder
 * objects: an answer's own keys (class ids, party names) can never be taken for a grid.
 */

/** The frame's media type. */
export const ANSWER_FRAMES_TYPE = 'application/x-paretoplan-frames';

const MAGIC = [0x50, 0x50, 0x46, 0x31]; // "PPF1"
const ALIGN = 8;

type Path = (string | number)[];
type PartEntry = [path: Path, offset: number, length: number];

const padded = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/**
 * The answer as a frame, in pieces to write one after another (the parts are the answer's own
 * memory, not copies). Typed arrays become their bytes; everything else is as JSON.stringify
 * would write it (undefined properties left out, undefined in arrays as null).
 */
export function encodeAnswerFrame(value: unknown): Uint8Array[] {
  const arrays: ArrayBufferView[] = [];
  const entries: PartEntry[] = [];
  let offset = 0;
  // The way down to a node as a chain of links: a path is written out only for a typed array.
  type Link = { up: Link; key: string | number } | null;
  const pathOf = (link: Link): Path => {
    const path: Path = [];
    for (let at = link; at; at = at.up) path.push(at.key);
    return path.reverse();
  };
  const strip = (node: unknown, link: Link): unknown => {
    if (ArrayBuffer.isView(node)) {
      arrays.push(node);
      entries.push([pathOf(link), offset, node.byteLength]);
      offset += padded(node.byteLength);
      return null;
    }
    if (Array.isArray(node))
      return node.map((item, i) => strip(item === undefined ? null : item, { up: link, key: i }));
    // Objects that say how they are written (a Date's toJSON) are left to JSON.stringify.
    if (node !== null && typeof node === 'object' && typeof (node as { toJSON?: unknown }).toJSON !== 'function') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node))
        if (item !== undefined) copy[key] = strip(item, { up: link, key });
      return copy;
    }
    return node;
  };
  const header = new TextEncoder().encode(JSON.stringify({ value: strip(value, null), parts: entries }));
  const head = new Uint8Array(padded(8 + header.length));
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, header.length, true);
  head.set(header, 8);
  const pieces: Uint8Array[] = [head];
  for (const array of arrays) {
    pieces.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    const gap = padded(array.byteLength) - array.byteLength;
    if (gap > 0) pieces.push(new Uint8Array(gap));
  }
  return pieces;
}

/** The answer in a frame, its grids as `Uint8Array` views of the frame's buffer. */
export function decodeAnswerFrame(frame: ArrayBuffer): unknown {
  const bytes = new Uint8Array(frame);
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('The engine server sent an answer that is not a Pareto Plan frame.');
  const headerLength = new DataView(frame).getUint32(4, true);
  const partsStart = padded(8 + headerLength);
  if (partsStart > bytes.length) throw new Error('The engine server sent a cut answer (its header is incomplete).');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as {
    value: unknown;
    parts: PartEntry[];
  };
  const root = { value: header.value };
  for (const [path, offset, length] of header.parts) {
    if (partsStart + offset + length > bytes.length)
      throw new Error('The engine server sent a cut answer (a grid is incomplete).');
    let holder: Record<string | number, unknown> = root;
    let key: string | number = 'value';
    for (const step of path) {
      holder = holder[key] as Record<string | number, unknown>;
      key = step;
    }
    holder[key] = new Uint8Array(frame, partsStart + offset, length);
  }
  return root.value;
}
