/**
 * Reading a user's input file whole, with the errors every reader shares: a missing path, a
 * folder, an unreadable file. Messages name the file and say what to do.
 */
import { promises as fs } from 'node:fs';
import { GisError } from './errors.js';

/**
 * The bytes of a file the user named.
 * @param what what the file should be, for messages ("a Shapefile", "a GeoPackage").
 * @throws GisError('missing-file') naming the file.
 */
export async function readInputFile(filePath: string, what: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) {
      throw new GisError(
        'missing-file',
        `${filePath}: is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}, not ${what}.`,
        {
          file: filePath,
        },
      );
    }
    return await fs.readFile(filePath);
  } catch (error) {
    if (error instanceof GisError) throw error;
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file. Check the path (relative paths start from the scenario file or the current folder)'
        : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
    throw new GisError('missing-file', `${filePath}: ${reason}.`, { file: filePath, cause: error });
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
