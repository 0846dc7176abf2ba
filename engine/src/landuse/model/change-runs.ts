/**
 * A layout as the runs of consecutive genes in which it differs from a reference genome (today's
 * map): the form a run keeps its population's members in between generations
 * (NSGA2Options.populationRows, compact-layouts.ts's ChangeRunRows). Changes come in patches, so
 * a layout's changed genes lie in runs (about nine genes long at 2,000 x 2,000 cells): reading one
 * back copies today's map and then whole runs over it, several times faster than the per-gene
 * record of change-record.ts (kept for the layouts file and the archive, whose format is fixed),
 * and the population's parents are read back for every crossover.
 *
 * Record (integers little-endian):
 *   kind     uint8    2 = runs, 3 = dense (the genome, one byte per gene, follows)
 *   runs:    uint32 genes (the genome's length), uint32 runs, uint32 changed (the runs' total
 *            length), then per run its gap (genes since the previous run's end, from gene 0 for
 *            the first) and its length as unsigned LEB128 varints, then the `changed` class bytes
 * A record is dense when its runs would not be smaller. The record is a pure function of the
 * genome and the reference.
 */
import { damagedRecord, varintBytes, writeVarint } from './change-record.js';

const RUNS = 2;
const DENSE = 3;
const HEADER = 13;

/**
 * The runs record of `genome`, given the genes in which it differs from the reference (`changed`,
 * ascending, `count` of them): made by `new ChangeRecorder(today, encodeChangeRuns)`.
 */
export function encodeChangeRuns(genome: Uint8Array, changed: Int32Array, count: number): Uint8Array {
  const genes = genome.length;
  // Sizes first: the varints of every run's gap and length.
  let runs = 0;
  let runBytes = 0;
  let end = 0;
  for (let i = 0; i < count;) {
    const start = changed[i]!;
    let j = i + 1;
    while (j < count && changed[j] === changed[j - 1]! + 1) j++;
    runBytes += varintBytes(start - end) + varintBytes(j - i);
    end = start + (j - i);
    runs++;
    i = j;
  }
  if (HEADER + runBytes + count >= genes) {
    const record = new Uint8Array(1 + genes);
    record[0] = DENSE;
    record.set(genome, 1);
    return record;
  }
  const record = new Uint8Array(HEADER + runBytes + count);
  const view = new DataView(record.buffer);
  record[0] = RUNS;
  view.setUint32(1, genes, true);
  view.setUint32(5, runs, true);
  view.setUint32(9, count, true);
  let at = HEADER;
  let classAt = HEADER + runBytes;
  end = 0;
  for (let i = 0; i < count;) {
    const start = changed[i]!;
    let j = i + 1;
    while (j < count && changed[j] === changed[j - 1]! + 1) j++;
    at = writeVarint(record, at, start - end);
    at = writeVarint(record, at, j - i);
    end = start + (j - i);
    // The run's classes, straight from the genome (its genes are consecutive).
    for (let g = start; g < end; g++) record[classAt++] = genome[g]!;
    i = j;
  }
  return record;
}

/**
 * Write the genome of `record` into `out` (`today.length` genes): today's map, then the runs over
 * it. @throws LayoutsFormatError when the record is cut short or damaged.
 */
export function readChangeRuns(record: Uint8Array, today: Uint8Array, out: Uint8Array): void {
  const genes = today.length;
  if (record[0] === DENSE) {
    if (record.length !== 1 + genes) throw damagedRecord();
    out.set(record.subarray(1));
    return;
  }
  if (record[0] !== RUNS || record.length < HEADER) throw damagedRecord();
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const runs = view.getUint32(5, true);
  const changed = view.getUint32(9, true);
  if (view.getUint32(1, true) !== genes || changed > record.length - HEADER) throw damagedRecord();
  const limit = record.length - changed;
  out.set(today);
  let at = HEADER;
  let classAt = limit;
  let gene = 0;
  for (let r = 0; r < runs; r++) {
    // Two varints, the run's gap then its length, read inline (a call per run costs more than the run's copy).
    let gap = 0;
    let length = 0;
    for (let field = 0; field < 2; field++) {
      let value = 0;
      for (let scale = 1; ; scale *= 0x80) {
        if (at >= limit || scale > 2 ** 28) throw damagedRecord();
        const byte = record[at++]!;
        value += (byte & 0x7f) * scale;
        if (byte < 0x80) break;
      }
      if (field === 0) gap = value;
      else length = value;
    }
    gene += gap;
    const end = gene + length;
    if (length === 0 || end > genes || classAt + length > record.length) throw damagedRecord();
    for (; gene < end; gene++) out[gene] = record[classAt++]!;
  }
  if (at !== limit || classAt !== record.length) throw damagedRecord();
}
