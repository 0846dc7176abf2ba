/**
 * The agreement of a front's layouts, cell by cell (decision/agreement.ts): computed from the
 * layouts' changes, or read from the record a finished run keeps with its final front.
 *
 * The record (`front.agreement` in the manifest, file `agreement-NNNNNN.bin`) holds, per gene, how
 * many of the front's layouts give each class other than today's (the {@link ChangeCounts} of every
 * layout). The agreement of every layout, the map a planner opens first, is read from it; so is
 * any class's share of it. A selection of more than half the layouts is counted from the record
 * less the layouts left out, so no selection costs more than half the front: counting costs
 * about 4-5 ms a layout at 2000 x 2000 cells (about 1 s for 200 layouts). A selection close to
 * the last one (brushing) is that one's counts plus the layouts added, less those dropped.
 * Smaller selections, repeated layouts, live runs and older folders are counted from the
 * changes. The record is a cache: when it is missing or damaged, the agreement is counted instead
 * (the same maps).
 *
 * File layout (little-endian): the magic "PPAGR2\0\0", genes (uint32), layouts (uint32), classes
 * (uint32), then raw DEFLATE of the counts, genes x classes, row-major (a byte each up to 255
 * layouts, else uint16; today's class's entry is 0). Older records ("PPAGR1\0\0", genes,
 * layouts, then raw DEFLATE of the most frequent class per gene and how many layouts give it)
 * still serve the map of every layout.
 */
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { agreementOfCounts, emptyChangeCounts, type ChangeCounts, type GeneAgreement } from '../decision/index.js';
import { countLayoutChanges, type LoadedFront } from './front-io.js';
import type { EncodedLayouts } from './layouts-codec.js';
import { sha256Bytes, writeAtomic } from './files.js';
import { takenNames } from './outputs.js';
import { generationFileName, readVerified, type RunManifest } from './run-folder.js';

const MAGIC = Buffer.from('PPAGR2\0\0', 'latin1');
const HEADER_BYTES = MAGIC.length + 12;
const MAGIC_V1 = Buffer.from('PPAGR1\0\0', 'latin1');
const HEADER_BYTES_V1 = MAGIC_V1.length + 8;
const deflateRawAsync = promisify(deflateRaw);

/** Bytes per count of agreeing layouts. */
const countBytes = (layouts: number) => (layouts <= 0xff ? 1 : 2);

/** The counts' bytes in the file's order (little-endian). */
function littleEndianBytes(counts: ChangeCounts): Uint8Array {
  const bytes = Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength);
  return counts.BYTES_PER_ELEMENT === 2 && os.endianness() === 'BE' ? Buffer.from(bytes).swap16() : bytes;
}

/** The record of the agreement of `layouts` layouts from their change counts (see the file layout above). */
export async function encodeFrontAgreement(
  counts: ChangeCounts,
  layouts: number,
  classCount: number,
): Promise<Uint8Array> {
  if (counts.BYTES_PER_ELEMENT !== countBytes(layouts))
    throw new RangeError(`counts of the wrong width for ${layouts} layouts`);
  const packed = await deflateRawAsync(littleEndianBytes(counts), { level: 6 });
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(counts.length / classCount, MAGIC.length);
  header.writeUInt32LE(layouts, MAGIC.length + 4);
  header.writeUInt32LE(classCount, MAGIC.length + 8);
  return Buffer.concat([header, packed]);
}

/** A record read back: the agreement of every layout, and the counts it comes from (null in an older record). */
export interface FrontAgreementRecord {
  readonly agreement: GeneAgreement;
  readonly counts: ChangeCounts | null;
}

/**
 * Read a record of `layouts` layouts over today's genes; throws a message naming what is wrong.
 * @param today today's class per gene
 */
