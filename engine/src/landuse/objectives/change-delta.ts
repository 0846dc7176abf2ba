/**
 * The record of what one change of cells does to a layout ({@link ChangeDelta}, measured by
 * delta.ts's ChangeEvaluator), and what the measurements of one change share: the cell marks.
 */

/** What a change does, except to walking access, which is only bounded here. */
export class ChangeDelta {
  /** Per objective: weighted change of the linear, compatibility and core-area indicators. */
  readonly additive: Float64Array;
  /** Per amenity-access indicator: change of its sum over housing cells. */
  readonly amenitySums: Float64Array;
  /** Change of the number of housing cells. */
  housing = 0;
  /** Whether any cell becomes or stops being housing (homes may move while their number stays). */
  housingMoves = false;
  /** Per walking-access indicator: bit 1 when targets are added, bit 2 when targets are removed. */
  readonly targets: Uint8Array;
  /**
   * Natural cells: bit 1 when added, bit 2 when removed. Until {@link ChangeEvaluator.measureSpatial}
   * adds the exact compatibility and core-area changes to `additive` (`spatialMeasured`), the
   * core-area change is known only by its sign from these bits (adding natural cells never
   * removes core area, removing them never adds any), and the compatibility change only up to
   * `compatibilityBound` either way.
   */
  natural = 0;
  spatialMeasured = false;
  /** Per objective: the largest possible size of its weighted compatibility change. */
  readonly compatibilityBound: Float64Array;
  /** Bounding box of the changed cells (grid columns and rows). */
  x0 = 0;
  y0 = 0;
  x1 = -1;
  y1 = -1;

  constructor(objectives: number, amenities: number, plans: number) {
    this.additive = new Float64Array(objectives);
    this.compatibilityBound = new Float64Array(objectives);
    this.amenitySums = new Float64Array(amenities);
    this.targets = new Uint8Array(plans);
  }

  /** this = a. */
  copy(a: ChangeDelta): void {
    this.additive.set(a.additive);
    this.compatibilityBound.set(a.compatibilityBound);
    this.amenitySums.set(a.amenitySums);
    this.targets.set(a.targets);
    this.housing = a.housing;
    this.housingMoves = a.housingMoves;
    this.natural = a.natural;
    this.spatialMeasured = a.spatialMeasured;
    this.x0 = a.x0;
    this.y0 = a.y0;
    this.x1 = a.x1;
    this.y1 = a.y1;
  }

  /**
   * this = a + b (for changes far enough apart not to interact; see ChangeEvaluator.separated).
   * The compatibility and core-area changes are exact when both were.
   */
  sum(a: ChangeDelta, b: ChangeDelta): void {
    for (let m = 0; m < this.additive.length; m++) {
      this.additive[m] = a.additive[m]! + b.additive[m]!;
      this.compatibilityBound[m] = a.compatibilityBound[m]! + b.compatibilityBound[m]!;
    }
    for (let k = 0; k < this.amenitySums.length; k++) this.amenitySums[k] = a.amenitySums[k]! + b.amenitySums[k]!;
    for (let p = 0; p < this.targets.length; p++) this.targets[p] = a.targets[p]! | b.targets[p]!;
    this.housing = a.housing + b.housing;
    this.housingMoves = a.housingMoves || b.housingMoves;
    this.natural = a.natural | b.natural;
    this.spatialMeasured = a.spatialMeasured && b.spatialMeasured;
    this.x0 = Math.min(a.x0, b.x0);
    this.y0 = Math.min(a.y0, b.y0);
    this.x1 = Math.max(a.x1, b.x1);
    this.y1 = Math.max(a.y1, b.y1);
  }
}

/**
 * Marks of the cells one measurement has visited: a cell is marked when it holds the current
 * stamp, so a new measurement starts with one increment instead of clearing the marks. Shared by
 * the measurements of a ChangeEvaluator (padded-map cells for compatibility and core area, grid
 * cells for walking access: both fit, the padded map is the larger).
 */
export class CellMarks {
  readonly mark: Uint32Array;
  private stamp = 0;

  constructor(cells: number) {
    this.mark = new Uint32Array(cells);
  }

  /** A new stamp: no cell holds it yet. */
  next(): number {
    return ++this.stamp;
  }
}

/** Whether the bounding boxes of two changes are more than `dx` columns or `dy` rows apart. */
export function gapAbove(a: ChangeDelta, b: ChangeDelta, dx: number, dy: number): boolean {
  return a.x0 - b.x1 > dx || b.x0 - a.x1 > dx || a.y0 - b.y1 > dy || b.y0 - a.y1 > dy;
}
