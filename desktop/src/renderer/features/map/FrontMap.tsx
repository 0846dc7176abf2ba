/**
 * The explorer's map, linked to the chart: the selected layout, its change from today, the
 * agreement of the filtered layouts (how often each cell gets its most frequent class, or one
 * class), or one objective's contribution per cell.
 */
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AgreementMapView, ContributionMapView, FrontView } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { float32View } from '../../api/bytes.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import { useLayouts } from '../../state/layouts.js';
import { ClassLegend, RampLegend, UNCHANGED_ENTRY } from './Legend.js';
import { MapCanvas } from './MapCanvas.js';
import { useClassPalettes } from './use-class-palettes.js';
import { changedBox, type CellBox } from './view.js';
import {
  AGREEMENT_RAMP_STOPS,
  DIVERGING_RAMP_STOPS,
  colorRamp,
  paintAgreement,
  paintChange,
  paintClasses,
  paintRamp,
  scaleDiverging,
} from './render.js';

export type MapMode = 'layout' | 'change' | 'agreement' | 'contribution';

export interface FrontMapProps {
  front: FrontView;
  current: Uint8Array;
  selected: number | null;
  /** The layouts passing the filters (the agreement map's set). */
  filtered: readonly number[];
}

const agreementRamp = colorRamp(AGREEMENT_RAMP_STOPS);
const divergingRamp = colorRamp(DIVERGING_RAMP_STOPS);

