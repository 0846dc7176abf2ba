/**
 * Load a scenario's layers with the GIS module onto the grid of its current land-use raster and
 * build the study area: rasters are aligned (nearest neighbour for categorical, bilinear for
 * continuous), vectors rasterised as 0/1 presence, slope derived from a DEM (Horn), distances by
 * the Euclidean distance transform.
 */
import {
  GisError,
  alignRaster,
  computeSlope,
  euclideanDistance,
  rasterizeLayer,
  readGeoJson,
  readGeoTiff,
  type GridSpec,
  type VectorLayer,
} from '../../gis/index.js';
import { LandUseInputError } from '../errors.js';
import { loadScenarioFile } from '../scenario/parse.js';
import { formatPath, lineOf } from '../scenario/source-map.js';
import type { ResolvedLayer, ResolvedScenario } from '../scenario/types.js';
import { buildStudyArea, type StudyArea, type StudyAreaInput, type UndeclaredCode } from './study-area.js';

export interface PreparedScenario {
  readonly scenario: ResolvedScenario;
  readonly grid: GridSpec;
  /** The inputs the study area was built from (also what the independent constraint check reads). */
  readonly input: StudyAreaInput;
  readonly studyArea: StudyArea;
  /** Raster codes no class declares (treated as outside the study area; validation reports them). */
  readonly undeclared: readonly UndeclaredCode[];
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
    readGeoTiff(currentLayer.path!, options.signal ? { signal: options.signal } : {}),
  );
  const grid = current.grid;
  if (grid.crs.units === 'degree') {
    throw new LandUseInputError(
      `${currentLayer.path}: the land-use raster is in ${grid.crs.name} (degrees); planning needs metres. Reproject it to a projected CRS, e.g. gdalwarp -t_srs EPSG:<UTM zone>.`,
    );
  }
  const layers: Record<string, Float32Array> = {};
  const distanceLayers: string[] = [];
  const vectors = new Map<string, VectorLayer>();
  const fileLayers = Object.values(resolved.layers).filter((l) => l.type === 'raster' || l.type === 'vector');
  for (const layer of fileLayers) {
    if (layer.name === resolved.current) {
      layers[layer.name] = Float32Array.from(current.data);
      continue;
    }
    layers[layer.name] = await atLayer(resolved, layer, () => loadFileLayer(layer, grid, vectors, options.signal));
  }
  for (const layer of Object.values(resolved.layers)) {
    if (layer.type === 'slope') {
      layers[layer.name] = computeSlope(grid, layers[layer.from!]!, { nodata: null });
    } else if (layer.type === 'distance') {
      const source = layers[layer.from!]!;
      const mask = new Uint8Array(source.length);
      for (let i = 0; i < mask.length; i++) mask[i] = source[i]! > 0 ? 1 : 0;
      layers[layer.name] = euclideanDistance(grid, mask);
      distanceLayers.push(layer.name);
    }
  }
  const input: StudyAreaInput = {
    scenario: resolved,
    width: grid.width,
    height: grid.height,
    cellSizeX: grid.pixelWidth,
    cellSizeY: grid.pixelHeight,
    codes: current.data,
    nodata: current.nodata,
    layers,
    distanceLayers,
  };
  const { studyArea, undeclared } = buildStudyArea(input);
  return { scenario: resolved, grid, input, studyArea, undeclared };
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
): Promise<Float32Array> {
  if (layer.type === 'raster') {
    const raster = await readGeoTiff(layer.path!, signal ? { signal } : {});
    const aligned = alignRaster(raster, grid, { kind: layer.kind, label: `layer "${layer.name}" (${layer.path})` });
    const out = Float32Array.from(aligned.data);
    if (layer.kind === 'categorical') for (let i = 0; i < out.length; i++) if (out[i] === aligned.nodata) out[i] = NaN;
    return out;
  }
  let vector = vectors.get(layer.path!);
  if (!vector) {
    vector = await readGeoJson(layer.path!);
    vectors.set(layer.path!, vector);
  }
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
  return Float32Array.from(data);
}
