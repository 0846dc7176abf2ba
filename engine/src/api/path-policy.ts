/**
 * Path confinement: every path a window sends (over IPC or HTTP) is checked here before the
 * engine reads or writes anything. Part of the service (plan-service.ts) that both desktop
 * transports call.
 *
 * The policy keeps a list of granted folders: the app's own folder (recent list, runs), the
 * bundled examples, and the folders the user opened or chose — a scenario's folder when the
 * scenario is opened, a run folder when it is opened or started, any folder picked in a system
 * dialog (Electron). Opening is itself checked: only a regular `.yaml`/`.yml`/`.json` file of
 * scenario size opens a scenario, only a folder holding `manifest.json` opens a run. Every other
 * path must lie inside a granted folder once symbolic links are resolved. Writes must also have
 * the right extension for what is written and never replace an existing file outside a run folder
 * unless the request says `overwrite` (or the system's save dialog already asked the user); inside
 * a run folder the app's own outputs (exports, report) are replaced and the run's data never is.
 *
 * Messages name the path and what to do, never anything read from a file.
 * Transport-neutral: the Electron main process and the browser-mode server reach it through the
 * same service (see docs/security.md).
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { REQUEST_LIMITS } from './limits.js';
import type { ChoosePurpose } from './contract.js';

/** Why a folder is granted; only run folders allow replacing files without `overwrite`. */
export type GrantKind = 'app' | 'scenario-folder' | 'run-folder' | 'chosen-folder';

/** A path refused by the policy: an error the user can fix (kind `input`). */
export class PathPolicyError extends Error {
  readonly kind = 'input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PathPolicyError';
  }
}

/** File name endings accepted for each kind of file the app writes or opens. */
export const FILE_TYPES = {
  scenario: ['.yaml', '.yml', '.json'],
  /** "Save as" writes YAML (comments kept). */
  scenarioCopy: ['.yaml', '.yml'],
  /** Parties files the app saves (YAML). */
  parties: ['.yaml', '.yml'],
  geotiff: ['.tif', '.tiff'],
  geojson: ['.geojson', '.json'],
  csv: ['.csv'],
  report: ['.html', '.pdf'],
} as const satisfies Record<string, readonly string[]>;

export type FileType = keyof typeof FILE_TYPES;

export interface WriteRequest {
  /** The argument's name, for messages (`out`, `target`). */
  field: string;
  type: FileType;
  /** The caller asked to replace an existing file. */
  overwrite?: boolean;
}

interface Grant {
  dir: string;
  kind: GrantKind;
  fixed: boolean;
}

const RUN_MANIFEST = 'manifest.json';

export class PathPolicy {
  /** Canonical folder -> grant, oldest first (Map keeps insertion order). */
  private readonly grants = new Map<string, Grant>();
  /** Files the system's save dialog already asked the user about replacing. */
  private readonly confirmed = new Set<string>();

  /**
   * @param fixed folders granted for the app's lifetime (its home folder, the bundled examples);
   *   they need not exist yet.
   */
  static async create(fixed: readonly { dir: string; kind: GrantKind }[]): Promise<PathPolicy> {
    const policy = new PathPolicy();
    for (const { dir, kind } of fixed) policy.add(await canonical(path.resolve(dir)), kind, true);
    return policy;
  }

  private constructor() {}

  /** The granted folders, oldest first (for tests and diagnostics). */
  folders(): { dir: string; kind: GrantKind }[] {
    return [...this.grants.values()].map(({ dir, kind }) => ({ dir, kind }));
  }

  /**
   * Open a scenario file: a regular `.yaml`/`.yml`/`.json` file no larger than a scenario can be. Grants
   * its folder (where a "save as" copy goes). Returns the absolute path.
   */
  async openScenario(value: unknown, field = 'path'): Promise<string> {
    const file = absolute(field, value);
    checkType(field, file, 'scenario');
    const info = await statOrExplain(field, file);
    if (!info.isFile()) throw new PathPolicyError(`${file} is not a regular file. Choose a scenario file (.yaml).`);
    if (info.size > REQUEST_LIMITS.scenarioFileBytes)
      throw new PathPolicyError(
        `${file} is ${megabytes(info.size)}, too large for a scenario file (at most ${megabytes(REQUEST_LIMITS.scenarioFileBytes)}).`,
      );
    this.add(await canonical(path.dirname(file)), 'scenario-folder');
    return file;
  }

