/**
 * What went wrong with a GIS input. Each problem has its own code so callers (and tests) can
 * tell them apart; the message always names the file and says what to do.
 */
export type GisErrorCode =
  | 'missing-file'
  | 'not-a-file'
  | 'unreadable-file'
  | 'too-large'
  | 'not-tiff'
  | 'corrupt-tiff'
  | 'unsupported-compression'
  | 'unsupported-sample-type'
  | 'no-georeferencing'
  | 'rotated-grid'
  | 'band-required'
  | 'band-out-of-range'
  | 'unsupported-crs'
  | 'crs-mismatch'
  | 'no-overlap'
  | 'all-nodata'
  | 'invalid-geojson'
  | 'invalid-grid'
  | 'invalid-data'
  | 'property-missing'
  | 'write-failed';

/**
 * An error caused by the GIS data the user supplied (a missing file, a rotated grid, an invalid
 * GeoJSON ring). Front ends print its message alone, without a stack, and exit with code 2.
 */
export class GisError extends Error {
  readonly kind = 'input' as const;
  /** Which problem this is, stable for programs and tests. */
  readonly code: GisErrorCode;
  /** The file concerned, when there is one. */
  readonly file: string | undefined;

  constructor(code: GisErrorCode, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GisError';
    this.code = code;
    this.file = options.file;
  }
}
