/**
 * A grid drawn on a canvas: the painted pixels (one per cell, see render.ts) are put into an
 * offscreen canvas once, then drawn scaled without smoothing, so zoom and pan only redraw one
 * image. Wheel or +/- zooms (the wheel does not scroll the page), dragging or the arrow keys pan,
 * 0 fits the map. With a georeference: north arrow, scale bar and the pointer's map coordinates.
 * A new image replaces the old one in one frame (no blank map between layouts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MapGeoreference } from '../../../../../engine/src/api/contract.js';
import { MapDecorations } from './MapDecorations.js';
import { cellAt, fitBox, fitView, mapPointAt, panBy, zoomAt, type CellBox, type MapView } from './view.js';

export interface MapCanvasProps {
  width: number;
  height: number;
  /** One RGBA word per cell, row-major; null draws the empty state. */
  pixels: Uint32Array | null;
  /** Accessible name, e.g. "Map of layout #12". */
  label: string;
  /** Controlled view (side-by-side maps share one); uncontrolled when absent. */
  view?: MapView | null;
  onViewChange?: (view: MapView) => void;
  /** Describes the cell under the pointer, e.g. its class. */
  describeCell?: (index: number) => string;
  emptyText?: string;
  testId?: string;
  /** Where the grid lies: adds the north arrow, the scale bar and coordinates. */
  georeference?: MapGeoreference;
  /** Zoom to a block of cells; a new object zooms again (e.g. "zoom to changes"). */
  fitTo?: { box: CellBox } | null;
  /** Extra buttons for the map's toolbar. */
  tools?: React.ReactNode;
  /**
   * Painting (features/paint): while set, the pointer reports the cells under it (null off the
   * grid) instead of panning; the toolbar's buttons and the keys still zoom and pan.
   */
  onCellPointer?: (kind: 'down' | 'move' | 'up' | 'double', cell: { col: number; row: number } | null) => void;
}

