/** Threshold filters on every objective (the chart's brushes set them too), with the count that passes. */
import { useEffect, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { NumberField } from '../../components/NumberField.js';
import { thresholdProblem, withThreshold, type Filters, type Threshold } from './front-model.js';

export function FiltersCard({
  front,
  filters,
  onFilters,
  matching,
  groupIndex,
}: {
  front: FrontView;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  /** How many layouts pass the filters (and the group shown). */
  matching: number;
  groupIndex: number | null;
}) {
  return (
    <section className="card" aria-labelledby="filters-heading">
      <div className="card-head">
        <h3 id="filters-heading">
          Filters{' '}
          <span className="muted" role="status" data-testid="filter-count">
            {matching} of {front.solutions.length} layouts match
            {groupIndex !== null && ` (group R${groupIndex + 1} only)`}
          </span>
        </h3>
        <button
          type="button"
          className="link"
          onClick={() => onFilters({})}
          disabled={Object.keys(filters).length === 0}
        >
          Clear filters
        </button>
      </div>
      <div className="filters">
        {front.objectives.map((o, j) => (
          <ThresholdInputs
            key={o.id}
            id={`threshold-${j}`}
            label={o.label}
            unit={o.unit}
            direction={o.direction}
            value={filters[j] ?? { min: null, max: null }}
            onChange={(t) => onFilters(withThreshold(filters, j, t))}
          />
        ))}
      </div>
    </section>
  );
}

const parse = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));
const show = (v: number | null) => (v === null ? '' : String(Number(v.toPrecision(6))));

function ThresholdInputs({
  id,
  label,
  unit,
  direction,
  value,
  onChange,
}: {
  id: string;
  label: string;
  unit: string;
  direction: string;
  value: Threshold;
  onChange: (t: Threshold) => void;
}) {
  const problem = thresholdProblem(value);
  return (
    <fieldset className="threshold">
      <legend>
        {label}{' '}
        <span className="muted">
          {unit} {direction === 'maximize' ? '↑' : '↓'}
        </span>
      </legend>
      {(['min', 'max'] as const).map((bound) => {
        const side = bound === 'min' ? 'at least' : 'at most';
        return (
          <label key={bound}>
            {side}
            <BoundField
              id={`${id}-${bound}`}
              label={`${label}: ${side}`}
              value={value[bound]}
              onChange={(v) => onChange({ ...value, [bound]: v })}
            />
          </label>
        );
      })}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}

/** One bound as typed text (a half-typed number is kept), following the value when a brush sets it. */
function BoundField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  const [text, setText] = useState(show(value));
  useEffect(() => {
    setText((typed) => (parse(typed) === value ? typed : show(value)));
  }, [value]);
  const notNumber = text.trim() !== '' && parse(text) === null;
  return (
    <NumberField
      id={id}
      label={label}
      value={text}
      size={9}
      error={notNumber ? 'Enter a number, or leave it empty.' : null}
      onChange={(t) => {
        setText(t);
        if (t.trim() === '' || parse(t) !== null) onChange(parse(t));
      }}
    />
  );
}
