/**
 * A layout given as a GeoTIFF, read onto a scenario's grid and turned into class indices: the
 * scenario's classes are identified by their codes in the land-use raster (as `export --format
 * geotiff` writes them). A raster on another grid is resampled by nearest neighbour (the GIS
 * layer's alignRaster, warped when in another CRS), with a warning.
 */
import {
  alignRaster,
  describeCrs,
  isIntegerSampleType,
  readRaster,
  sameGrid,
  type GridSpec,
  type RasterArray,
} from '../../gis/index.js';
import { NO_CLASS, type PreparedScenario } from '../../landuse/index.js';
import { formatHa } from '../../report/format.js';
import { RunInputError } from '../errors.js';

export interface LayoutOnGrid {
  readonly file: string;
  /** Class index per cell of the scenario's grid (NO_CLASS outside the study area). */
  readonly classes: Uint8Array;
  /** Whether the file was on another grid and was resampled onto the scenario's. */
  readonly resampled: boolean;
  /** Study-area cells the file gives no class (nodata, or outside it): they keep today's class. */
  readonly cellsWithoutValue: number;
  readonly warnings: readonly string[];
}

/**
 * Read `file` as a layout of `prepared`'s study area.
 * @throws GisError for unreadable files and rasters that do not overlap the study area;
 *   RunInputError for non-integer rasters and codes no class declares.
 */
export async function readLayoutRaster(file: string, prepared: PreparedScenario): Promise<LayoutOnGrid> {
  const raster = await readRaster(file);
  if (!isIntegerSampleType(raster.sampleType)) {
    throw new RunInputError(
      `${file}: holds ${raster.sampleType} values, not land-use codes. A layout is an integer raster of the scenario's class codes (as \`paretoplan export --format geotiff\` writes).`,
    );
  }
  const warnings: string[] = [];
  let codes: RasterArray = raster.data;
  let nodata = raster.nodata;
  const resampled = !sameGrid(raster.grid, prepared.grid);
  if (resampled) {
    const aligned = alignRaster(raster, prepared.grid, { kind: 'categorical', label: file });
    codes = aligned.data;
    nodata = aligned.nodata;
    warnings.push(
      `${file}: on another grid (${describeGrid(raster.grid)}) than the scenario's (${describeGrid(prepared.grid)}); resampled by nearest neighbour onto the scenario's grid.`,
    );
  }
  const { classes, cellsWithoutValue } = classesOfCodes(codes, nodata, prepared, file);
  if (cellsWithoutValue > 0) {
    const ha = cellsWithoutValue * prepared.studyArea.cellAreaHa;
    warnings.push(
      `${file}: ${cellsWithoutValue} study-area cells (${formatHa(ha)} ha) have no value there (nodata or outside the raster); they keep today's class.`,
    );
  }
  return { file, classes, resampled, cellsWithoutValue, warnings };
}

/**
 * Class index per cell from raster codes on the scenario's grid. Cells outside the study area
 * stay NO_CLASS whatever they hold; study-area cells without a value keep today's class.
 * @throws RunInputError listing the codes no class declares.
 */
export function classesOfCodes(
  codes: ArrayLike<number>,
  nodata: number | null,
  prepared: Pick<PreparedScenario, 'scenario' | 'studyArea'>,
  file: string,
): { classes: Uint8Array; cellsWithoutValue: number } {
  const area = prepared.studyArea;
  const codeToClass = new Map<number, number>();
  area.classes.forEach((c, index) => c.codes.forEach((code) => codeToClass.set(code, index)));
  const classes = new Uint8Array(area.current.length).fill(NO_CLASS);
  const unknown = new Map<number, number>();
  let cellsWithoutValue = 0;
  for (let i = 0; i < classes.length; i++) {
    const today = area.current[i]!;
    if (today === NO_CLASS) continue;
    const code = codes[i]!;
    if (Number.isNaN(code) || (nodata !== null && code === nodata)) {
      classes[i] = today;
      cellsWithoutValue++;
      continue;
    }
    const cls = codeToClass.get(code);
    if (cls === undefined) unknown.set(code, (unknown.get(code) ?? 0) + 1);
    else classes[i] = cls;
  }
  if (unknown.size > 0) {
    const listed = [...unknown]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([code, cells]) => `${code} (${cells} cell${cells === 1 ? '' : 's'})`);
    const declared = area.classes.map((c) => `${c.codes.join('/')} ${c.id}`).join(', ');
    throw new RunInputError(
      `${file}: study-area cells hold codes that no class of scenario "${prepared.scenario.name}" declares: ${listed.join(', ')}${unknown.size > 8 ? ', ...' : ''}. ` +
        `Its classes use the codes ${declared}. Recode the layout to these codes, or declare the codes in the scenario's classes.`,
    );
  }
  return { classes, cellsWithoutValue };
}

function describeGrid(grid: GridSpec): string {
  return `${grid.width} x ${grid.height} cells of ${grid.pixelWidth} x ${grid.pixelHeight}, ${describeCrs(grid.crs)}`;
}
