/**
 * The one atomic file write of the engine: readers see the old content or the new, never a
 * part. The data goes to a temporary file in the same folder, is flushed to disk, and is renamed
 * over the target; on failure the temporary file is removed. Each layer turns a failure into its
 * own error (`fail`): run folders into RunInputError, GIS writes into GisError('write-failed').
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(
  filePath: string,
  data: string | Uint8Array,
  fail: (error: unknown) => Error = (error) => error as Error,
): Promise<void> {
  const temp = temporaryPathFor(filePath);
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
    throw fail(error);
  }
}

/**
 * {@link writeFileAtomic} for callers that cannot wait (a synchronous compile that caches what it
 * computed): the same temporary file, flush and rename, blocking.
 */
export function writeFileAtomicSync(
  filePath: string,
  data: string | Uint8Array,
  fail: (error: unknown) => Error = (error) => error as Error,
): void {
  const temp = temporaryPathFor(filePath);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, filePath);
  } catch (error) {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    } catch {
      // The folder is gone or is not a folder: nothing was written.
    }
    throw fail(error);
  }
}

/** A temporary file beside `filePath`, unique to this process and write. */
function temporaryPathFor(filePath: string): string {
  return path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
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
