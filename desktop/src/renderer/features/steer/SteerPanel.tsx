/**
 * Steer the search: a new run of the open run's scenario, seeded with the layouts being compared,
 * that keeps the cells where they agree (or a rectangle of cells, polygons drawn on the map, or
 * nothing) in every layout, optionally within narrowed objective ranges (ObjectiveRanges.tsx).
 * The engine does the work (PlanApi.startSteeredRun, engine/src/api/steer.ts; the CLI's
 * `paretoplan run --seed-from --lock`).
 */
import { useState } from 'react';
import type { FrontView, SteerRunRequest, SteerStarted } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { NumberField } from '../../components/NumberField.js';
import { formatNumber } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import type { Cell } from '../map/cell-shapes.js';
import { LockPolygons } from './LockPolygons.js';
import { polygonLock } from './polygon-lock.js';
import { LockRectangle, type CellRect } from './LockRectangle.js';
import { frontRanges, ObjectiveRanges, rangeBounds } from './ObjectiveRanges.js';

type LockChoice = 'agreement' | 'rect' | 'polygon' | 'none';

export interface SteerPanelProps {
  front: FrontView;
  /** The layouts being compared: they seed the new run. */
  ids: number[];
  /** The run started: watch it (its generations for the progress bar). */
  onStarted: (started: SteerStarted, generations: number) => void;
}

const wholeNumber = (text: string, min: number): number | null => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min ? value : null;
};

export function SteerPanel({ front, ids, onStarted }: SteerPanelProps) {
  const [lock, setLock] = useState<LockChoice>(ids.length >= 2 ? 'agreement' : 'none');
  const [rect, setRect] = useState({ col: '0', row: '0', width: '10', height: '10' });
  const [polygons, setPolygons] = useState<Cell[][]>([]);
  const [generations, setGenerations] = useState(String(front.generations));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<SteerStarted | null>(null);
  const [initialRanges] = useState(() => frontRanges(front));
  const [ranges, setRanges] = useState(initialRanges);

  const generationCount = wholeNumber(generations, 1);
  const rectCells = {
    col: wholeNumber(rect.col, 0),
    row: wholeNumber(rect.row, 0),
    width: wholeNumber(rect.width, 1),
    height: wholeNumber(rect.height, 1),
  };
  const rectReady = Object.values(rectCells).every((v) => v !== null);
  const lockChoice = lock === 'agreement' && ids.length < 2 ? 'none' : lock;
  const objectiveBounds = rangeBounds(front, ranges, initialRanges);
  const ready =
    ids.length > 0 &&
    generationCount !== null &&
    (lockChoice !== 'rect' || rectReady) &&
    (lockChoice !== 'polygon' || polygons.length > 0) &&
    objectiveBounds !== null &&
    !busy;

  const start = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    const request: SteerRunRequest = {
      dir: front.dir,
      ids,
      lock:
        lockChoice === 'rect'
          ? {
              rect: {
                col: rectCells.col!,
                row: rectCells.row!,
                width: rectCells.width!,
                height: rectCells.height!,
              },
            }
          : lockChoice === 'polygon'
            ? polygonLock(front, polygons)
            : lockChoice,
      ...(objectiveBounds && objectiveBounds.length > 0 ? { objectiveBounds } : {}),
      generations: generationCount!,
    };
    try {
      const result = await api.startSteeredRun(request);
      setStarted(result);
      onStarted(result, generationCount!);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card steer-panel" aria-labelledby="steer-heading" data-testid="steer-panel">
      <div className="card-head">
        <h3 id="steer-heading">Steer the search</h3>
      </div>
      <p className="muted">
        {ids.length === 0
          ? 'Add layouts to the comparison to seed a new run with them.'
          : `A new run of this scenario starts from the ${ids.length === 1 ? 'layout' : `${ids.length} layouts`} you compare (${ids.map((id) => `#${id}`).join(', ')}), and keeps the locked cells in every layout.`}
      </p>
      <fieldset className="steer-lock">
        <legend>Lock</legend>
        <LockOption choice="agreement" current={lockChoice} onChoose={setLock} disabled={ids.length < 2}>
          the cells where these layouts agree{ids.length < 2 && ' (compare two or more)'}
        </LockOption>
        <LockOption choice="rect" current={lockChoice} onChoose={setLock}>
          a rectangle of cells (in their class where the layouts agree, else today&rsquo;s)
        </LockOption>
        {lockChoice === 'rect' && (
          <>
            <div className="steer-rect">
              {(['col', 'row', 'width', 'height'] as const).map((key) => (
                <label key={key}>
                  {key === 'col' ? 'from column' : key === 'row' ? 'row' : key}{' '}
                  <NumberField
                    label={`Rectangle ${key}`}
                    id={`steer-${key}`}
                    inputMode="numeric"
                    size={5}
                    value={rect[key]}
                    onChange={(text) => setRect((r) => ({ ...r, [key]: text }))}
                    error={rectCells[key] === null ? 'a whole number' : null}
                  />
                </label>
              ))}
              <span className="muted">
                of {front.grid.width} x {front.grid.height} cells; or drag on the map
              </span>
            </div>
            <LockRectangle
              front={front}
              rect={rectReady ? (rectCells as CellRect) : null}
              onRect={(drawn) =>
                setRect({
                  col: String(drawn.col),
                  row: String(drawn.row),
                  width: String(drawn.width),
                  height: String(drawn.height),
                })
              }
            />
          </>
        )}
        <LockOption choice="polygon" current={lockChoice} onChoose={setLock}>
          polygons drawn on the map (as the rectangle: their class where the layouts agree, else today&rsquo;s)
        </LockOption>
        {lockChoice === 'polygon' && <LockPolygons front={front} polygons={polygons} onPolygons={setPolygons} />}
        <LockOption choice="none" current={lockChoice} onChoose={setLock}>
          nothing (seed only)
        </LockOption>
      </fieldset>
      <ObjectiveRanges front={front} ranges={ranges} onChange={setRanges} />
      <div className="steer-actions">
        <label>
          Generations{' '}
          <NumberField
            label="Steered run generations"
            id="steer-generations"
            inputMode="numeric"
            size={5}
            value={generations}
            onChange={setGenerations}
            error={generationCount === null ? 'a whole number of at least 1' : null}
          />
        </label>
        <button type="button" className="primary" disabled={!ready} onClick={() => void start()}>
          {busy ? 'Starting…' : 'Start steered run'}
        </button>
      </div>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {started && (
        <p role="status" className="muted" data-testid="steer-started">
          Started a run seeded with {started.seeds} layout{started.seeds === 1 ? '' : 's'}
          {started.lockedCells > 0 &&
            `, ${formatNumber(started.lockedCells * front.cellAreaHa, 1)} ha (${started.lockedCells.toLocaleString('en-GB')} cells) locked`}
          : {started.dir}
        </p>
      )}
    </section>
  );
}

/** One choice of what to lock, as a radio button with its label. */
function LockOption(props: {
  choice: LockChoice;
  current: LockChoice;
  onChoose: (choice: LockChoice) => void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <label>
      <input
        type="radio"
        name="steer-lock"
        value={props.choice}
        checked={props.current === props.choice}
        disabled={props.disabled}
        onChange={() => props.onChoose(props.choice)}
      />{' '}
      {props.children}
    </label>
  );
}
