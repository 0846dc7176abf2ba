/**
 * File primitives of run folders: atomic writes (temporary file, fsync, rename), hashing, and
 * messages that say what to do when the disk refuses.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { describeFsError, writeFileAtomic } from '../io/atomic-write.js';
import { RunInputError } from './errors.js';

export { describeFsError };

/** An atomic write (engine/src/io/atomic-write.ts); a failure says what to do, as a RunInputError. */
export function writeAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  return writeFileAtomic(
    filePath,
    data,
    (error) => new RunInputError(`Could not write ${filePath}: ${describeFsError(error)}`, { cause: error }),
  );
}

/**
 * Make a folder's entries (renames, new files) durable, so that after a power cut a renamed
 * manifest never points at files whose own renames were lost. Systems that cannot open a folder
 * (Windows, some network file systems) skip it.
 */
export async function syncFolder(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  return writeAtomic(filePath, JSON.stringify(value, null, 2) + '\n');
}

/** SHA-256 of a file, hex. */
export function sha256File(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(filePath)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function sha256Bytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
