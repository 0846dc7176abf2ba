/**
 * The large-scale layout of Riverbend, decided before any cell is filled: the valley axis, the
 * meandering river and its water level, the main road, the three side valleys with their roads,
 * the town centre, two villages, an oxbow lake and the nature reserve. Everything is a smooth
 * function of the column (west-east position) perturbed by seeded noise.
 */
import { GRID_SIZE, type GridPoint } from './grid.js';
import { createRandom, GradientNoise2D, noise1D } from './random.js';

/** North (-1, smaller rows) or south (+1) of the valley axis. */
export type Side = -1 | 1;

/** A side valley: a tributary valley climbing from the main valley floor to the map edge. */
export interface SideValley {
  readonly name: string;
  readonly side: Side;
  /** Axis from the mouth (on the edge of the main valley floor) to the map edge. */
  readonly axis: readonly GridPoint[];
  /** Rise of the side-valley floor per metre along the axis. */
  readonly gradient: number;
  /** The secondary road: from its junction on the main road, over the mouth, up the axis. */
  readonly road: readonly GridPoint[];
}

/** A village: a small cluster of houses on a secondary road. */
export interface Village {
  readonly name: string;
  readonly centre: GridPoint;
  /** Radius of the built-up area in cells. */
  readonly radius: number;
}

export interface RiverbendLayout {
  /** Row of the valley axis at a column. */
  axisRow(col: number): number;
  /** Row of the river centreline at a column. */
  riverRow(col: number): number;
  /** Water level (m a.s.l.) at a column: falls steadily from west to east. */
  riverLevel(col: number): number;
  /** Half-width of the flat valley floor (m) on one side of the axis. */
  floorHalfWidth(col: number, side: Side): number;
  /** Height (m) the hills rise above the valley floor on one side. */
  hillHeight(col: number, side: Side): number;
  /** Rise of the floodplain per metre away from the river (m/m). */
  floodplainGradient(col: number): number;
  /** Row of the primary road at a column. */
  primaryRow(col: number): number;
  /** River centreline, one vertex per column centre, west (upstream) to east. */
  readonly river: readonly GridPoint[];
  /** Primary road along the valley, west to east; junction vertices of the secondaries included. */
  readonly primaryRoad: readonly GridPoint[];
  readonly townCentre: GridPoint;
  readonly sideValleys: readonly SideValley[];
  readonly villages: readonly Village[];
  /** The oxbow lake: an arc of a cut-off meander south of the river, upstream of the town. */
  readonly oxbow: {
    readonly centre: GridPoint;
    readonly radius: number;
    readonly fromAngle: number;
    readonly toAngle: number;
  };
  /**
   * Where the nature reserve was designated (a ring, grid coordinates): around the oxbow marshes
   * and the wooded south slope, south of the main road. The reserve itself is the natural land
   * inside it (see protected.ts).
   */
  readonly reserveSearchArea: readonly GridPoint[];
}

/** Column of the town centre: the town sits in the northward bend of the river that names it. */
const TOWN_COL = 128;
/** Wavelength of the river meanders, in cells (2 km). */
const MEANDER_WAVELENGTH = 80;

/**
 * Lay out Riverbend for a seed.
 * @param seed The study-area seed.
 */
