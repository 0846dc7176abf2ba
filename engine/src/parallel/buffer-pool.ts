/**
 * Request buffers kept from one batch for the next (the parallel evaluator's chunks), by byte
 * length. A fresh ArrayBuffer costs more than its copy: its pages are mapped and zeroed on first
 * touch, 260 ms for a 92 MB chunk of 25 layouts at 2000 x 2000 on our 2-core VM against 5 ms to
 * copy into a reused one (about 1 s of main-thread time a generation there, taken from the
 * workers when they have every core); on small grids fresh buffers make the garbage collector run
 * often. A generation sends two kinds of batches (the offspring, then the rows to finish, of other
 * chunk sizes), so buffers are kept per size across batches, up to a capacity: when it is reached,
 * the sizes used least recently go first.
 *
 * A buffer given back during a batch holds that batch's results until the batch is written out,
 * so it is offered again only from the next batch on.
 */
export class BufferPool {
  /** Buffers ready for use, by byte length, with the batch that last used that length. */
  private readonly ready = new Map<number, { buffers: ArrayBuffer[]; lastUsed: number }>();
  /** Buffers given back during the current batch. */
  private returned: ArrayBuffer[] = [];
  private readyBytes = 0;
  private batch = 0;

  /** @param capacity bytes held at most between batches. */
  constructor(readonly capacity: number) {}

  /** Bytes held for reuse (ready and given back during this batch). */
  get heldBytes(): number {
    return this.readyBytes + this.returned.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  }

  /** Start a batch: the buffers given back during the last one become ready, within the capacity. */
  nextBatch(): void {
    const returned = this.returned;
    this.returned = [];
    for (const buffer of returned) this.keep(buffer);
    this.batch++;
  }

  /** A ready buffer of exactly `bytes` bytes (the caller overwrites it whole), or a new one. */
  take(bytes: number): ArrayBuffer {
    const entry = this.ready.get(bytes);
    if (entry) entry.lastUsed = this.batch;
    const buffer = entry?.buffers.pop();
    if (!buffer) return new ArrayBuffer(bytes);
    this.readyBytes -= bytes;
    return buffer;
  }

  /** A buffer back from a worker, to reuse from the next batch on. */
  give(buffer: ArrayBuffer): void {
    this.returned.push(buffer);
  }

  private keep(buffer: ArrayBuffer): void {
    const size = buffer.byteLength;
    if (size > this.capacity) return;
    if (this.readyBytes + size > this.capacity) {
      // Room from the sizes used least recently, never from this size's own buffers.
      const others = [...this.ready.entries()].filter(([length]) => length !== size);
      others.sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      for (const [length, entry] of others) {
        if (this.readyBytes + size <= this.capacity) break;
        this.readyBytes -= length * entry.buffers.length;
        this.ready.delete(length);
      }
      if (this.readyBytes + size > this.capacity) return;
    }
    const entry = this.ready.get(size);
    if (entry) entry.buffers.push(buffer);
    else this.ready.set(size, { buffers: [buffer], lastUsed: this.batch });
    this.readyBytes += size;
  }
}