  /** Open a run folder: a folder holding `manifest.json`. Grants it. Returns the absolute path. */
  async openRunFolder(value: unknown, field = 'dir'): Promise<string> {
    const dir = absolute(field, value);
    const info = await statOrExplain(field, dir);
    if (!info.isDirectory()) throw new PathPolicyError(`${dir} is not a folder. Choose a run folder.`);
    const manifest = await stat(path.join(dir, RUN_MANIFEST)).catch(() => null);
    if (!manifest?.isFile())
      throw new PathPolicyError(
        `${dir} is not a run folder: it has no ${RUN_MANIFEST}. Point to a folder written by a run.`,
      );
    this.add(await canonical(dir), 'run-folder');
    return dir;
  }

  /**
   * A layout or land-cover GeoTIFF to read (Score and Monitor views): a regular `.tif`/`.tiff`
   * file, wherever the user keeps it, as a scenario file is opened wherever it is. Grants nothing:
   * the engine reads it as a raster of the scenario's class codes and answers scores and class
   * maps, never the file's bytes. Returns the absolute path.
   */
  async geoTiff(value: unknown, field: string): Promise<string> {
    const file = absolute(field, value);
    checkType(field, file, 'geotiff');
    const info = await statOrExplain(field, file);
    if (!info.isFile()) throw new PathPolicyError(`${field}: ${file} is not a regular file. Choose a GeoTIFF.`);
    return file;
  }

  /** A path to read: it must lie inside a granted folder. Returns the absolute path. */
  async readable(value: unknown, field: string): Promise<string> {
    const target = absolute(field, value);
    await this.requireInside(field, target);
    return target;
  }

  /** A scenario to read (study area, "save as" source, run): a scenario file (`.yaml`/`.yml`/`.json`) inside a granted folder. */
  async scenario(value: unknown, field: string): Promise<string> {
    const file = absolute(field, value);
    checkType(field, file, 'scenario');
    await this.requireInside(field, file);
    return file;
  }

  /**
   * A file to write: the right extension for its type, its folder inside a granted folder, and
   * not an existing file outside a run folder unless `overwrite` (or the save dialog confirmed it).
   * Symbolic links and non-files are never replaced. Returns the absolute path.
   */
  async writable(value: unknown, request: WriteRequest): Promise<string> {
    const file = absolute(request.field, value);
    checkType(request.field, file, request.type);
    const folder = await this.requireInside(request.field, path.dirname(file), file);
    const existing = await lstat(file).catch(() => null);
    if (!existing) return file;
    if (existing.isSymbolicLink())
      throw new PathPolicyError(`${file} is a symbolic link; it is never replaced. Choose another file name.`);
    if (!existing.isFile()) throw new PathPolicyError(`${file} exists and is not a file. Choose another file name.`);
    const canonicalFile = path.join(folder.canonicalPath, path.basename(file));
    const runFolder = this.runFolderHolding(canonicalFile);
    if (runFolder !== null) {
      // The app's own outputs in a run folder are made again at will; the run's data never.
      if (isRunOutput(path.relative(runFolder, canonicalFile))) return file;
      throw new PathPolicyError(`${file} is part of the run's data and is never replaced. Choose another file name.`);
    }
    if (request.overwrite !== true && !this.confirmed.has(canonicalFile))
      throw new PathPolicyError(`${file} already exists. Choose another file name, or ask to replace it (overwrite).`);
    return file;
  }

  /**
   * A new run folder: its parent inside a granted folder. Grants it (the engine refuses a folder
   * that already holds anything). Returns the absolute path.
   */
  async newRunFolder(value: unknown, field = 'outDir'): Promise<string> {
    const dir = absolute(field, value);
    const parent = await this.requireInside(field, path.dirname(dir), dir);
    this.add(path.join(parent.canonicalPath, path.basename(dir)), 'run-folder');
    return dir;
  }

