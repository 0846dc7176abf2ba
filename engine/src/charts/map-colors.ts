/**
 * Colours shared by every map of layouts: the report's PNG maps (report/map-image.ts) and the
 * interactive report's canvas (report/interactive/client/map-view.ts). Pure TypeScript.
 */

/** Colour of unchanged cells on a change map. */
export const UNCHANGED_COLOR = '#e4e4e4';
