/**
 * Load a scenario's layers with the GIS module onto the grid of its current land-use raster and
 * build the study area: rasters are aligned (nearest neighbour for categorical, bilinear or
 * average for continuous, warped when in another CRS), vectors (GeoJSON, Shapefile, GeoPackage)
 * rasterised as 0/1 presence, slope derived from a DEM (Horn), distances by the Euclidean
 * distance transform, travel times by cost distance over roads and terrain (travel-time.ts). How
 * each layer met the grid is reported (for `validate`'s warnings).
 */
import {
  alignRaster,
  describeCrs,
  GisError,
  rasterizeLayer,
  readRaster,
  readVector,
  sameCrs,
  sameGrid,
  type GridSpec,
  type RasterArray,
  type ResamplingMethod,
  type VectorLayer,
} from '../../gis/index.js';
import { LandUseInputError } from '../errors.js';
import { loadScenarioFile } from '../scenario/parse.js';
import { formatPath, lineOf } from '../scenario/source-map.js';
import type { ResolvedLayer, ResolvedScenario } from '../scenario/types.js';
import { derivedLayerType } from './derived/index.js';
import { layerCacheFor, preparedLayersKey, readCachedLayers, writeCachedLayers } from './layer-cache.js';
import { buildStudyArea, NO_CLASS, type StudyArea, type StudyAreaInput, type UndeclaredCode } from './study-area.js';

/** How a file layer met the land-use grid. */
export interface LayerAlignment {
  readonly layer: string;
  readonly file: string;
  readonly type: 'raster' | 'vector';
  /** The layer's CRS, as a label, and whether it differs from the grid's (the layer was reprojected). */
  readonly crs: string;
  readonly reprojected: boolean;
  /** Rasters: the layer's cell size and whether its grid differs from the land-use grid (resampled). */
  readonly cellSize: readonly [number, number] | null;
  readonly resampled: boolean;
  readonly method: ResamplingMethod | null;
  /** Rasters: the share (0..1) of study-area cells that get a value from the layer. */
  readonly coverage: number | null;
}

export interface PreparedScenario {
  readonly scenario: ResolvedScenario;
  readonly grid: GridSpec;
  /** The inputs the study area was built from (also what the independent constraint check reads). */
  readonly input: StudyAreaInput;
  readonly studyArea: StudyArea;
  /** Raster codes no class declares (treated as outside the study area; validation reports them). */
  readonly undeclared: readonly UndeclaredCode[];
  /** The current land-use raster as read (grid, codes, nodata), for exports faithful to it. */
  readonly landUse: {
    readonly grid: GridSpec;
    readonly data: RasterArray;
    readonly nodata: number | null;
    readonly file: string;
  };
  /** How each file layer met the grid. */
  readonly alignment: readonly LayerAlignment[];
  /** Whether the layers came from the prepared-layer cache (layer-cache.ts) rather than from the files. */
  readonly layersFromCache: boolean;
}

/** A layer's alignment as the cache keeps it: without its file, which the key leaves out. */
type StoredAlignment = Omit<LayerAlignment, 'file'>;

/**
 * Every layer's name in the order the study area lists them: file layers as declared, then the
 * derived layers (model/derived) by stage, as declared within a stage (stage 1 may read stage 0:
 * travel times read slope layers).
 */
function layerOrder(scenario: ResolvedScenario): string[] {
  const all = Object.values(scenario.layers);
  return [
    ...all.filter((l) => l.type === 'raster' || l.type === 'vector'),
    ...([0, 1] as const).flatMap((stage) => all.filter((l) => derivedLayerType(l.type)?.stage === stage)),
  ].map((l) => l.name);
}

/**
 * Read every file layer but today's land use onto the grid, then compute the derived layers, into
 * `layers` (in {@link layerOrder}: a derived layer comes after those it reads); returns how each
 * file layer met the grid.
 */
