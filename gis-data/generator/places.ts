/**
 * Point features: the town centre, schools and bus stops. Each is placed at a target position
 * from the layout and snapped to a suitable cell (schools on residential land) or onto its road.
 */
import { CODE } from './classes.js';
import { GRID_SIZE, nearestOnPolyline, type GridPoint } from './grid.js';
import type { RiverbendLayout } from './layout.js';
import type { Road } from './roads.js';

export interface Place {
  readonly at: GridPoint;
  readonly properties: Readonly<Record<string, string>>;
}

/** Centre of the residential cell nearest to a target (searching outwards ring by ring). */
function nearestCellOf(codes: Uint8Array, code: number, target: GridPoint): GridPoint {
  const col0 = Math.floor(target.col);
  const row0 = Math.floor(target.row);
  let best: GridPoint | null = null;
  let bestDistance = Infinity;
  for (let radius = 0; radius < GRID_SIZE && best === null; radius++) {
    for (let row = row0 - radius; row <= row0 + radius; row++) {
      for (let col = col0 - radius; col <= col0 + radius; col++) {
        if (Math.max(Math.abs(row - row0), Math.abs(col - col0)) !== radius) continue;
        if (col < 1 || row < 1 || col >= GRID_SIZE - 1 || row >= GRID_SIZE - 1 || codes[row * GRID_SIZE + col] !== code)
          continue;
        const d = Math.hypot(col + 0.5 - target.col, row + 0.5 - target.row);
        if (d < bestDistance) {
          bestDistance = d;
          best = { col: col + 0.5, row: row + 0.5 };
        }
      }
    }
  }
  if (best === null) throw new Error(`No cell of class ${code} near (${target.col}, ${target.row}).`);
  return best;
}

/** The point of a polyline nearest to a target. */
function snapToLine(line: readonly GridPoint[], target: GridPoint): GridPoint {
  const { along } = nearestOnPolyline(target, line);
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const segment = Math.hypot(b.col - a.col, b.row - a.row);
    if (walked + segment >= along) {
      const t = segment === 0 ? 0 : (along - walked) / segment;
      return { col: a.col + t * (b.col - a.col), row: a.row + t * (b.row - a.row) };
    }
    walked += segment;
  }
  return line[line.length - 1]!;
}

/** The town centre. */
export function centres(layout: RiverbendLayout): Place[] {
  return [{ at: layout.townCentre, properties: { name: 'Riverbend town centre', kind: 'town-centre' } }];
}

/** Schools: three in town (north-west, north-east, south bank) and one in Millbrook. */
export function schools(layout: RiverbendLayout, codes: Uint8Array): Place[] {
  const c = layout.townCentre;
  const millbrook = layout.villages[0]!;
  const targets: { name: string; level: string; target: GridPoint }[] = [
    { name: 'Riverbend Primary School', level: 'primary', target: { col: c.col - 13, row: c.row - 6 } },
    { name: 'Riverbend High School', level: 'secondary', target: { col: c.col + 21, row: c.row - 8 } },
    {
      name: 'South Bank Primary School',
      level: 'primary',
      target: { col: c.col + 6, row: layout.riverRow(c.col + 6) + 9 },
    },
    { name: 'Millbrook Village School', level: 'primary', target: millbrook.centre },
  ];
  return targets.map(({ name, level, target }) => ({
    at: nearestCellOf(codes, CODE.residential, target),
    properties: { name, level },
  }));
}

/** Bus stops along the main road through town, at the junctions, over the bridge and in the villages. */
export function transitStops(layout: RiverbendLayout, roads: readonly Road[]): Place[] {
  const c = layout.townCentre;
  const primary = roads.find((r) => r.roadClass === 'primary')!.line;
  const secondaries = roads.filter((r) => r.roadClass === 'secondary');
  const stops: Place[] = [];
  const onPrimary: [number, string][] = [
    [52.5, 'Millbrook Turn'],
    [c.col - 54, 'West End'],
    [c.col - 36, 'Mill Lane'],
    [c.col - 18, 'Church Street'],
    [c.col, 'Market Square'],
    [c.col + 18, 'Riverside'],
    [c.col + 36, 'Eastgate'],
    [c.col + 50, 'Industrial Estate'],
    [189.5, 'Eastfold Turn'],
  ];
  for (const [col, name] of onPrimary)
    stops.push({ at: snapToLine(primary, { col, row: layout.primaryRow(col) }), properties: { name, mode: 'bus' } });
  const south = secondaries[1]!.line;
  stops.push({
    at: snapToLine(south, { col: c.col - 3, row: layout.riverRow(c.col - 3) + 8 }),
    properties: { name: 'South Bank', mode: 'bus' },
  });
  stops.push({ at: snapToLine(south, layout.villages[1]!.centre), properties: { name: 'Oakley', mode: 'bus' } });
  stops.push({
    at: snapToLine(secondaries[0]!.line, layout.villages[0]!.centre),
    properties: { name: 'Millbrook', mode: 'bus' },
  });
  return stops;
}
