import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { formatAuto } from '../../format.js';
import { solutionRole } from './front-model.js';

/**
 * Clusters of similar layouts, largest first, each with its medoid: the few layouts to look at
 * first. "Show group" narrows the chart, the agreement map and the table to one cluster.
 */
export function Representatives({
  front,
  selected,
  onSelect,
  groupIndex,
  onGroup,
}: {
  front: FrontView;
  selected: number | null;
  onSelect: (id: number) => void;
  groupIndex: number | null;
  onGroup: (index: number | null) => void;
}) {
  if (front.representatives.length === 0) return null;
  return (
    <section className="card" aria-labelledby="representatives-heading">
      <div className="card-head">
        <h3 id="representatives-heading">Representative layouts</h3>
        <span className="muted">
          Groups of similar maps (k-medoids on the cells that differ); each is shown by its medoid, the layout closest
          to the rest of its group.
        </span>
      </div>
      <div className="table-scroll">
        <table className="dense representatives" aria-label="Representative layouts">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Medoid</th>
              <th scope="col" className="num">
                Layouts
              </th>
              <th scope="col" className="num">
                Cells differing from the medoid <span className="muted">mean</span>
              </th>
              {front.objectives.map((o) => (
                <th key={o.id} scope="col" className="num">
                  {o.label} <span className="muted">{o.unit}</span>
                </th>
              ))}
              <th scope="col">View</th>
            </tr>
          </thead>
          <tbody>
            {front.representatives.map((cluster, index) => {
              const medoid = front.solutions[cluster.medoid]!;
              const name = `R${index + 1}`;
              const shown = groupIndex === index;
              return (
                <tr key={cluster.medoid} className={cluster.medoid === selected ? 'selected' : ''}>
                  <th scope="row">{name}</th>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onSelect(cluster.medoid)}
                      aria-label={`Select the medoid of group ${name} (layout #${cluster.medoid})`}
                    >
                      #{cluster.medoid}
                    </button>{' '}
                    <span className="muted">{solutionRole(front, cluster.medoid)}</span>
                  </td>
                  <td className="num">{cluster.members.length}</td>
                  <td className="num">{(cluster.meanDifference * 100).toFixed(1)} %</td>
                  {medoid.objectives.map((v, j) => (
                    <td key={j} className="num">
                      {formatAuto(v)}
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={shown}
                      onClick={() => {
                        onGroup(shown ? null : index);
                        if (!shown) onSelect(cluster.medoid);
                      }}
                    >
                      {shown ? 'Show all' : 'Show group'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
