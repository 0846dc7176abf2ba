/** Type declarations for the parts of shpjs (no published types) that shapefile.ts uses. */
declare module 'shpjs' {
  /** The shapes of a .shp as GeoJSON geometries (null for null shapes), in the file's coordinates. */
  export function parseShp(shp: DataView | ArrayBuffer, prj?: string): unknown[];
  /** The rows of a .dbf as property objects, text decoded with `encoding` (a .cpg's content). */
  export function parseDbf(dbf: DataView | ArrayBuffer, encoding?: string): Record<string, unknown>[];
}
