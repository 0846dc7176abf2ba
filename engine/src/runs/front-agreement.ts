/**
 * The agreement of a front's layouts, cell by cell (decision/agreement.ts): computed from the
 * layouts' changes, or read from the record a finished run keeps with its final front.
 *
 * The record (`front.agreement` in the manifest, file `agreement-NNNNNN.bin`) holds the agreement
 * of every layout of the front, the map a planner opens first. Counting it costs about 5 ms a
 * layout at 2000 x 2000 cells (1.9 s for 200 layouts); reading the record costs tens of
 * milliseconds. A selection of layouts, a class's share, a live run's front or an older folder
 * are counted from the changes. The record is a cache: when it is missing or damaged, the
 * agreement is counted instead (the same maps).
 *
 * File layout (little-endian): the magic "PPAGR1\0\0", genes (uint32), layouts (uint32), then
 * raw DEFLATE of the most frequent class per gene (a byte each) followed by how many layouts give
 * it (a byte each up to 255 layouts, else uint16).
 */
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { geneAgreementOfChanges, type GeneAgreement } from '../decision/index.js';
import { layoutChanges, type LoadedFront } from './front-io.js';
import type { EncodedLayouts } from './layouts-codec.js';
import { sha256Bytes, writeAtomic } from './files.js';
import { takenNames } from './outputs.js';
import { generationFileName, readVerified, type RunManifest } from './run-folder.js';

const MAGIC = Buffer.from('PPAGR1\0\0', 'latin1');
const HEADER_BYTES = MAGIC.length + 8;
const deflateRawAsync = promisify(deflateRaw);

/** Bytes per count of agreeing layouts. */
const countBytes = (layouts: number) => (layouts <= 0xff ? 1 : 2);

/** The record of the agreement of `layouts` layouts (see the file layout above). */
export async function encodeFrontAgreement(agreement: GeneAgreement, layouts: number): Promise<Uint8Array> {
  const genes = agreement.mode.length;
  const width = countBytes(layouts);
  const body = new Uint8Array(genes * (1 + width));
  body.set(agreement.mode);
  if (width === 1) body.set(agreement.modeCount, genes);
  else {
    const view = new DataView(body.buffer, genes);
    for (let g = 0; g < genes; g++) view.setUint16(2 * g, agreement.modeCount[g]!, true);
  }
  const packed = await deflateRawAsync(body, { level: 6 });
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(genes, MAGIC.length);
  header.writeUInt32LE(layouts, MAGIC.length + 4);
  return Buffer.concat([header, packed]);
}

/** Read a record of `layouts` layouts over `genes` genes; throws a message naming what is wrong. */
export function decodeFrontAgreement(bytes: Uint8Array, genes: number, layouts: number): GeneAgreement {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < HEADER_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC))
    throw new Error('not an agreement record (PPAGR1)');
  const recordedGenes = buffer.readUInt32LE(MAGIC.length);
  const recordedLayouts = buffer.readUInt32LE(MAGIC.length + 4);
  if (recordedGenes !== genes || recordedLayouts !== layouts)
    throw new Error(`it is for ${recordedLayouts} layouts of ${recordedGenes} cells, not ${layouts} of ${genes}`);
  const width = countBytes(layouts);
  const body = inflateRawSync(buffer.subarray(HEADER_BYTES));
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

/** Recorded agreements already read, per loaded front (null: no usable record). */
const recordCache = new WeakMap<LoadedFront, Promise<GeneAgreement | null>>();

/** The front's recorded agreement of every layout, or null when it has none or it cannot be read. */
function recordedAgreement(front: LoadedFront): Promise<GeneAgreement | null> {
  let pending = recordCache.get(front);
  if (!pending) {
    const ref = front.manifest.front?.agreement;
    pending = ref
      ? readVerified(front.dir, ref, 'agreement record')
          .then((bytes) => decodeFrontAgreement(bytes, front.geneCells.length, front.rows))
          // A cache: a damaged or missing record is counted again from the layouts.
          .catch(() => null)
      : Promise.resolve(null);
    recordCache.set(front, pending);
  }
  return pending;
}

/** Whether `ids` are every layout of the front (each once). */
function everyLayout(front: LoadedFront, ids: readonly number[]): boolean {
  if (ids.length !== front.rows) return false;
  const seen = new Uint8Array(front.rows);
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= front.rows || seen[id]) return false;
    seen[id] = 1;
  }
  return true;
}

/**
 * The agreement of the layouts `ids` of a loaded front (ids checked by the caller), with the
 * count of layouts giving `classIndex` when one is asked for. The run's record serves the whole
 * front without a class; everything else is counted from the layouts' changes, one layout at a
 * time (no rows x genes matrix: 750 MB for 200 layouts at 2000 x 2000).
 */
export async function frontAgreement(
  front: LoadedFront,
  ids: readonly number[],
  classCount: number,
  classIndex: number | null,
): Promise<GeneAgreement> {
  if (classIndex === null && everyLayout(front, ids)) {
    const recorded = await recordedAgreement(front);
    if (recorded) return recorded;
  }
  return geneAgreementOfChanges(
    front.layouts.today,
    classCount,
    ids.length,
    (k, changedGenes, classes) => layoutChanges(front, ids[k]!, changedGenes, classes),
    classIndex,
  );
}

/** The agreement of every layout of a layouts file (a run's final front, just written), from their changes. */
export function agreementOfLayouts(layouts: EncodedLayouts, classCount: number): GeneAgreement {
  return geneAgreementOfChanges(layouts.today, classCount, layouts.rows, (k, genes, classes) =>
    layouts.rowChanges(k, genes, classes),
  );
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
  const agreement = agreementOfLayouts(layouts, manifest.classes.length);
  const bytes = await encodeFrontAgreement(agreement, layouts.rows);
  const file = generationFileName('agreement', generation, await takenNames(dir, manifest));
  await writeAtomic(path.join(dir, file), bytes);
  return { file, sha256: sha256Bytes(bytes) };
}