export function decodeFrontAgreement(
  bytes: Uint8Array,
  today: Uint8Array,
  layouts: number,
  classCount: number,
): FrontAgreementRecord {
  const genes = today.length;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v1 = buffer.length >= HEADER_BYTES_V1 && buffer.subarray(0, MAGIC_V1.length).equals(MAGIC_V1);
  if (!v1 && (buffer.length < HEADER_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC)))
    throw new Error('not an agreement record (PPAGR2)');
  const recordedGenes = buffer.readUInt32LE(MAGIC.length);
  const recordedLayouts = buffer.readUInt32LE(MAGIC.length + 4);
  if (recordedGenes !== genes || recordedLayouts !== layouts)
    throw new Error(`it is for ${recordedLayouts} layouts of ${recordedGenes} cells, not ${layouts} of ${genes}`);
  const width = countBytes(layouts);
  if (v1)
    return {
      agreement: decodeAgreementV1(inflateRawSync(buffer.subarray(HEADER_BYTES_V1)), genes, width),
      counts: null,
    };
  const recordedClasses = buffer.readUInt32LE(MAGIC.length + 8);
  if (recordedClasses !== classCount) throw new Error(`it counts ${recordedClasses} classes, not ${classCount}`);
  const body = inflateRawSync(buffer.subarray(HEADER_BYTES));
  if (body.length !== genes * classCount * width) throw new Error('its counts are cut short');
  const counts = emptyChangeCounts(genes, classCount, layouts);
  const raw = Buffer.from(counts.buffer, counts.byteOffset, counts.byteLength);
  raw.set(body);
  if (width === 2 && os.endianness() === 'BE') raw.swap16();
  return { agreement: agreementOfCounts(today, classCount, layouts, counts), counts };
}

/** An older record's body: the most frequent class per gene, then how many layouts give it. */
function decodeAgreementV1(body: Buffer, genes: number, width: number): GeneAgreement {
  if (body.length !== genes * (1 + width)) throw new Error('its maps are cut short');
  const mode = new Uint8Array(body.buffer, body.byteOffset, genes);
  const modeCount = new Int32Array(genes);
  if (width === 1) modeCount.set(body.subarray(genes));
  else {
    const view = new DataView(body.buffer, body.byteOffset + genes, 2 * genes);
    for (let g = 0; g < genes; g++) modeCount[g] = view.getUint16(2 * g, true);
  }
  return { mode, modeCount, classCount: null };
}

/**
 * Per loaded front, what serves the agreement of every layout: the run's record once read, or the
 * counts of every layout once counted (a live run, an older folder). Null: neither yet.
 */
const wholeFront = new WeakMap<LoadedFront, Promise<FrontAgreementRecord | null>>();

/** The front's recorded agreement of every layout, or null when it has none or it cannot be read. */
function recordedAgreement(front: LoadedFront, classCount: number): Promise<FrontAgreementRecord | null> {
  let pending = wholeFront.get(front);
  if (!pending) {
    const ref = front.manifest.front?.agreement;
    pending = ref
      ? readVerified(front.dir, ref, 'agreement record')
          .then((bytes) => decodeFrontAgreement(bytes, front.layouts.today, front.rows, classCount))
          // A cache: a damaged or missing record is counted again from the layouts.
          .catch(() => null)
      : Promise.resolve(null);
    wholeFront.set(front, pending);
  }
  return pending;
}

/** Which layouts `ids` picks (1 each), or null when it repeats one (ids are checked by the caller). */
function picked(front: LoadedFront, ids: readonly number[]): Uint8Array | null {
  const seen = new Uint8Array(front.rows);
  for (const id of ids) {
    if (seen[id]) return null;
    seen[id] = 1;
  }
  return seen;
}

/**
 * Per loaded front, the last selection counted (without repeats) and its counts (wide enough for
 * every layout of the front): brushing moves a selection a few layouts at a time, and the next
 * one is these counts plus the layouts added less those dropped.
 */
const lastSelection = new WeakMap<LoadedFront, { seen: Uint8Array; counts: ChangeCounts }>();

/**
 * The agreement of the layouts `ids` of a loaded front (ids checked by the caller), with the
 * count of layouts giving `classIndex` when one is asked for. Every layout of the front is served
 * by the run's record (or counted once and kept). Any other selection without repeats starts from
 * whichever needs the fewest layouts counted: nothing (its own layouts), the record (less the
 * layouts left out) or the last selection (plus the layouts added, less those dropped); so no
 * selection counts more than half the front, and a brushed one counts only what changed. A
 * selection with repeats is counted from its layouts. Layouts are counted one at a time from
 * their stored changes (no rows x genes matrix: 750 MB for 200 layouts at 2000 x 2000).
 */
