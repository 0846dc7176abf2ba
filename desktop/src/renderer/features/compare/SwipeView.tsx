/**
 * Two layouts in one map: layout B revealed over layout A up to a slider (left of the line B,
 * right of it A). Used for layouts of one run, a painted plan and layouts picked across runs.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ClassInfo } from '../../../../../engine/src/api/contract.js';
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import type { MapView } from '../map/view.js';

/** A layout the swipe can show: its name and class map (null while loading). */
export interface SwipeLayout {
  name: string;
  map: Uint8Array | null;
}

export interface SwipeViewProps {
  classes: ClassInfo[];
  width: number;
  height: number;
  layouts: SwipeLayout[];
  /** The layout first shown as B (default the second). */
  initialB?: number;
}

export function SwipeView({ classes, width, height, layouts, initialB = 1 }: SwipeViewProps) {
  const headingId = useId();
  const [a, setA] = useState(0);
  const [b, setB] = useState(initialB);
  const [split, setSplit] = useState(Math.round(width / 2));
  const [view, setView] = useState<MapView | null>(null);
  const { palette } = useClassPalettes(classes);
  const slotA = Math.min(a, layouts.length - 1);
  const slotB = Math.min(b, layouts.length - 1);
  const mapA = layouts[slotA]?.map ?? null;
  const mapB = layouts[slotB]?.map ?? null;
  const pixels = useMemo(() => {
    if (!mapA || !mapB) return null;
    const out = new Uint32Array(width * height);
    for (let r = 0; r < height; r++) {
      const row = r * width;
      for (let c = 0; c < width; c++) out[row + c] = palette[(c < split ? mapB : mapA)[row + c]!]!;
    }
    return out;
  }, [mapA, mapB, split, palette, width, height]);
  // The slider spans the columns drawn on screen, so its thumb sits on the line.
  const boxRef = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  useEffect(() => {
    const box = boxRef.current!;
    const observer = new ResizeObserver(() => setBoxWidth(box.clientWidth));
    observer.observe(box);
    setBoxWidth(box.clientWidth);
    return () => observer.disconnect();
  }, []);
  const left = view ? Math.max(0, view.x) : 0;
  const right = view ? Math.min(boxWidth, view.x + width * view.scale) : boxWidth;
  const firstColumn = view ? Math.max(0, Math.floor((left - view.x) / view.scale)) : 0;
  const lastColumn = view ? Math.min(width, Math.ceil((right - view.x) / view.scale)) : width;
  const lineX = view ? view.x + split * view.scale : null;
  const choice = (label: string, value: number, onChange: (v: number) => void) => (
    <label>
      {label}{' '}
      <select aria-label={`Swipe layout ${label}`} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {layouts.map((layout, k) => (
          <option key={k} value={k}>
            {layout.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card swipe-card" aria-labelledby={headingId} data-testid="swipe-view">
      <div className="card-head">
        <h3 id={headingId}>Swipe between two layouts</h3>
        <div className="button-row">
          {choice('A', slotA, setA)}
          {choice('B', slotB, setB)}
        </div>
      </div>
      <div className="swipe" ref={boxRef}>
        {lineX !== null && pixels && <div className="swipe-line" style={{ left: lineX + 1 }} aria-hidden="true" />}
        <MapCanvas
          width={width}
          height={height}
          pixels={pixels}
          label={`Swipe: ${layouts[slotB]?.name ?? ''} left of the line, ${layouts[slotA]?.name ?? ''} right of it`}
          view={view}
          onViewChange={setView}
          emptyText="Loading…"
          testId="swipe-map"
          describeCell={(i) => {
            const map = i % width < split ? mapB : mapA;
            const c = map?.[i];
            return c === undefined || c === NO_CLASS ? '' : `${i % width < split ? 'B' : 'A'}: ${classes[c]!.name}`;
          }}
        />
      </div>
      <label className="swipe-slider" style={{ marginLeft: left, width: Math.max(40, right - left) }}>
        <span className="sr-only">Swipe position (columns of B shown from the left)</span>
        <input
          type="range"
          min={firstColumn}
          max={lastColumn}
          value={Math.min(lastColumn, Math.max(firstColumn, split))}
          aria-label="Swipe position"
          onChange={(e) => setSplit(Number(e.target.value))}
        />
      </label>
      <p className="muted">Left of the line: B; right of it: A. Drag the slider to reveal more of B.</p>
    </section>
  );
}
