/**
 * The front of a run as files: front.csv (one row per non-dominated layout: objectives with their
 * direction, sub-indicators, area per class), layouts.bin (their genomes, row i = id i), and
 * GeoTIFFs of the extremes and the compromise in layouts/.
 */
import path from 'node:path';
import { writeGeoTiff, type GridSpec } from '../gis/index.js';
import { classCounts, type LandUseSetup, type PreparedScenario } from '../landuse/index.js';
import type { SolutionSet } from '../optimizer/index.js';
import { toCsv, type CsvValue } from './csv.js';
import { sha256Bytes, writeAtomic } from './files.js';
import { frontHighlights, type FrontHighlights } from './front-analysis.js';
import { directionTag } from './history.js';
import { RUN_FILES, type RunManifest } from './run-folder.js';

export const NO_CLASS = 255;

export function frontHeader(manifest: Pick<RunManifest, 'objectives' | 'indicators' | 'classes'>): string[] {
  return [
    'id',
    ...manifest.objectives.map((o) => `${o.id} (${directionTag(o.direction)})`),
    ...manifest.indicators.map((i) => `${i.objective}.${i.indicator}`),
    ...manifest.classes.map((c) => `area_ha.${c.id}`),
  ];
}

export interface FrontFiles {
  ref: NonNullable<RunManifest['front']>;
  /** order[id] = row of the solution set. */
  order: number[];
  highlights: FrontHighlights;
}

/** Write front.csv and layouts.bin for a set of solutions; ids are assigned best-first in objective 1. */
export async function writeFrontFiles(
  dir: string,
  manifest: RunManifest,
  setup: LandUseSetup,
  solutions: SolutionSet<Uint8Array>,
  generation: number,
): Promise<FrontFiles> {
  const m = manifest.objectives.length;
  const n = solutions.numberOfVariables;
  const signs = manifest.objectives.map((o) => (o.direction === 'maximize' ? -1 : 1));
  const order = Array.from({ length: solutions.size }, (_, i) => i).sort((a, b) => {
    for (let j = 0; j < m; j++) {
      const d = signs[j]! * (solutions.objectives[a * m + j]! - solutions.objectives[b * m + j]!);
      if (d !== 0) return d;
    }
    return a - b;
  });
  const genomes = new Uint8Array(order.length * n);
  const objectives = new Float64Array(order.length * m);
  const counts = new Int32Array(manifest.classes.length);
  const rows: CsvValue[][] = order.map((row, id) => {
    const genome = solutions.variables.subarray(row * n, (row + 1) * n);
    genomes.set(genome, id * n);
    const report = setup.evaluator.report(genome);
    objectives.set(report.objectives, id * m);
    classCounts(setup.problem.area, genome, counts);
    return [
      id,
      ...report.objectives,
      ...report.indicators.map((i) => i.value),
      ...Array.from(counts, (c) => c * manifest.cellAreaHa),
    ];
  });
  const csv = toCsv(frontHeader(manifest), rows);
  await writeAtomic(path.join(dir, RUN_FILES.layouts), genomes);
  await writeAtomic(path.join(dir, RUN_FILES.front), csv);
  const highlights = frontHighlights(
    objectives,
    order.length,
    manifest.objectives.map((o) => o.direction),
  );
  return {
    ref: {
      file: RUN_FILES.layouts,
      sha256: sha256Bytes(genomes),
      csv: { file: RUN_FILES.front, sha256: sha256Bytes(csv) },
      rows: order.length,
      generation,
      highlights,
    },
    order,
    highlights,
  };
}

/** The full grid of a layout as raster codes of its classes (each class's first code). */
export function layoutCodes(
  manifest: Pick<RunManifest, 'classes'>,
  current: Uint8Array,
  geneCells: Int32Array,
  genome: Uint8Array,
): { data: Uint8Array | Uint16Array; nodata: number } {
  const codes = manifest.classes.map((c) => c.codes[0]!);
  const maxCode = Math.max(...codes);
  const nodata = !codes.includes(0) ? 0 : maxCode < 255 ? 255 : 65535;
  const data = maxCode < 255 && nodata < 256 ? new Uint8Array(current.length) : new Uint16Array(current.length);
  for (let i = 0; i < current.length; i++) data[i] = current[i] === NO_CLASS ? nodata : codes[current[i]!]!;
  for (let g = 0; g < geneCells.length; g++) data[geneCells[g]!] = codes[genome[g]!]!;
  return { data, nodata };
}

/** A layout as a georeferenced GeoTIFF with a colour table and a QGIS style with class names. */
export async function writeLayoutGeoTiff(
  file: string,
  manifest: Pick<RunManifest, 'classes' | 'grid'>,
  current: Uint8Array,
  geneCells: Int32Array,
  genome: Uint8Array,
): Promise<string> {
  const { data, nodata } = layoutCodes(manifest, current, geneCells, genome);
  await writeGeoTiff(file, {
    grid: manifest.grid as GridSpec,
    data,
    nodata,
    classes: manifest.classes.map((c) => ({ value: c.codes[0]!, name: c.name, color: c.color })),
  });
  return file;
}

/** GeoTIFFs of the extremes (best-<objective>.tif) and the compromise (compromise.tif) in layouts/. */
export async function writeHighlightRasters(
  dir: string,
  manifest: RunManifest,
  prepared: PreparedScenario,
  solutions: SolutionSet<Uint8Array>,
  order: number[],
  highlights: FrontHighlights,
): Promise<string[]> {
  if (order.length === 0) return [];
  const n = solutions.numberOfVariables;
  const genomeOf = (id: number) => solutions.variables.subarray(order[id]! * n, (order[id]! + 1) * n);
  const targets: [string, number][] = [
    ...manifest.objectives.map((o, j): [string, number] => [`best-${o.id}.tif`, highlights.extremes[j]!]),
    ['compromise.tif', highlights.knee],
  ];
  const written: string[] = [];
  for (const [name, id] of targets) {
    written.push(
      await writeLayoutGeoTiff(
        path.join(dir, RUN_FILES.layoutsDir, name),
        manifest,
        prepared.studyArea.current,
        prepared.studyArea.geneCells,
        genomeOf(id),
      ),
    );
  }
  return written;
}