  /**
   * A path the user picked in a system dialog (Electron): the dialog is the user's own gesture,
   * so it grants the folder; a file chosen to save to may be replaced (the dialog asked).
   */
  async chosen(purpose: ChoosePurpose, picked: string) {
    const target = path.resolve(picked);
    if (purpose === 'open-layout') return; // read through geoTiff(), which needs no grant
    if (purpose === 'open-run' || purpose === 'export-folder') {
      this.add(await canonical(target), purpose === 'open-run' ? 'run-folder' : 'chosen-folder');
      return;
    }
    const folder = await canonical(path.dirname(target));
    const opened = purpose === 'open-scenario' || purpose === 'open-parties';
    this.add(folder, opened ? 'scenario-folder' : 'chosen-folder');
    if (!opened) this.confirmed.add(path.join(folder, path.basename(target)));
  }

  private add(dir: string, kind: GrantKind, fixed = false): void {
    const existing = this.grants.get(dir);
    // A folder opened again moves to the end (most recent); a run folder stays a run folder.
    this.grants.delete(dir);
    const merged = existing && (existing.kind === 'run-folder' || existing.fixed) ? existing.kind : kind;
    this.grants.set(dir, { dir, kind: merged, fixed: fixed || (existing?.fixed ?? false) });
    if (this.grants.size <= REQUEST_LIMITS.grantedFolders) return;
    for (const grant of this.grants.values()) {
      if (grant.fixed) continue;
      this.grants.delete(grant.dir);
      break;
    }
  }

  private runFolderHolding(canonicalPath: string): string | null {
    for (const grant of this.grants.values())
      if (grant.kind === 'run-folder' && isInside(canonicalPath, grant.dir)) return grant.dir;
    return null;
  }

  /**
   * Resolves symbolic links of the existing part of `target` and finds the granted folder holding
   * it; a refusal names `shown` (the file being written rather than its folder).
   */
  private async requireInside(field: string, target: string, shown = target): Promise<{ canonicalPath: string }> {
    const canonicalPath = await canonical(target);
    for (const grant of this.grants.values()) if (isInside(canonicalPath, grant.dir)) return { canonicalPath };
    throw new PathPolicyError(
      `${field}: ${shown} is outside the folders you opened. Open a scenario or run in that folder first` +
        ' (or choose the folder in the app).',
    );
  }
}

/**
 * What the app writes into a run folder and may write again: its `exports/` and its report
 * (`report.html`, `report.pdf`). Everything else there is the run's data (manifest, front,
 * layouts, checkpoints, history), which only the engine writes.
 */
export function isRunOutput(relativePath: string): boolean {
  const [first, ...rest] = relativePath.split(path.sep);
  return (first === 'exports' && rest.length > 0) || (rest.length === 0 && /^report\.(html|pdf)$/.test(first!));
}

/** `child` equals `parent` or lies below it (both canonical). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The real path of `target`: symbolic links resolved in the part that exists, the rest appended
 * (a file about to be written, a folder about to be created).
 */
export async function canonical(target: string): Promise<string> {
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    try {
      return path.join(await realpath(existing), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(existing);
      // ENOENT: not there yet; ENOTDIR: a file in the middle (the write fails later, clearly).
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) throw explainFs(target, error);
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

function absolute(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new PathPolicyError(`${field} must be a path (non-empty text), got ${describe(value)}.`);
  if (value.length > REQUEST_LIMITS.pathChars)
    throw new PathPolicyError(`${field} is longer than ${REQUEST_LIMITS.pathChars} characters.`);
  if (value.includes('\0')) throw new PathPolicyError(`${field} contains a NUL character.`);
  return path.resolve(value);
}

function checkType(field: string, file: string, type: FileType): void {
  const endings: readonly string[] = FILE_TYPES[type];
  if (!endings.includes(path.extname(file).toLowerCase()))
    throw new PathPolicyError(`${field}: ${file} must end in ${endings.join(' or ')}.`);
}

async function statOrExplain(field: string, target: string) {
  try {
    return await stat(target);
  } catch (error) {
    throw explainFs(target, error, field);
  }
}

function explainFs(target: string, error: unknown, field?: string): PathPolicyError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : code === 'ELOOP'
          ? 'is a loop of symbolic links'
          : code === 'ENOTDIR'
            ? 'has a file where a folder should be'
            : `cannot be used (${code ?? 'unknown error'})`;
  return new PathPolicyError(`${field ? `${field}: ` : ''}${target} ${reason}.`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return 'empty text';
  if (value === null) return 'null';
  return typeof value;
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
