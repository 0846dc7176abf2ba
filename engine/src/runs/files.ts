/**
 * File primitives of run folders: atomic writes (temporary file, fsync, rename), hashing, and
 * messages that say what to do when the disk refuses.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RunInputError } from './errors.js';

/**
 * Write a file so that readers see either the old or the new content, never a part: write a
 * temporary file in the same folder, flush it to disk, then rename it over the target.
 */
export async function writeAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'w');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, filePath);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new RunInputError(`Could not write ${filePath}: ${describeFsError(error)}`, { cause: error });
  }
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

/** What a file-system error means for the user, in one sentence. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full. Free some space and try again; nothing was half-written.';
    case 'EDQUOT':
      return 'your disk quota is exhausted. Free some space and try again.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied. Choose a folder you can write to (--out DIR).';
    case 'EROFS':
      return 'the location is read-only. Choose a writable folder (--out DIR).';
    case 'ENOENT':
      return 'the folder does not exist.';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder.';
    default:
      return error instanceof Error ? error.message : String(error);
  }
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