export function MapCanvas(props: MapCanvasProps) {
  const { width, height, pixels, label, describeCell } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLCanvasElement | null>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [ownView, setOwnView] = useState<MapView | null>(null);
  const [hover, setHover] = useState('');
  const [pointer, setPointer] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const view = props.view !== undefined ? props.view : ownView;
  const setView = useCallback(
    (next: MapView) => {
      if (props.onViewChange) props.onViewChange(next);
      if (props.view === undefined) setOwnView(next);
    },
    [props],
  );

  // Follow the container's size.
  useEffect(() => {
    const box = boxRef.current!;
    const observer = new ResizeObserver(() => setSize({ w: box.clientWidth, h: box.clientHeight }));
    observer.observe(box);
    setSize({ w: box.clientWidth, h: box.clientHeight });
    return () => observer.disconnect();
  }, []);

  // A new grid: fit it again (uncontrolled maps; a shared view is reset by its owner).
  useEffect(() => {
    setOwnView(null);
  }, [width, height]);

  // Fit the map when it first has a size (or the grid changes).
  useEffect(() => {
    if (size.w > 0 && size.h > 0 && !view) setView(fitView(width, height, size.w, size.h));
  }, [size.w, size.h, width, height, view, setView]);

  // Zoom to a requested block of cells.
  const { fitTo } = props;
  useEffect(() => {
    if (fitTo && size.w > 0 && size.h > 0) setView(fitBox(fitTo.box, size.w, size.h));
    // Only a new request zooms, not a resize.
  }, [fitTo]);

  // The wheel zooms the map and not the page: a native listener, since React's wheel listener is
  // passive and cannot stop the page from scrolling.
  const wheelRef = useRef<(event: WheelEvent) => void>(() => undefined);
  wheelRef.current = (event: WheelEvent) => {
    event.preventDefault();
    const rect = canvasRef.current!.getBoundingClientRect();
    zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX - rect.left, event.clientY - rect.top);
  };
  useEffect(() => {
    const canvas = canvasRef.current!;
    const onWheel = (event: WheelEvent) => wheelRef.current(event);
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  // Pixels -> offscreen image, once per paint. A fresh canvas each time: the one on screen keeps
  // the old image until the new one is drawn in the same frame.
  useEffect(() => {
    if (!pixels) {
      imageRef.current = null;
      return;
    }
    const image = document.createElement('canvas');
    image.width = width;
    image.height = height;
    const ctx = image.getContext('2d')!;
    const data = new ImageData(
      new Uint8ClampedArray(pixels.buffer as ArrayBuffer, pixels.byteOffset, width * height * 4),
      width,
      height,
    );
    ctx.putImageData(data, 0, 0);
    imageRef.current = image;
  }, [pixels, width, height]);

  // Draw.
  useEffect(() => {
    const canvas = canvasRef.current!;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(size.w * ratio));
    canvas.height = Math.max(1, Math.round(size.h * ratio));
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    if (!imageRef.current || !view) return;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageRef.current, view.x, view.y, width * view.scale, height * view.scale);
    ctx.strokeStyle = 'rgba(40, 46, 56, 0.35)';
    ctx.lineWidth = 1;
    ctx.strokeRect(
      Math.round(view.x) + 0.5,
      Math.round(view.y) + 0.5,
      Math.round(width * view.scale),
      Math.round(height * view.scale),
    );
  }, [size, view, pixels, width, height]);

  const pointerCell = (event: React.PointerEvent | React.MouseEvent) => {
    if (!view) return null;
    const rect = canvasRef.current!.getBoundingClientRect();
    return cellAt(view, event.clientX - rect.left, event.clientY - rect.top, width, height);
  };

  const zoom = (factor: number, px = size.w / 2, py = size.h / 2) => view && setView(zoomAt(view, factor, px, py));
  const fit = () => setView(fitView(width, height, size.w, size.h));

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (!view) return;
    const step = 40;
    const actions: Record<string, () => void> = {
      '+': () => zoom(1.25),
      '=': () => zoom(1.25),
      '-': () => zoom(0.8),
      '0': fit,
      ArrowLeft: () => setView(panBy(view, step, 0)),
      ArrowRight: () => setView(panBy(view, -step, 0)),
      ArrowUp: () => setView(panBy(view, 0, step)),
      ArrowDown: () => setView(panBy(view, 0, -step)),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="map">
      <div className="map-toolbar" role="toolbar" aria-label={`${label}: zoom`}>
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom in" title="Zoom in (+)">
          +
        </button>
        <button type="button" onClick={() => zoom(0.8)} aria-label="Zoom out" title="Zoom out (−)">
          −
        </button>
        <button type="button" onClick={fit} aria-label="Fit map" title="Fit (0)">
          ⤢
        </button>
        {props.tools}
      </div>
      <div className="map-box" ref={boxRef}>
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={label}
          tabIndex={0}
          data-testid={props.testId}
          style={{ width: size.w, height: size.h }}
          onKeyDown={onKeyDown}
          onPointerDown={(event) => {
            canvasRef.current!.setPointerCapture(event.pointerId);
            if (props.onCellPointer) return props.onCellPointer('down', pointerCell(event));
            drag.current = { x: event.clientX, y: event.clientY };
          }}
          onPointerUp={(event) => {
            drag.current = null;
            props.onCellPointer?.('up', pointerCell(event));
          }}
          onDoubleClick={(event) => props.onCellPointer?.('double', pointerCell(event))}
          onPointerLeave={() => {
            setHover('');
            setPointer(null);
          }}
          onPointerMove={(event) => {
            props.onCellPointer?.('move', pointerCell(event));
            if (drag.current && view) {
              setView(panBy(view, event.clientX - drag.current.x, event.clientY - drag.current.y));
              drag.current = { x: event.clientX, y: event.clientY };
              return;
            }
            if (!view) return;
            const rect = canvasRef.current!.getBoundingClientRect();
            const [px, py] = [event.clientX - rect.left, event.clientY - rect.top];
            const cell = cellAt(view, px, py, width, height);
            if (props.georeference) setPointer(cell ? mapPointAt(view, px, py, props.georeference) : null);
            if (describeCell) setHover(cell ? describeCell(cell.row * width + cell.col) : '');
          }}
        />
        {!pixels && <p className="map-empty">{props.emptyText ?? 'Nothing to show yet.'}</p>}
        {hover && <p className="map-hover">{hover}</p>}
        {props.georeference && pixels && (
          <MapDecorations view={view} boxWidth={size.w} georeference={props.georeference} pointer={pointer} />
        )}
      </div>
    </div>
  );
}