async function readLayers(
  resolved: ResolvedScenario,
  grid: GridSpec,
  layers: Record<string, Float32Array>,
  signal: AbortSignal | undefined,
): Promise<LayerAlignment[]> {
  const alignment: LayerAlignment[] = [];
  const vectors = new Map<string, VectorLayer>();
  for (const name of layerOrder(resolved)) {
    const layer = resolved.layers[name]!;
    const derived = derivedLayerType(layer.type);
    if (derived) {
      layers[name] = derived.compute(grid, layers[layer.from!]!, layer, layers);
    } else if (name !== resolved.current) {
      const loaded = await atLayer(resolved, layer, () => loadFileLayer(layer, grid, vectors, signal));
      layers[name] = loaded.data;
      alignment.push(loaded.alignment);
    }
  }
  return alignment;
}

/**
 * Read a scenario file and every layer it names, and build its study area.
 * @param scenario a path to a scenario file, or an already validated scenario.
 * @throws LandUseInputError for scenario problems, and for unreadable or misaligned layer data
 *   (located at the layer's line).
 */
export async function prepareScenario(
  scenario: string | ResolvedScenario,
  options: { signal?: AbortSignal } = {},
): Promise<PreparedScenario> {
  const resolved = typeof scenario === 'string' ? await loadScenarioFile(scenario) : scenario;
  const currentLayer = resolved.layers[resolved.current]!;
  const current = await atLayer(resolved, currentLayer, () =>
    readRaster(currentLayer.path!, rasterOptions(currentLayer, options.signal)),
  );
  const grid = current.grid;
  if (grid.crs.units !== 'metre') {
    throw new LandUseInputError(
      `${currentLayer.path}: the land-use raster is in ${describeCrs(grid.crs)}, in ${grid.crs.units === 'degree' ? 'degrees' : `${grid.crs.units} units`}; ` +
        'planning needs metres. Reproject it to a projected CRS in metres, e.g. gdalwarp -t_srs EPSG:<national grid or UTM zone>.',
    );
  }
  // The layers come from the prepared-layer cache when a large grid's inputs were prepared before.
  const order = layerOrder(resolved);
  const cells = grid.width * grid.height;
  const cache = layerCacheFor(cells);
  const layersKey = cache ? await preparedLayersKey(resolved) : null;
  const cachedNames = order.filter((name) => name !== resolved.current);
  const cached = layersKey ? await readCachedLayers<StoredAlignment[]>(cache!, layersKey, cachedNames, cells) : null;
  const built: Record<string, Float32Array> = { [resolved.current]: Float32Array.from(current.data) };
  let alignment: LayerAlignment[];
  if (cached) {
    Object.assign(built, cached.layers);
    alignment = cached.extra.map((a) => ({ ...a, file: resolved.layers[a.layer]!.path! }));
  } else {
    alignment = await readLayers(resolved, grid, built, options.signal);
    if (layersKey) {
      const stored = Object.fromEntries(cachedNames.map((name) => [name, built[name]!]));
      await writeCachedLayers(
        cache!,
        layersKey,
        stored,
        alignment.map(({ file: _file, ...a }): StoredAlignment => a),
      );
    }
  }
  const layers = Object.fromEntries(order.map((name) => [name, built[name]!]));
  const distanceLayers = order.filter((name) => derivedLayerType(resolved.layers[name]!.type)?.isDistance);
  const input: StudyAreaInput = {
    scenario: resolved,
    width: grid.width,
    height: grid.height,
    cellSizeX: grid.pixelWidth,
    cellSizeY: grid.pixelHeight,
    codes: resolved.boundary === null ? current.data : clipToBoundary(current.data, layers[resolved.boundary]!),
    nodata: current.nodata,
    layers,
    distanceLayers,
    ...(layersKey ? { layersKey } : {}),
  };
  const { studyArea, undeclared } = buildStudyArea(input);
  return {
    scenario: resolved,
    grid,
    input,
    studyArea,
    undeclared,
    layersFromCache: cached !== null,
    landUse: { grid, data: current.data, nodata: current.nodata, file: current.file },
    alignment: alignment.map((a) =>
      a.type === 'raster' ? { ...a, coverage: coverageOf(layers[a.layer]!, studyArea) } : a,
    ),
  };
}

