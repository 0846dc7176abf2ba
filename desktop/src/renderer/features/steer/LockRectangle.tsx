/**
 * Draw the rectangle of cells to lock on today's map: drag from one corner to the other. The map
 * is the study area at one pixel per cell, scaled to fit; the rectangle is in grid cells (columns
 * and rows from the top-left), as the engine takes it (SteerRunRequest.lock.rect).
 */
import { useEffect, useRef, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { cellUnderPointer } from '../map/cell-shapes.js';
import { paintClasses } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';

export interface CellRect {
  col: number;
  row: number;
  width: number;
  height: number;
}

export interface LockRectangleProps {
  front: FrontView;
  /** The rectangle as the form holds it (null while a field is not a whole number). */
  rect: CellRect | null;
  onRect: (rect: CellRect) => void;
}

/** The largest side of the drawn map, in CSS pixels. */
const MAP_SIDE = 320;

export function LockRectangle({ front, rect, onRect }: LockRectangleProps) {
  const { width, height } = front.grid;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const start = useRef<{ col: number; row: number } | null>(null);
  const [drawing, setDrawing] = useState<CellRect | null>(null);
  const { palette } = useClassPalettes(front.classes);
  const today = front.current;
  const scale = Math.min(MAP_SIDE / width, MAP_SIDE / height);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const pixels = new Uint32Array(width * height);
    paintClasses(today, palette, pixels);
    context.putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer), width, height), 0, 0);
  }, [today, palette, width, height]);

  const cellOf = (event: React.PointerEvent<HTMLCanvasElement>) => cellUnderPointer(event, width, height);
  const spanning = (a: { col: number; row: number }, b: { col: number; row: number }): CellRect => ({
    col: Math.min(a.col, b.col),
    row: Math.min(a.row, b.row),
    width: Math.abs(a.col - b.col) + 1,
    height: Math.abs(a.row - b.row) + 1,
  });

  const shown = drawing ?? rect;
  return (
    <div className="steer-draw" style={{ width: width * scale, height: height * scale }}>
      <canvas
        ref={canvasRef}
        width={width}
        height={height}
        aria-label="Today's land use: drag to draw the rectangle to lock"
        data-testid="steer-draw"
        style={{ width: width * scale, height: height * scale }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          start.current = cellOf(event);
          setDrawing(spanning(start.current, start.current));
        }}
        onPointerMove={(event) => {
          if (start.current) setDrawing(spanning(start.current, cellOf(event)));
        }}
        onPointerUp={(event) => {
          if (!start.current) return;
          onRect(spanning(start.current, cellOf(event)));
          start.current = null;
          setDrawing(null);
        }}
      />
      {shown && shown.col + shown.width <= width && shown.row + shown.height <= height && (
        <div
          className="steer-draw-rect"
          aria-hidden="true"
          style={{
            left: shown.col * scale,
            top: shown.row * scale,
            width: shown.width * scale,
            height: shown.height * scale,
          }}
        />
      )}
    </div>
  );
}
