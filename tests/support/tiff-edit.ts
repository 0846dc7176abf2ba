/**
 * Small edits of TIFF headers for tests: find an entry of the first image directory and change its
 * count or its first value, the way a damaged or hostile file would (classic TIFF and BigTIFF).
 */

export interface TiffEntry {
  /** Byte offset of the entry in the file. */
  at: number;
  tag: number;
  type: number;
  count: number;
}

interface Directory {
  little: boolean;
  big: boolean;
  entries: TiffEntry[];
}

export function readDirectory(bytes: Uint8Array): Directory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const big = view.getUint16(2, little) === 43;
  const ifd = big ? Number(view.getBigUint64(8, little)) : view.getUint32(4, little);
  const count = big ? Number(view.getBigUint64(ifd, little)) : view.getUint16(ifd, little);
  const size = big ? 20 : 12;
  const first = ifd + (big ? 8 : 2);
  const entries: TiffEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = first + i * size;
    entries.push({
      at,
      tag: view.getUint16(at, little),
      type: view.getUint16(at + 2, little),
      count: big ? Number(view.getBigUint64(at + 4, little)) : view.getUint32(at + 4, little),
    });
  }
  return { little, big, entries };
}

function entryOf(bytes: Uint8Array, tag: number): { directory: Directory; entry: TiffEntry; view: DataView } {
  const directory = readDirectory(bytes);
  const entry = directory.entries.find((e) => e.tag === tag);
  if (!entry) throw new Error(`no tag ${tag}`);
  return { directory, entry, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** A copy of `bytes` with the count of `tag` set to `count`. */
export function withTagCount(bytes: Uint8Array, tag: number, count: number): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  const { directory, entry, view } = entryOf(copy, tag);
  if (directory.big) view.setBigUint64(entry.at + 4, BigInt(count), directory.little);
  else view.setUint32(entry.at + 4, count, directory.little);
  return copy;
}

/** A copy of `bytes` with the field type of `tag` set to `type` (its bytes read another way). */
export function withTagType(bytes: Uint8Array, tag: number, type: number): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  const { directory, entry, view } = entryOf(copy, tag);
  view.setUint16(entry.at + 2, type, directory.little);
  return copy;
}

/** A copy of `bytes` with the first (inline) value of a SHORT or LONG `tag` set to `value`. */
export function withTagValue(bytes: Uint8Array, tag: number, value: number): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes);
  const { directory, entry, view } = entryOf(copy, tag);
  const at = entry.at + (directory.big ? 12 : 8);
  if (entry.type === 3) view.setUint16(at, value, directory.little);
  else if (entry.type === 4) view.setUint32(at, value, directory.little);
  else if (entry.type === 16) view.setBigUint64(at, BigInt(value), directory.little);
  else throw new Error(`tag ${tag} has type ${entry.type}, not an integer`);
  return copy;
}

/** Where the data of the first image block starts and how long it is (strips or tiles). */
export function firstBlock(bytes: Uint8Array): { offset: number; length: number } {
  const { directory, view } = entryOf(bytes, 256);
  const value = (tag: number) => {
    const entry = directory.entries.find((e) => e.tag === tag);
    if (!entry) return null;
    const inlineAt = entry.at + (directory.big ? 12 : 8);
    const typeSize = entry.type === 3 ? 2 : entry.type === 16 ? 8 : 4;
    const inline = entry.count * typeSize <= (directory.big ? 8 : 4);
    const at = inline
      ? inlineAt
      : directory.big
        ? Number(view.getBigUint64(inlineAt, directory.little))
        : view.getUint32(inlineAt, directory.little);
    return entry.type === 3
      ? view.getUint16(at, directory.little)
      : entry.type === 16
        ? Number(view.getBigUint64(at, directory.little))
        : view.getUint32(at, directory.little);
  };
  const offset = value(273) ?? value(324);
  const length = value(279) ?? value(325);
  if (offset === null || length === null) throw new Error('no block index');
  return { offset, length };
}
