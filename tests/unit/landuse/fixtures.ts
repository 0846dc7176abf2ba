/**
 * Small in-memory study areas for the land-use unit tests: a scenario written as YAML (parsed by
 * the real parser, without file checks) plus hand-written rasters.
 */
import { buildStudyArea, type StudyArea, type StudyAreaInput } from '../../../engine/src/landuse/model/study-area.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';

export interface TinyGrid {
  /** Rows of raster codes, e.g. ['1 1 2', '3 3 2']; 0 = nodata. */
  readonly codes: readonly string[];
  /** Cell size in metres. Default 100 (1 ha cells). */
  readonly cellSize?: number;
  /** Per-cell layers, written like `codes`. */
  readonly layers?: Readonly<Record<string, readonly string[]>>;
  readonly distanceLayers?: readonly string[];
}

export function parseRows(rows: readonly string[]): { width: number; height: number; values: Float32Array } {
  const cells = rows.map((r) => r.trim().split(/\s+/).map(Number));
  const width = cells[0]!.length;
  return { width, height: cells.length, values: Float32Array.from(cells.flat()) };
}

/** Standard classes: 1 housing, 2 shops, 3 industry, 4 farm, 5 forest, 6 park, 7 water. */
export const STANDARD_CLASSES = `
classes:
  - { id: housing, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 300, carbon: 20 }
  - { id: shops, code: 2, color: "#d64541", built: true, services: true, landValue: 400, carbon: 10 }
  - { id: industry, code: 3, color: "#7f5ba6", built: true, landValue: 200, carbon: 10 }
  - { id: farm, code: 4, color: "#f1e08a", landValue: 20, habitat: 0.2, carbon: 60 }
  - { id: forest, code: 5, color: "#2f7d32", natural: true, green: true, landValue: 5, habitat: 1, carbon: 150 }
  - { id: park, code: 6, color: "#8fd18a", green: true, habitat: 0.4, carbon: 70 }
  - { id: water, code: 7, color: "#3b7dd8", natural: true, habitat: 0.5 }
`;

/** Build a study area from scenario YAML (without `classes` if `withStandardClasses`) and a tiny grid. */
export function tinyStudyArea(
  yaml: string,
  grid: TinyGrid,
  withStandardClasses = true,
): { area: StudyArea; input: StudyAreaInput } {
  const text = `name: test\ncurrent: landuse\n${withStandardClasses ? STANDARD_CLASSES : ''}${yaml}`;
  const scenario = parseScenarioText(text, 'test.yaml', { checkFiles: false });
  const { width, height, values } = parseRows(grid.codes);
  const layers: Record<string, Float32Array> = {};
  for (const [name, rows] of Object.entries(grid.layers ?? {})) layers[name] = parseRows(rows).values;
  const input: StudyAreaInput = {
    scenario,
    width,
    height,
    cellSizeX: grid.cellSize ?? 100,
    cellSizeY: grid.cellSize ?? 100,
    codes: values,
    nodata: 0,
    layers,
    distanceLayers: grid.distanceLayers ?? [],
  };
  return { area: buildStudyArea(input).studyArea, input };
}

export const LAYERS_HEADER = `
layers:
  landuse: { path: landuse.tif, kind: categorical }
`;
