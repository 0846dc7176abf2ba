/**
 * GIS I/O: the public surface of engine/src/gis. Read and write georeferenced rasters, read and
 * validate GeoJSON, align layers onto a study-area grid, rasterise vectors, derive slope and
 * distances, polygonise class rasters.
 */
export { GisError } from './errors.js';
export type { GisErrorCode } from './errors.js';
export type { Crs, CrsUnits } from './crs.js';
export { coordinateTransformer } from './crs-transform.js';
export {
  canTransform,
  crsFromDefinition,
  crsFromEpsg,
  describeCrs,
  epsgRecord,
  isSupportedEpsg,
  sameCrs,
} from './crs.js';
export type { Bounds, GridSpec, RasterArray, SampleType } from './grid.js';
export {
  allocateRaster,
  cellCenterX,
  cellCenterY,
  cellCount,
  columnOf,
  gdalGeoTransform,
  gridBounds,
  isIntegerSampleType,
  rowOf,
  sameGrid,
  sampleTypeOf,
  validateGrid,
} from './grid.js';
export type { GeoTiffReadOptions, GeoTiffReadResult, Raster } from './geotiff-read.js';
export { decodeGeoTiff, preloadGeoTiff, readGeoTiff } from './geotiff-read.js';
export type { InputFileProblem } from './input-file.js';
export { InputFileError, gisFileError, inputFileProblem, readGisFile, readInputFile } from './input-file.js';
export { DEFAULT_MAX_RASTER_BYTES, MAX_GEOJSON_BYTES, formatBytes, maxRasterBytes } from './limits.js';
export type { GeoTiffWriteInput, GeoTiffWriteOptions, GeoTiffWriteResult, RasterClass } from './geotiff-write.js';
export {
  encodeGeoTiff,
  parseHexColor,
  qgisPalettedStyle,
  qgisStretchedStyle,
  qmlPathOf,
  writeFileAtomic,
  writeGeoTiff,
} from './geotiff-write.js';
export type {
  Feature,
  Geometry,
  GeometryCollectionGeometry,
  GeometryType,
  LineStringGeometry,
  MultiLineStringGeometry,
  MultiPointGeometry,
  MultiPolygonGeometry,
  PointGeometry,
  PolygonGeometry,
  Position,
  VectorLayer,
} from './geojson.js';
export {
  mapGeometry,
  parseGeoJson,
  projectVectorLayer,
  readGeoJson,
  validateGeoJson,
  vectorBounds,
} from './geojson.js';
export type { AlignedLayer, AlignOptions, LayerKind, ResamplingMethod, StudyAreaGrid } from './align.js';
export { alignRaster, defineStudyArea } from './align.js';
export type { CategoryNames } from './category-names.js';
export { readCategoryNames } from './category-names.js';
export type { RasterReadOptions } from './raster.js';
export { isRasterPath, RASTER_FORMATS, readRaster } from './raster.js';
export type { VectorFormat, VectorReadOptions } from './vector.js';
export { readVector, vectorFormatOf, VECTOR_FORMATS } from './vector.js';
export type { GeoPackageLayer } from './geopackage.js';
export { listGeoPackageLayers } from './geopackage.js';
export type { RasterizeOptions, RasterizeResult } from './rasterize.js';
export { rasterizeFeatures, rasterizeLayer } from './rasterize.js';
export type { SlopeOptions } from './slope.js';
export { computeSlope } from './slope.js';
export type { DistanceOptions } from './distance.js';
export { DistanceScratch, distanceToLayer, euclideanDistance, squaredDistanceTransform } from './distance.js';
export type { CostDistanceOptions } from './cost-distance.js';
export { costDistance } from './cost-distance.js';
export type { PolygonFeature, PolygonFeatureCollection, PolygonizeOptions } from './polygonize.js';
export { polygonize } from './polygonize.js';
