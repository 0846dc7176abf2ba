/**
 * Render the knee and the extremes of a run folder as PNGs to look at (bench tool, not a test):
 * for each, the layout (classes in their colours) and its change map (unchanged cells grey,
 * changed cells in their new class's colour), with roads of the scenario drawn on top when it
 * has a `roads` layer. Writes <out>/<name>-<layout>-{layout,change}.png.
 *
 *   npx tsx bench/render-plans.ts <run-dir> <out-dir> [name]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { prepareScenario, type ResolvedScenario } from '../engine/src/landuse/index.js';
import { renderChangeMap, renderClassMap } from '../engine/src/report/map-image.js';
import { layoutOf, loadFront } from '../engine/src/runs/front-io.js';
import { planMetrics } from './plan-metrics.js';

const [runDir, outDir, name = path.basename(runDir ?? 'run')] = process.argv.slice(2);
if (!runDir || !outDir) {
  console.error('usage: npx tsx bench/render-plans.ts <run-dir> <out-dir> [name]');
  process.exit(2);
}
const front = await loadFront(runDir);
const manifest = front.manifest;
const highlights = manifest.front!.highlights;
const prepared = await prepareScenario(manifest.scenario.parsed as ResolvedScenario);
const roads = prepared.studyArea.layers.roads;
const { width, height } = manifest.grid;
const colors = manifest.classes.map((c) => c.color);
await mkdir(outDir, { recursive: true });
const picks: [string, number][] = [
  ['knee', highlights.knee],
  ...manifest.objectives.map((o, j) => [`best-${o.id}`, highlights.extremes[j]!] as [string, number]),
];
for (const [label, id] of picks) {
  const layout = layoutOf(front, id);
  const genome = front.genomes.subarray(id * front.geneCells.length, (id + 1) * front.geneCells.length);
  const metrics = planMetrics(prepared.studyArea, genome, roads ? [roads] : []);
  for (const [kind, image] of [
    ['layout', renderClassMap(layout, width, height, colors, { maxSizePx: 720 })],
    ['change', renderChangeMap(front.current, layout, width, height, colors, { maxSizePx: 720 })],
  ] as const) {
    const png = roads ? withRoads(image.png, roads, width, image.pixelsPerCell) : image.png;
    await writeFile(path.join(outDir, `${name}-${label}-${kind}.png`), png);
  }
  console.log(
    `${name} ${label} (id ${id}): changed ${metrics.changedHa.toFixed(1)} ha in ${metrics.patches} patches, ${(100 * metrics.mapEdgeShare).toFixed(1)} % of their outline on map edges`,
  );
}

/** Darken the pixels of road cells (a thin grey line on the map). */
function withRoads(png: Buffer, layer: Float32Array, gridWidth: number, pixelsPerCell: number): Buffer {
  const image = PNG.sync.read(png);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const cell = Math.floor(y / pixelsPerCell) * gridWidth + Math.floor(x / pixelsPerCell);
      if (!(layer[cell]! > 0)) continue;
      const i = (y * image.width + x) * 4;
      image.data[i] = image.data[i + 1] = image.data[i + 2] = 90;
    }
  }
  return PNG.sync.write(image);
}
