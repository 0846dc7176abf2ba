/**
 * Reading an input file (a raster, a vector layer, a scenario) safely: only regular files, never
 * more bytes than a limit, and a clear reason for each way a path can fail.
 *
 * The file is opened non-blocking and checked on the open descriptor, so a named pipe (which would
 * block `open` and `read` forever), a device (/dev/zero reads forever) or a folder is refused
 * before a byte is read, and a path swapped between a check and the read cannot slip through.
 * Reasons never repeat the path: callers put it in front once (`layers/x.tif: is a named pipe…`).
 */
import { constants, statSync, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GisError, type GisErrorCode } from './errors.js';
import { formatBytes } from './limits.js';

/** Why a path cannot be read as an input file. */
export type InputFileProblem = 'missing' | 'symlink-loop' | 'not-a-file' | 'too-large' | 'unreadable';

export class InputFileError extends Error {
  readonly kind = 'input' as const;
  constructor(
    readonly problem: InputFileProblem,
    /** The reason, without the path. */
    readonly reason: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
    this.name = 'InputFileError';
  }
}

function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'is a folder, not a file';
  if (stat.isFIFO()) return 'is a named pipe, not a regular file; give the file itself';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

function problemOf(error: unknown, file: string): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new InputFileError('missing', 'no such file; check the path', file, { cause: error });
    case 'ENOTDIR':
      return new InputFileError('missing', 'no such file (a part of the path is a file, not a folder)', file, {
        cause: error,
      });
    case 'ELOOP':
      return new InputFileError(
        'symlink-loop',
        'is a symbolic link loop (the link leads back to itself); fix or replace the link',
        file,
        { cause: error },
      );
    case 'EISDIR':
      return new InputFileError('not-a-file', 'is a folder, not a file', file, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputFileError('unreadable', 'cannot be read: permission denied', file, { cause: error });
    default:
      return new InputFileError(
        'unreadable',
        `cannot be read (${error instanceof Error ? error.message : String(error)})`,
        file,
        { cause: error },
      );
  }
}

/**
 * Read a regular file of at most `maxBytes` bytes.
 * @param what names the kind of file in the size message ("a scenario file", "a raster").
 * @throws InputFileError with the reason (missing, symlink loop, not a regular file, too large).
 */
export async function readInputFile(file: string, options: { maxBytes: number; what: string }): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer.
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw problemOf(error, file);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputFileError('not-a-file', describeKind(stat), file);
    if (stat.size > options.maxBytes) {
      throw new InputFileError(
        'too-large',
        `is ${formatBytes(stat.size)}, more than the ${formatBytes(options.maxBytes)} allowed for ${options.what}`,
        file,
      );
    }
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, offset);
      if (bytesRead === 0) break; // the file shrank meanwhile
      offset += bytesRead;
    }
    return buffer.subarray(0, offset);
  } catch (error) {
    throw error instanceof InputFileError ? error : problemOf(error, file);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Why `file` cannot be read as an input file, without reading it (for validation), or null when it
 * is a regular file. `stat` follows links and does not block on pipes.
 */
export function inputFileProblem(file: string): InputFileError | null {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    return problemOf(error, file);
  }
  return stat.isFile() ? null : new InputFileError('not-a-file', describeKind(stat), file);
}

const GIS_CODES: Record<InputFileProblem, GisErrorCode> = {
  missing: 'missing-file',
  'symlink-loop': 'unreadable-file',
  unreadable: 'unreadable-file',
  'not-a-file': 'not-a-file',
  'too-large': 'too-large',
};

/** An input-file problem as a GisError naming the file once. */
export function gisFileError(error: InputFileError): GisError {
  // Only for a relative path: a scenario's layer paths arrive resolved against the scenario's
  // folder, where "the current folder" would mislead.
  const hint =
    error.problem === 'missing' && !path.isAbsolute(error.file)
      ? ' (relative paths start from the current folder)'
      : '';
  return new GisError(GIS_CODES[error.problem], `${error.file}: ${error.reason}${hint}.`, {
    file: error.file,
    cause: error,
  });
}

/** {@link readInputFile} for GIS layers: failures are GisErrors naming the file once. */
export async function readGisFile(file: string, maxBytes: number, what: string): Promise<Buffer> {
  try {
    return await readInputFile(file, { maxBytes, what });
  } catch (error) {
    throw error instanceof InputFileError ? gisFileError(error) : error;
  }
}

/** A sibling of `filePath` with another extension, matched case-insensitively (roads.SHP -> roads.dbf), or null. */
export async function siblingFile(filePath: string, extension: string): Promise<string | null> {
  const stem = filePath.replace(/\.[^./\\]+$/, '');
  for (const candidate of [`${stem}.${extension.toLowerCase()}`, `${stem}.${extension.toUpperCase()}`]) {
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  return null;
}
