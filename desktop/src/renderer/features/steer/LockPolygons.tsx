/**
 * Draw polygons of cells to lock on today's map: click the corners, double-click (or "Close
 * shape") to finish one; several shapes lock their union ("Remove last shape", "Clear"). The cells inside (map/cell-shapes.ts,
 * as the Paint tab's polygon fills them) are tinted, and counted in cells and hectares of the
 * study area. The steered run gets them as a mask (SteerRunRequest.lock.mask).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { formatNumber } from '../../format.js';
import { cellUnderPointer, polygonsMask, type Cell } from '../map/cell-shapes.js';
import { paintClasses } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import { lockedCells } from './polygon-lock.js';

export interface LockPolygonsProps {
  front: FrontView;
  /** The finished shapes (three corners or more each). */
  polygons: Cell[][];
  onPolygons: (polygons: Cell[][]) => void;
}

/** The largest side of the drawn map, in CSS pixels. */
const MAP_SIDE = 360;
/** Locked cells: their class blended with this colour. */
const LOCK_TINT: readonly [number, number, number] = [20, 60, 160];
const LOCK_ALPHA = 0.5;

export function LockPolygons({ front, polygons, onPolygons }: LockPolygonsProps) {
  const { width, height } = front.grid;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [corners, setCorners] = useState<Cell[]>([]);
  const { palette } = useClassPalettes(front.classes);
  const today = front.current;
  const mask = useMemo(() => polygonsMask(width, height, polygons), [width, height, polygons]);
  const cells = useMemo(() => lockedCells(mask, today), [mask, today]);
  const scale = Math.min(MAP_SIDE / width, MAP_SIDE / height);

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const pixels = new Uint32Array(width * height);
    paintClasses(today, palette, pixels);
    const bytes = new Uint8ClampedArray(pixels.buffer);
    const [r, g, b] = LOCK_TINT;
    for (let i = 0; i < mask.length; i++) {
      if (!mask[i] || today[i] === NO_CLASS) continue;
      const p = i * 4;
      bytes[p] = bytes[p]! * (1 - LOCK_ALPHA) + r * LOCK_ALPHA;
      bytes[p + 1] = bytes[p + 1]! * (1 - LOCK_ALPHA) + g * LOCK_ALPHA;
      bytes[p + 2] = bytes[p + 2]! * (1 - LOCK_ALPHA) + b * LOCK_ALPHA;
    }
    context.putImageData(new ImageData(bytes, width, height), 0, 0);
  }, [today, palette, mask, width, height]);

  /** Finish the shape being drawn (a double-click's own clicks repeat its last corner: dropped). */
  const close = (shape: Cell[]) => {
    const distinct = shape.filter((c, k) => k === 0 || c.col !== shape[k - 1]!.col || c.row !== shape[k - 1]!.row);
    if (distinct.length >= 3) onPolygons([...polygons, distinct]);
    setCorners([]);
  };
  // Cell centres in the overlay's units (one unit per cell).
  const points = (shape: Cell[]) => shape.map((c) => `${c.col + 0.5},${c.row + 0.5}`).join(' ');

  return (
    <div className="steer-polygons">
      <div className="steer-draw" style={{ width: width * scale, height: height * scale }}>
        <canvas
          ref={canvasRef}
          width={width}
          height={height}
          aria-label="Today's land use: click the corners of a shape to lock, double-click to close it"
          data-testid="steer-polygon-map"
          style={{ width: width * scale, height: height * scale }}
          onClick={(event) => {
            // Read before the update: React clears currentTarget once the handler returns.
            const corner = cellUnderPointer(event, width, height);
            setCorners((list) => [...list, corner]);
          }}
          onDoubleClick={() => close(corners)}
        />
        <svg
          className="steer-draw-shapes"
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          {polygons.map((shape, k) => (
            <polygon key={k} points={points(shape)} className="closed" />
          ))}
          {corners.length > 0 && <polyline points={points(corners)} className="open" />}
          {corners.map((c, k) => (
            <circle key={k} cx={c.col + 0.5} cy={c.row + 0.5} r={Math.max(width, height) / 150} />
          ))}
        </svg>
      </div>
      <div className="steer-polygon-actions">
        <button type="button" disabled={corners.length < 3} onClick={() => close(corners)}>
          Close shape
        </button>
        <button type="button" disabled={polygons.length === 0} onClick={() => onPolygons(polygons.slice(0, -1))}>
          Remove last shape
        </button>
        <button
          type="button"
          disabled={polygons.length === 0 && corners.length === 0}
          onClick={() => {
            setCorners([]);
            onPolygons([]);
          }}
        >
          Clear
        </button>
        <span role="status" data-testid="steer-polygon-locked">
          {polygons.length === 0
            ? corners.length > 0
              ? `${corners.length} corner${corners.length === 1 ? '' : 's'}: double-click to close the shape.`
              : 'Click the corners of a shape on the map, double-click to close it.'
            : `${polygons.length} shape${polygons.length === 1 ? '' : 's'}: ${cells.toLocaleString('en-GB')} cells, ${formatNumber(cells * front.cellAreaHa, 1)} ha locked.`}
        </span>
      </div>
    </div>
  );
}