export function FrontMap({ front, current, selected, filtered }: FrontMapProps) {
  const [mode, setMode] = useState<MapMode>('layout');
  const [agreementClass, setAgreementClass] = useState<string>('');
  const [objective, setObjective] = useState(front.objectives[0]!.id);
  const [agreement, setAgreement] = useState<{
    view: AgreementMapView;
    mode: Uint8Array;
    frequency: Uint8Array;
    share: Uint8Array | null;
  } | null>(null);
  const [received, setReceived] = useState<{ view: ContributionMapView; values: Float32Array } | null>(null);
  // Only the map of the selected layout and objective: while another is computed (a second or
  // more on a large area), the last one would show under the new heading and unit.
  const contribution =
    received && received.view.id === selected && received.view.objective === objective ? received : null;
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const { maps, error: layoutError } = useLayouts(front.dir, selected === null ? [] : [selected]);
  const layout = maps[0] ?? null;
  const { palette, unchanged } = useClassPalettes(front.classes);
  const [fitTo, setFitTo] = useState<{ box: CellBox } | null>(null);
  const filteredKey = filtered.join(',');

  useEffect(() => {
    if (mode !== 'agreement' || filtered.length === 0) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .agreementMap(front.dir, [...filtered], agreementClass || undefined)
        .then((view) => {
          if (!live) return;
          setAgreement({
            view,
            mode: view.mode,
            frequency: view.frequency,
            share: view.classShare,
          });
          setError(null);
        })
        .catch((e: unknown) => live && setError(messageOf(e)))
        .finally(() => live && setLoading(false));
    }, 120); // brushing fires often: ask once it settles
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [mode, front.dir, filteredKey, agreementClass]);

  useEffect(() => {
    if (mode !== 'contribution' || selected === null) return;
    let live = true;
    setLoading(true);
    api
      .contributionMap(front.dir, selected, objective)
      .then((view) => {
        if (!live) return;
        setReceived({ view, values: float32View(view.values) });
        setError(null);
      })
      .catch((e: unknown) => live && setError(messageOf(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [mode, front.dir, selected, objective]);

  const { width, height } = front.grid;
  const pixels = useMemo(() => {
    const out = new Uint32Array(width * height);
    if (mode === 'layout' && layout) paintClasses(layout, palette, out);
    else if (mode === 'change' && layout) paintChange(current, layout, palette, unchanged, out);
    else if (mode === 'agreement' && agreement) {
      if (agreement.share) paintRamp(agreement.share, current, agreementRamp, out);
      else
        paintAgreement(
          agreement.mode,
          agreement.frequency,
          front.classes.map((c) => c.color),
          out,
        );
    } else if (mode === 'contribution' && contribution) {
      const scaled = new Uint8Array(width * height);
      scaleDiverging(contribution.values, scaled);
      paintRamp(scaled, current, divergingRamp, out);
    } else return null;
    return out;
  }, [mode, layout, agreement, contribution, palette, unchanged, current, width, height, front.classes]);
  // While the next layout loads, the last image stays (no blank frame between layouts).
  // Only another layout in the same view, and not for contribution maps: a map kept under a
  // contribution heading while another is computed (seconds for the first one of a large run)
  // would be misread.
  const lastPixels = useRef<{ mode: MapMode; pixels: Uint32Array } | null>(null);
  const waiting =
    pixels === null && selected !== null && (mode === 'layout' || mode === 'change') && !error && !layoutError;
  if (pixels) lastPixels.current = { mode, pixels };
  else if (!waiting) lastPixels.current = null;
  const shown = pixels ?? (lastPixels.current?.mode === mode ? lastPixels.current.pixels : null);
  const changes = useMemo(() => (layout ? changedBox(current, layout, width) : null), [current, layout, width]);
  const objectiveView = front.objectives.find((o) => o.id === objective);

  const classOf = (map: Uint8Array | null, i: number) =>
    map && map[i]! !== NO_CLASS ? (front.classes[map[i]!]?.name ?? '') : '';
  const describe = (i: number): string => {
    if (current[i] === NO_CLASS) return '';
    if (mode === 'agreement' && agreement) {
      const share = agreement.share ? agreement.share[i]! : agreement.frequency[i]!;
      const what = agreement.share
        ? front.classes.find((c) => c.id === agreementClass)?.name
        : classOf(agreement.mode, i);
      return `${what}: ${formatNumber((share / 255) * 100, 0)} % of ${agreement.view.ids.length} layouts`;
    }
    if (mode === 'contribution' && contribution)
      return `${formatAuto(contribution.values[i]!)} (today: ${classOf(current, i)})`;
    const now = classOf(layout, i);
    const today = classOf(current, i);
    return now === today ? now : `${now} (today: ${today})`;
  };

  const title =
    mode === 'agreement'
      ? `Agreement of ${filtered.length} layout${filtered.length === 1 ? '' : 's'}`
      : selected === null
        ? 'No layout selected'
        : mode === 'change'
          ? `Layout #${selected}: change from today`
          : mode === 'contribution'
            ? `Layout #${selected}: contribution to ${front.objectives.find((o) => o.id === objective)?.label.toLowerCase()}`
            : `Layout #${selected}`;

  const emptyText =
    mode === 'agreement' && filtered.length === 0
      ? 'No layout passes the filters: widen them to see agreement.'
      : selected === null && mode !== 'agreement'
        ? 'Select a layout on the chart or in the table.'
        : loading
          ? mode === 'contribution' && received === null
            ? // What the maps need is prepared once per run, in the background from when the run opens.
              'Computing… The first contribution map of a run waits until its study area is prepared (seconds on a large area).'
            : 'Computing…'
          : 'Loading…';

  return (
    <section className="card map-card" aria-labelledby="front-map-heading">
      <div className="card-head">
        <h3 id="front-map-heading">{title}</h3>
      </div>
      <div className="map-controls" role="group" aria-label="Map view">
        <div className="segmented" role="radiogroup" aria-label="What the map shows">
          {(
            [
              ['layout', 'Layout'],
              ['change', 'Change from today'],
              ['agreement', 'Agreement'],
              ['contribution', 'Contribution'],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={mode === value}
              className={mode === value ? 'on' : ''}
              onClick={() => setMode(value)}
            >
              {label}
            </button>
          ))}
        </div>
        {mode === 'agreement' && (
          <label>
            Class{' '}
            <select
              value={agreementClass}
              onChange={(e) => setAgreementClass(e.target.value)}
              aria-label="Agreement for class"
            >
              <option value="">Most frequent class</option>
              {front.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {mode === 'contribution' && (
          <label>
            Objective{' '}
            <select
              value={objective}
              onChange={(e) => setObjective(e.target.value)}
              aria-label="Contribution to objective"
            >
              {front.objectives.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorNotice error={error ?? layoutError} />
      <MapCanvas
        width={width}
        height={height}
        pixels={shown}
        georeference={front.grid.georeference}
        fitTo={fitTo}
        tools={
          (mode === 'layout' || mode === 'change') && (
            <button
              type="button"
              onClick={() => changes && setFitTo({ box: changes })}
              disabled={!changes}
              aria-label="Zoom to changes"
              title={changes ? 'Zoom to the cells that change from today' : 'This layout changes no cell'}
            >
              ◎
            </button>
          )
        }
        label={`Map: ${title}`}
        emptyText={emptyText}
        describeCell={describe}
        testId="front-map"
      />
      <div className="legend-row">
        {(mode === 'layout' || mode === 'change') && (
          <ClassLegend
            classes={front.classes}
            title={mode === 'change' ? 'New class where changed' : 'Land use'}
            extra={mode === 'change' ? [UNCHANGED_ENTRY] : []}
          />
        )}
        {mode === 'agreement' && agreement?.share && (
          <RampLegend
            title={`Share of layouts giving ${front.classes.find((c) => c.id === agreementClass)?.name ?? ''}`}
            stops={AGREEMENT_RAMP_STOPS}
            low="0 %"
            mid="50 %"
            high="100 %"
          />
        )}
        {mode === 'agreement' && agreement && !agreement.share && (
          <>
            <ClassLegend classes={front.classes} title="Most frequent class" />
            <p className="muted legend-note">Paler cells: fewer of the layouts agree. Fixed cells always agree.</p>
          </>
        )}
        {mode === 'contribution' && contribution && (
          <RampLegend
            title={`Contribution per cell, ${objectiveView?.unit ?? ''} (total ${formatAuto(contribution.view.total)} ${objectiveView?.unit ?? ''})`}
            stops={DIVERGING_RAMP_STOPS}
            low={formatAuto(-Math.max(Math.abs(contribution.view.min), Math.abs(contribution.view.max)))}
            mid="0"
            high={formatAuto(Math.max(Math.abs(contribution.view.min), Math.abs(contribution.view.max)))}
          />
        )}
      </div>
    </section>
  );
}