export function createLayout(seed: number): RiverbendLayout {
  const rng = createRandom(seed, 'layout');
  const noise = new GradientNoise2D(createRandom(seed, 'layout-noise'));
  const axisPhase = rng.range(0, 2 * Math.PI);
  const wiggle = (col: number, offset: number, wavelength: number, octaves = 3): number =>
    noise1D(noise, col / wavelength + offset, octaves);

  const axisRow = (col: number): number =>
    121 + 7 * Math.sin((2 * Math.PI * col * 0.7) / GRID_SIZE + axisPhase) + 3 * wiggle(col, 3.3, 70);
  // Phase chosen so the meander reaches furthest north at the town centre.
  const meanderPhase = -Math.PI / 2 - (2 * Math.PI * TOWN_COL) / MEANDER_WAVELENGTH;
  const meanderAmplitude = (col: number): number => 5.5 + 1.5 * wiggle(col, 7.1, 90);
  const riverRow = (col: number): number =>
    axisRow(col) +
    meanderAmplitude(col) * Math.sin((2 * Math.PI * col) / MEANDER_WAVELENGTH + meanderPhase) +
    1.2 * wiggle(col, 11.9, 18, 2);
  // 208 m at the west edge to 194 m at the east edge: a gradient of about 0.23 %.
  const riverLevel = (col: number): number => 208 - (14 * col) / GRID_SIZE;
  const floorHalfWidth = (col: number, side: Side): number => 640 + 170 * wiggle(col, side === -1 ? 21.4 : 33.8, 60);
  const hillHeight = (col: number, side: Side): number =>
    (side === -1 ? 250 : 215) + 55 * wiggle(col, side === -1 ? 41.2 : 52.6, 80);
  const floodplainGradient = (col: number): number => 0.0145 + 0.0055 * wiggle(col, 61.5, 40);
  const primaryRow = (col: number): number => axisRow(col) - 13.5 + 1.5 * wiggle(col, 71.3, 50);

  const river: GridPoint[] = [];
  for (let col = 0.5; col < GRID_SIZE; col += 1) river.push({ col, row: riverRow(col) });

  const townCentre: GridPoint = { col: TOWN_COL + 0.5, row: primaryRow(TOWN_COL + 0.5) };

  const floorEdge = (col: number, side: Side): GridPoint => ({
    col,
    row: axisRow(col) + (side * floorHalfWidth(col, side)) / 25,
  });

  /** A side-valley axis from the mouth to the map edge, meandering gently. */
  const sideAxis = (mouth: GridPoint, endCol: number, side: Side, purpose: string): GridPoint[] => {
    const local = createRandom(seed, purpose);
    const phase = local.range(0, 2 * Math.PI);
    const amplitude = local.range(2, 4);
    const endRow = side === -1 ? 0.5 : GRID_SIZE - 0.5;
    const points: GridPoint[] = [];
    const steps = Math.ceil(Math.abs(endRow - mouth.row) / 3);
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const bend = amplitude * Math.sin(t * Math.PI * 1.6 + phase) * Math.sin(t * Math.PI);
      points.push({ col: mouth.col + t * (endCol - mouth.col) + bend, row: mouth.row + t * (endRow - mouth.row) });
    }
    return points;
  };

  const primaryJunction = (col: number): GridPoint => ({ col, row: primaryRow(col) });

  const northWestMouth = floorEdge(52.5, -1);
  const northWestAxis = sideAxis(northWestMouth, 63, -1, 'valley-northwest');
  const southMouth = floorEdge(121.5, 1);
  const southAxis = sideAxis(southMouth, 108, 1, 'valley-south');
  const northEastMouth = floorEdge(189.5, -1);
  const northEastAxis = sideAxis(northEastMouth, 212, -1, 'valley-northeast');

  // The south road leaves the town centre, crosses the river by the bridge and enters its valley.
  const bridgeCol = TOWN_COL - 2.5;
  const southRoad: GridPoint[] = [
    townCentre,
    { col: bridgeCol + 1, row: riverRow(bridgeCol + 1) - 3 },
    { col: bridgeCol, row: riverRow(bridgeCol) + 3 },
    ...southAxis,
  ];

  const sideValleys: SideValley[] = [
    {
      name: 'Millbrook valley',
      side: -1,
      axis: northWestAxis,
      gradient: 0.06,
      road: [primaryJunction(52.5), ...northWestAxis],
    },
    { name: 'Oak valley', side: 1, axis: southAxis, gradient: 0.055, road: southRoad },
    {
      name: 'Eastfold valley',
      side: -1,
      axis: northEastAxis,
      gradient: 0.065,
      road: [primaryJunction(189.5), ...northEastAxis],
    },
  ];

  const primaryRoad: GridPoint[] = [];
  const junctionCols = [52.5, TOWN_COL + 0.5, 189.5];
  for (let col = 0.5; col < GRID_SIZE; col += 2) primaryRoad.push({ col, row: primaryRow(col) });
  primaryRoad.push({ col: GRID_SIZE - 0.5, row: primaryRow(GRID_SIZE - 0.5) });
  for (const col of junctionCols) {
    const at = primaryRoad.findIndex((p) => p.col >= col);
    if (primaryRoad[at]!.col !== col) primaryRoad.splice(at, 0, primaryJunction(col));
  }

  const pointAlong = (axis: readonly GridPoint[], cells: number, sideways: number): GridPoint => {
    let walked = 0;
    for (let i = 1; i < axis.length; i++) {
      const a = axis[i - 1]!;
      const b = axis[i]!;
      const segment = Math.hypot(b.col - a.col, b.row - a.row);
      if (walked + segment >= cells) {
        const t = (cells - walked) / segment;
        // Perpendicular offset so the village sits beside the road rather than on it.
        const nx = -(b.row - a.row) / segment;
        const ny = (b.col - a.col) / segment;
        return { col: a.col + t * (b.col - a.col) + nx * sideways, row: a.row + t * (b.row - a.row) + ny * sideways };
      }
      walked += segment;
    }
    return axis[axis.length - 1]!;
  };

  const villages: Village[] = [
    { name: 'Millbrook', centre: pointAlong(northWestAxis, 42, 1.5), radius: 8.5 },
    { name: 'Oakley', centre: pointAlong(southAxis, 38, -1.5), radius: 6.5 },
  ];

  const oxbowCol = 31;
  const oxbow = {
    centre: { col: oxbowCol, row: riverRow(oxbowCol) + 8 },
    radius: 5,
    fromAngle: -0.2 * Math.PI,
    toAngle: 1.15 * Math.PI,
  };

  // The reserve's search area: a star-shaped outline around the oxbow marshes and the wooded south slope,
  // kept south of the main road (the road is its northern limit).
  const reserveRng = createRandom(seed, 'reserve');
  const reserveCentre: GridPoint = { col: 38, row: riverRow(38) + 20 };
  const reserveSearchArea: GridPoint[] = [];
  const reserveVertices = 72;
  const harmonics = [1, 2, 3, 5].map((k) => ({
    k,
    amplitude: reserveRng.range(0.06, 0.14) / Math.sqrt(k),
    phase: reserveRng.range(0, 2 * Math.PI),
  }));
  for (let v = 0; v < reserveVertices; v++) {
    const angle = (2 * Math.PI * v) / reserveVertices;
    let radius = 30;
    for (const h of harmonics) radius *= 1 + h.amplitude * Math.sin(h.k * angle + h.phase);
    const dirCol = Math.cos(angle);
    const dirRow = -Math.sin(angle);
    // Shorten the ray where it would cross the road (minus a 3-cell verge) or leave the grid.
    let limit = 0;
    while (limit < radius) {
      const col = reserveCentre.col + dirCol * (limit + 0.25);
      const row = reserveCentre.row + dirRow * (limit + 0.25);
      if (row < primaryRow(col) + 3 || col < 1 || col > GRID_SIZE - 1 || row < 1 || row > GRID_SIZE - 1) break;
      limit += 0.25;
    }
    reserveSearchArea.push({ col: reserveCentre.col + dirCol * limit, row: reserveCentre.row + dirRow * limit });
  }

  return {
    axisRow,
    riverRow,
    riverLevel,
    floorHalfWidth,
    hillHeight,
    floodplainGradient,
    primaryRow,
    river,
    primaryRoad,
    townCentre,
    sideValleys,
    villages,
    oxbow,
    reserveSearchArea,
  };
}
