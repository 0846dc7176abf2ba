/**
 * Request buffers of the parallel evaluator's chunks kept for reuse, by byte length. A fresh
 * ArrayBuffer costs more than its copy: its pages are mapped and zeroed on first touch, 260 ms
 * for a 92 MB chunk of 25 layouts at 2000 x 2000 on our 2-core VM against 5 ms to copy into a
 * reused one (taken from the workers when they have every core); on small grids fresh buffers make
 * the garbage collector run often. A chunk's buffer comes back with its results, which the
 * evaluator writes into the batch at once; the buffer then serves the next chunk of its size, in
 * the same batch or a later one. A generation sends two kinds of batches (the offspring, then the
 * rows to finish, of other chunk sizes), so buffers are kept per size across batches, up to a
 * capacity: when it is reached, the sizes used least recently go first.
 */
export class BufferPool {
  /** Buffers ready for use, by byte length, with the batch that last used that length. */
  private readonly ready = new Map<number, { buffers: ArrayBuffer[]; lastUsed: number }>();
  private readyBytes = 0;
  private batch = 0;

  /** @param capacity bytes held at most. */
  constructor(readonly capacity: number) {}

  /** Bytes held for reuse. */
  get heldBytes(): number {
    return this.readyBytes;
  }

  /** Start a batch (the clock of "used least recently"). */
  nextBatch(): void {
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

  /** A buffer whose contents are no longer needed (a chunk's results, written out), for reuse. */
  give(buffer: ArrayBuffer): void {
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
