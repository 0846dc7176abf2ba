/** The layouts passing the filters: select a row to map it, tick up to four to compare, sort by any column. */
import { Fragment, useMemo, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { formatAuto } from '../../format.js';
import { highlightOf, sortedIds, type SortKey, type TableSort } from './front-model.js';

export function SolutionTable({
  front,
  ids,
  selected,
  onSelect,
  compare,
  onToggleCompare,
}: {
  front: FrontView;
  ids: number[];
  selected: number | null;
  onSelect: (id: number) => void;
  compare: number[];
  onToggleCompare: (id: number) => void;
}) {
  const [sort, setSort] = useState<TableSort | null>(null);
  const rows = useMemo(() => sortedIds(front, ids, sort), [front, ids, sort]);
  // A first click sorts best first (an objective's own direction), a second reverses.
  const sortBy = (key: SortKey) =>
    setSort((now) => {
      if (now?.key === key) return { key, descending: !now.descending };
      const maximize = typeof key === 'number' && front.objectives[key]?.direction === 'maximize';
      return { key, descending: maximize };
    });
  const header = (key: SortKey, label: React.ReactNode, className?: string) => {
    const on = sort?.key === key;
    return (
      <th scope="col" className={className} aria-sort={on ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort" onClick={() => sortBy(key)}>
          {label}
          <span aria-hidden="true" className="sort-arrow">
            {on ? (sort.descending ? '▼' : '▲') : ''}
          </span>
        </button>
      </th>
    );
  };
  return (
    <section className="card" aria-labelledby="table-heading">
      <div className="card-head">
        <h3 id="table-heading">Layouts</h3>
        <span className="muted">Select a row to map it; tick up to four to compare; click a heading to sort.</span>
      </div>
      {ids.length === 0 ? (
        <p className="muted">No layout passes the filters.</p>
      ) : (
        <div className="table-scroll">
          <table className="dense solutions" aria-label="Layouts passing the filters">
            <thead>
              <tr>
                {header('id', 'Layout')}
                {header('role', 'Role')}
                {front.objectives.map((o, j) => (
                  <Fragment key={o.id}>
                    {header(
                      j,
                      <>
                        {o.label} <span className="muted">{o.unit}</span>
                      </>,
                      'num',
                    )}
                  </Fragment>
                ))}
                <th scope="col">Compare</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((id) => {
                const s = front.solutions[id]!;
                const isSelected = id === selected;
                return (
                  <tr key={id} className={isSelected ? 'selected' : ''} aria-selected={isSelected}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => onSelect(id)}
                        aria-label={`Select layout #${id}`}
                        aria-pressed={isSelected}
                      >
                        #{id}
                      </button>
                    </td>
                    <td>
                      <RoleCell front={front} id={id} />
                    </td>
                    {s.objectives.map((v, j) => (
                      <td key={j} className="num">
                        {formatAuto(v)}
                      </td>
                    ))}
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare layout #${id}`}
                        checked={compare.includes(id)}
                        disabled={!compare.includes(id) && compare.length >= 4}
                        onChange={() => onToggleCompare(id)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The report's letter in its colour, and the role: `A Compromise`; empty for other layouts. */
function RoleCell({ front, id }: { front: FrontView; id: number }) {
  const highlight = highlightOf(front, id);
  if (!highlight) return null;
  return (
    <>
      <span className="mark-letter" style={{ color: highlight.color }} data-testid="role-letter">
        {highlight.letter}
      </span>{' '}
      {highlight.label}
    </>
  );
}