export async function frontAgreement(
  front: LoadedFront,
  ids: readonly number[],
  classCount: number,
  classIndex: number | null,
): Promise<GeneAgreement> {
  const today = front.layouts.today;
  const seen = picked(front, ids);
  const record = seen && ids.length > front.rows / 2 ? await recordedAgreement(front, classCount) : null;
  if (ids.length === front.rows && seen) {
    const every = record?.counts || (record && classIndex === null) ? record : countEveryLayout(front, classCount);
    if (classIndex === null) return every.agreement;
    return agreementOfCounts(today, classCount, front.rows, every.counts!, classIndex);
  }
  if (!seen) {
    const counts = emptyChangeCounts(today.length, classCount, ids.length);
    return agreementOfCounts(
      today,
      classCount,
      ids.length,
      countLayoutChanges(front, ids, counts, classCount),
      classIndex,
    );
  }
  const counts = selectionCounts(front, seen, ids, record?.counts ?? null, classCount);
  lastSelection.set(front, { seen, counts });
  return agreementOfCounts(today, classCount, ids.length, counts, classIndex);
}

/**
 * The counts of the selection `seen` (no repeats) from the cheapest start (see
 * {@link frontAgreement}); the last selection's counts are updated in place.
 */
function selectionCounts(
  front: LoadedFront,
  seen: Uint8Array,
  ids: readonly number[],
  recorded: ChangeCounts | null,
  classCount: number,
): ChangeCounts {
  const last = lastSelection.get(front);
  const added: number[] = [];
  const dropped: number[] = [];
  if (last)
    for (let id = 0; id < front.rows; id++) if (seen[id] !== last.seen[id]) (seen[id] ? added : dropped).push(id);
  const fromRecord = recorded ? front.rows - ids.length : Infinity;
  const fromLast = last ? added.length + dropped.length : Infinity;
  if (last && fromLast <= Math.min(ids.length, fromRecord)) {
    // Updated in place: forgotten until done, so a layout that cannot be read leaves no half-updated counts.
    lastSelection.delete(front);
    countLayoutChanges(front, added, last.counts, classCount, 1);
    return countLayoutChanges(front, dropped, last.counts, classCount, -1);
  }
  if (recorded && fromRecord < ids.length) {
    const leftOut: number[] = [];
    for (let id = 0; id < front.rows; id++) if (!seen[id]) leftOut.push(id);
    return countLayoutChanges(front, leftOut, recorded.slice(), classCount, -1);
  }
  // Wide enough for any later selection of this front built from these counts.
  return countLayoutChanges(
    front,
    ids,
    emptyChangeCounts(front.layouts.today.length, classCount, front.rows),
    classCount,
  );
}

/**
 * Per gene, how many of the front's layouts give each class other than today's (the
 * {@link ChangeCounts} of every layout): the run's record when it has one, else counted once and
 * kept. Shared, not to be changed.
 */
export async function frontChangeCounts(front: LoadedFront, classCount: number): Promise<ChangeCounts> {
  const record = await recordedAgreement(front, classCount);
  return (record?.counts ? record : countEveryLayout(front, classCount)).counts!;
}

/** The counts of every layout of a front without a usable record, kept for its next selections. */
function countEveryLayout(front: LoadedFront, classCount: number): FrontAgreementRecord {
  const every = Array.from({ length: front.rows }, (_, id) => id);
  const empty = emptyChangeCounts(front.layouts.today.length, classCount, front.rows);
  const counts = countLayoutChanges(front, every, empty, classCount);
  const record = { agreement: agreementOfCounts(front.layouts.today, classCount, front.rows, counts), counts };
  wholeFront.set(front, Promise.resolve(record));
  return record;
}

/** The {@link ChangeCounts} of every layout of a layouts file. */
export function changeCountsOfLayouts(layouts: EncodedLayouts, classCount: number): ChangeCounts {
  const counts = emptyChangeCounts(layouts.genes, classCount, layouts.rows);
  for (let r = 0; r < layouts.rows; r++) layouts.countRowChanges(r, counts, classCount, 1);
  return counts;
}

/**
 * Record the agreement of every layout of a front under a new name in `dir`, counted from the
 * layouts file just written (each layout's changes are there already: 1.2-1.5 s for 184 layouts
 * at 2000 x 2000, against 3.3 s to find them again in the genomes); returns what the manifest's
 * `front.agreement` should name.
 */
export async function writeFrontAgreement(
  dir: string,
  manifest: RunManifest,
  generation: number,
  layouts: EncodedLayouts,
): Promise<{ file: string; sha256: string }> {
  const classCount = manifest.classes.length;
  const bytes = await encodeFrontAgreement(changeCountsOfLayouts(layouts, classCount), layouts.rows, classCount);
  const file = generationFileName('agreement', generation, await takenNames(dir, manifest));
  await writeAtomic(path.join(dir, file), bytes);
  return { file, sha256: sha256Bytes(bytes) };
}
