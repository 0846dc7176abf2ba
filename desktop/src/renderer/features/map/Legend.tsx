import type { ClassInfo } from '../../../../../engine/src/api/contract.js';
import { UNCHANGED_COLOR } from '../../../../../engine/src/charts/map-colors.js';

/** The legend entry of unchanged cells on change-from-today maps (the report's grey). */
export const UNCHANGED_ENTRY = { label: 'Unchanged from today', color: UNCHANGED_COLOR } as const;

/** Class colours with names; `areas` (optional) adds hectares per class. */
export function ClassLegend({
  classes,
  title = 'Land use',
  present,
  extra = [],
}: {
  classes: readonly ClassInfo[];
  title?: string;
  present?: ReadonlySet<number>;
  /** Entries after the classes, e.g. the grey of unchanged cells. */
  extra?: readonly { label: string; color: string }[];
}) {
  return (
    <figure className="legend" aria-label={`${title} legend`}>
      <figcaption>{title}</figcaption>
      <ul>
        {classes.map((c, i) =>
          present && !present.has(i) ? null : (
            <li key={c.id}>
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              {c.name}
            </li>
          ),
        )}
        {extra.map((e) => (
          <li key={e.label}>
            <span className="swatch" style={{ background: e.color }} aria-hidden="true" />
            {e.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A continuous ramp with labels at both ends (and the middle). */
export function RampLegend({
  title,
  stops,
  low,
  mid,
  high,
}: {
  title: string;
  stops: readonly string[];
  low: string;
  mid?: string;
  high: string;
}) {
  return (
    <figure className="legend" aria-label={`${title} legend`}>
      <figcaption>{title}</figcaption>
      <div
        className="ramp"
        style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }}
        aria-hidden="true"
      />
      <div className="ramp-labels">
        <span>{low}</span>
        {mid && <span>{mid}</span>}
        <span>{high}</span>
      </div>
    </figure>
  );
}
