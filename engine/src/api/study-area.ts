/**
 * A scenario's study area as the desktop map shows it: today's land use (class index per cell)
 * and overlays (protected areas, no-build zones, vector features, cells that cannot change) as
 * 0/1 masks on the land-use grid.
 */
import { NO_CLASS, prepareScenario } from '../landuse/index.js';

export interface StudyAreaOverlay {
  id: string;
  label: string;
  role: 'protected' | 'no-build' | 'feature' | 'locked';
  color: string;
  mask: Uint8Array;
}

export interface StudyAreaLayers {
  width: number;
  height: number;
  cellSizeM: number;
  georeference: {
    originX: number;
    originY: number;
    pixelWidth: number;
    pixelHeight: number;
    crsName: string;
    units: string;
  };
  classes: { id: string; name: string; color: string }[];
  /** Class index per cell, 255 outside the study area. */
  current: Uint8Array;
  overlays: StudyAreaOverlay[];
}

/**
 * Overlay colours, chosen to stay visible on every class colour: protected areas in magenta (a
 * dark green vanished on forest), no-build zones in blue, cells that cannot change in dark grey.
 */
const ROLE_COLORS: Record<Exclude<StudyAreaOverlay['role'], 'feature'>, string> = {
  protected: '#c2185b',
  'no-build': '#1f5fae',
  locked: '#4a4f57',
};

/** Vector features (roads, centres, schools, transit…), one distinct colour each, in layer order. */
const FEATURE_COLORS = ['#2b2f36', '#e6194b', '#0d47a1', '#f58231', '#6a1b9a', '#00838f', '#827717'] as const;

/**
 * Read a scenario's layers and return today's land use with its overlays.
 * @throws an input error (kind `input`) when the scenario or its layers cannot be read
 */
export async function loadStudyAreaLayers(file: string): Promise<StudyAreaLayers> {
  const prepared = await prepareScenario(file);
  const { scenario, studyArea: area } = prepared;
  const overlays: StudyAreaOverlay[] = [];
  const seen = new Set<string>();
  let features = 0;
  const addMask = (name: string, role: StudyAreaOverlay['role'], label: string) => {
    const layer = area.layers[name];
    if (!layer || seen.has(name)) return;
    seen.add(name);
    const mask = new Uint8Array(layer.length);
    for (let i = 0; i < mask.length; i++) mask[i] = layer[i]! > 0 ? 1 : 0;
    const color = role === 'feature' ? FEATURE_COLORS[features++ % FEATURE_COLORS.length]! : ROLE_COLORS[role];
    overlays.push({ id: name, label, role, color, mask });
  };
  for (const name of scenario.rules.protectedAreas) addMask(name, 'protected', `${name} (protected)`);
  for (const name of scenario.rules.noBuild) addMask(name, 'no-build', `${name} (no building)`);
  for (const layer of Object.values(scenario.layers))
    if (layer.type === 'vector') addMask(layer.name, 'feature', layer.name);
  const locked = new Uint8Array(area.current.length);
  for (let i = 0; i < locked.length; i++) locked[i] = area.current[i] !== NO_CLASS && area.geneOfCell[i]! < 0 ? 1 : 0;
  overlays.push({ id: '(locked)', label: 'cannot change', role: 'locked', color: ROLE_COLORS.locked, mask: locked });
  return {
    width: area.width,
    height: area.height,
    cellSizeM: area.cellSizeX,
    georeference: georeferenceOf(prepared.grid),
    classes: area.classes.map((c) => ({ id: c.id, name: c.name, color: c.color })),
    current: new Uint8Array(area.current),
    overlays,
  };
}

/** The georeference the app's maps show coordinates with, from a grid. */
export function georeferenceOf(grid: {
  originX: number;
  originY: number;
  pixelWidth: number;
  pixelHeight: number;
  crs: { name: string; units: string };
}): StudyAreaLayers['georeference'] {
  return {
    originX: grid.originX,
    originY: grid.originY,
    pixelWidth: grid.pixelWidth,
    pixelHeight: grid.pixelHeight,
    crsName: grid.crs.name,
    units: grid.crs.units,
  };
}
