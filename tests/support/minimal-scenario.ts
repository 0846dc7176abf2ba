import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A valid scenario on the bundled Riverbend land use with two classes and two objectives, plus the
 * given `layers:` lines (indented by two spaces), for tests about layers.
 */
export function riverbendScenarioWithLayers(name: string, layerLines: string): string {
  return `
name: ${name}
layers:
  landuse: { path: ${JSON.stringify(path.join(repoRoot, 'gis-data/riverbend/landuse.tif'))}, kind: categorical }
${layerLines}
current: landuse
classes:
  - { id: a, code: [1, 2, 3, 4, 5], color: "#e8a33d" }
  - { id: b, code: [6, 7, 8, 9, 10], color: "#2f7d32", natural: true }
objectives:
  one: { indicators: { carbon: {} } }
  two: { indicators: { habitatCore: {} } }
`;
}
