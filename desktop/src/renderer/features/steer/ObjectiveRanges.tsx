/**
 * The Steer card's objective ranges: per objective a min and a max field, prefilled with the
 * range the front spans. A side the planner changes becomes a bound of the new run (a hard
 * constraint: every layout it reports lies within it; the CLI's `--min`/`--max`,
 * landuse/model/objective-bounds.ts); a side left at the front's value, or emptied, stays open,
 * so the new run may still reach beyond the front where no bound is set.
 */
import type { FrontView, SteerRunRequest } from '../../../../../engine/src/api/contract.js';
import { NumberField } from '../../components/NumberField.js';

/** The min and max fields' text per objective (objective order). */
export type RangeTexts = { min: string; max: string }[];

/** A number as the fields show it: six significant digits, no grouping (so it reads back). */
const fieldText = (value: number) => String(Number(value.toPrecision(6)));

/** The front's range per objective, as field text. */
export function frontRanges(front: FrontView): RangeTexts {
  return front.objectives.map((_, m) => {
    const values = front.solutions.map((s) => s.objectives[m]!);
    return values.length === 0
      ? { min: '', max: '' }
      : { min: fieldText(Math.min(...values)), max: fieldText(Math.max(...values)) };
  });
}

/** A field's number: null when empty (an open side), NaN when not a number. */
function parse(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : NaN;
}

/** Per field, what is wrong with it (null: fine). */
function rangeErrors(ranges: RangeTexts): { min: string | null; max: string | null }[] {
  return ranges.map((r) => {
    const min = parse(r.min);
    const max = parse(r.max);
    return {
      min: Number.isNaN(min) ? 'a number, or empty' : null,
      max: Number.isNaN(max)
        ? 'a number, or empty'
        : min !== null && max !== null && max < min
          ? 'at least the min'
          : null,
    };
  });
}

/**
 * The bounds the fields ask for (sides changed from the front's range), or null while a field is
 * wrong.
 */
export function rangeBounds(
  front: FrontView,
  ranges: RangeTexts,
  initial: RangeTexts,
): SteerRunRequest['objectiveBounds'] | null {
  if (rangeErrors(ranges).some((e) => e.min || e.max)) return null;
  const bounds: NonNullable<SteerRunRequest['objectiveBounds']> = [];
  front.objectives.forEach((o, m) => {
    const side = (key: 'min' | 'max') => (ranges[m]![key].trim() === initial[m]![key] ? null : parse(ranges[m]![key]));
    const min = side('min');
    const max = side('max');
    if (min !== null || max !== null) bounds.push({ objective: o.id, min, max });
  });
  return bounds;
}

export function ObjectiveRanges(props: {
  front: FrontView;
  ranges: RangeTexts;
  onChange: (ranges: RangeTexts) => void;
}) {
  const { front, ranges, onChange } = props;
  const errors = rangeErrors(ranges);
  const set = (m: number, key: 'min' | 'max', text: string) =>
    onChange(ranges.map((r, k) => (k === m ? { ...r, [key]: text } : r)));
  return (
    <fieldset className="steer-ranges" data-testid="steer-ranges">
      <legend>Objective ranges</legend>
      <p className="muted">
        The front spans these ranges. Change a value to bound that side: every layout of the new run will lie within it.
        Sides left as they are stay open.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Objective</th>
            <th scope="col">min</th>
            <th scope="col">max</th>
          </tr>
        </thead>
        <tbody>
          {front.objectives.map((o, m) => (
            <tr key={o.id}>
              <th scope="row">
                {o.label}
                {o.unit && <span className="muted"> ({o.unit})</span>}
              </th>
              {(['min', 'max'] as const).map((key) => (
                <td key={key}>
                  <NumberField
                    label={`${key === 'min' ? 'Minimum' : 'Maximum'} ${o.label}`}
                    id={`steer-${key}-${o.id}`}
                    size={9}
                    placeholder="open"
                    value={ranges[m]?.[key] ?? ''}
                    onChange={(text) => set(m, key, text)}
                    error={errors[m]?.[key]}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