/** Land-use codes with the cells outside the boundary layer (value not > 0) made NaN: outside the study area. */
function clipToBoundary(codes: ArrayLike<number>, boundary: Float32Array): Float64Array {
  const out = Float64Array.from(codes);
  for (let i = 0; i < out.length; i++) if (!(boundary[i]! > 0)) out[i] = Number.NaN;
  return out;
}

/** The share of study-area cells (valid land use) where a layer has a value. */
function coverageOf(layer: Float32Array, area: StudyArea): number {
  let inside = 0;
  let covered = 0;
  for (let i = 0; i < area.current.length; i++) {
    if (area.current[i] === NO_CLASS) continue;
    inside++;
    if (!Number.isNaN(layer[i]!)) covered++;
  }
  return inside === 0 ? 0 : covered / inside;
}

function rasterOptions(
  layer: ResolvedLayer,
  signal?: AbortSignal,
): { band?: number; nodata?: number; signal?: AbortSignal } {
  return {
    ...(layer.band === null ? {} : { band: layer.band }),
    ...(layer.nodata === null ? {} : { nodata: layer.nodata }),
    ...(signal ? { signal } : {}),
  };
}

/**
 * Run `load` for a layer; a problem with its data (a GisError: missing, unreadable, damaged,
 * misaligned) becomes an issue located at the layer's line in the scenario.
 */
async function atLayer<T>(scenario: ResolvedScenario, layer: ResolvedLayer, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof GisError)) throw error;
    const field = ['layers', layer.name, 'path'];
    throw LandUseInputError.fromIssues(scenario.file, [
      { file: scenario.file, line: lineOf(scenario.lines, field), path: formatPath(field), message: error.message },
    ]);
  }
}

async function loadFileLayer(
  layer: ResolvedLayer,
  grid: GridSpec,
  vectors: Map<string, VectorLayer>,
  signal?: AbortSignal,
): Promise<{ data: Float32Array; alignment: LayerAlignment }> {
  const label = `layer "${layer.name}" (${layer.path})`;
  if (layer.type === 'raster') {
    const raster = await readRaster(layer.path!, rasterOptions(layer, signal));
    const aligned = alignRaster(raster, grid, {
      kind: layer.kind,
      label,
      ...(layer.resampling === null ? {} : { method: layer.resampling }),
    });
    const out = Float32Array.from(aligned.data);
    if (layer.kind === 'categorical') for (let i = 0; i < out.length; i++) if (out[i] === aligned.nodata) out[i] = NaN;
    return {
      data: out,
      alignment: {
        layer: layer.name,
        file: layer.path!,
        type: 'raster',
        crs: describeCrs(raster.grid.crs),
        reprojected: !sameCrs(raster.grid.crs, grid.crs),
        cellSize: [raster.grid.pixelWidth, raster.grid.pixelHeight],
        resampled: !sameGrid(raster.grid, grid),
        method: aligned.method,
        coverage: null,
      },
    };
  }
  const key = `${layer.path!}\u0000${layer.table ?? ''}`;
  let vector = vectors.get(key);
  if (!vector) {
    try {
      vector = await readVector(layer.path!, layer.table === null ? {} : { layer: layer.table });
    } catch (error) {
      // A CRS problem names the layer as well as the file (the file may serve several layers).
      if (error instanceof GisError && error.code === 'unsupported-crs')
        throw new GisError(error.code, `layer "${layer.name}": ${error.message}`, { file: layer.path!, cause: error });
      throw error;
    }
    vectors.set(key, vector);
  }
  const alignment: LayerAlignment = {
    layer: layer.name,
    file: layer.path!,
    type: 'vector',
    crs: describeCrs(vector.crs),
    reprojected: !sameCrs(vector.crs, grid.crs),
    cellSize: null,
    resampled: false,
    method: null,
    coverage: null,
  };
  if (layer.where) {
    const where = layer.where;
    vector = {
      ...vector,
      features: vector.features.filter((f) =>
        Object.entries(where).every(([key, values]) => values.includes(f.properties?.[key] as string | number)),
      ),
    };
  }
  const { data } = rasterizeLayer(vector, grid, { burn: 1, sampleType: 'Byte' });
  return { data: Float32Array.from(data), alignment };
}
