/**
 * Tables of scored states (the engine's LayoutEvaluation, docs/scoring.md): objectives side by side,
 * sub-indicators, demands met or missed, and rule violations with their areas. Shared by the Score
 * and Monitor views.
 */
import type { DemandCheck, LayoutEvaluation } from '../../../../../engine/src/api/contract.js';
import { formatAuto, formatNumber, formatSigned } from '../../format.js';

/** One scored state shown as a column: "Observed", "Plan", "This layout". */
export interface StateColumn {
  name: string;
  evaluation: LayoutEvaluation;
}

/** Objectives (higher is better), one column per state; with two or more, the difference of the first from the second. */
export function ObjectivesTable({ columns, testId }: { columns: StateColumn[]; testId?: string }) {
  const [first, second] = columns;
  if (!first) return null;
  return (
    <table className="dense" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Objective (higher is better)</th>
          {columns.map((c) => (
            <th key={c.name} scope="col" className="num">
              {c.name}
            </th>
          ))}
          {second && (
            <th scope="col" className="num">
              {first.name} − {second.name.toLowerCase()}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {first.evaluation.objectives.map((o, j) => {
          const delta = second ? o.value - second.evaluation.objectives[j]!.value : 0;
          return (
            <tr key={o.id}>
              <th scope="row">{o.label}</th>
              {columns.map((c) => (
                <td key={c.name} className="num">
                  {formatAuto(c.evaluation.objectives[j]!.value)}
                </td>
              ))}
              {second && (
                <td className={`num delta ${delta > 0 ? 'up' : delta < 0 ? 'down' : ''}`}>{formatSigned(delta)}</td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function IndicatorsTable({ evaluation }: { evaluation: LayoutEvaluation }) {
  return (
    <table className="dense" data-testid="indicators-table">
      <thead>
        <tr>
          <th scope="col">Objective</th>
          <th scope="col">Sub-indicator</th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col" className="num">
            Weight
          </th>
          <th scope="col" className="num">
            Contribution
          </th>
        </tr>
      </thead>
      <tbody>
        {evaluation.indicators.map((i) => (
          <tr key={`${i.objective}.${i.indicator}`}>
            <td>{i.objective}</td>
            <th scope="row" className="sub">
              {i.label}
            </th>
            <td className="num">
              {formatAuto(i.value)} <span className="muted">{i.unit}</span>
            </td>
            <td className="num">×{i.weight}</td>
            <td className="num">{formatAuto(i.contribution)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A demand's bounds in words: "281.0–300.0 ha", "at least 25.0 ha". */
export function demandRange(d: Pick<DemandCheck, 'minHa' | 'maxHa'>): string {
  if (d.minHa !== null && d.maxHa !== null) return `${formatNumber(d.minHa, 1)}–${formatNumber(d.maxHa, 1)} ha`;
  if (d.minHa !== null) return `at least ${formatNumber(d.minHa, 1)} ha`;
  return `at most ${formatNumber(d.maxHa, 1)} ha`;
}

/** "met", "short by 12.5 ha", "4.0 ha too much". */
export function demandStatus(d: DemandCheck): string {
  return d.status === 'met'
    ? 'met'
    : d.status === 'below'
      ? `missed: short by ${formatNumber(d.shortfallHa, 1)} ha`
      : `missed: ${formatNumber(d.excessHa, 1)} ha too much`;
}

/** Each demand of the scenario, met or missed, one column pair (ha, status) per state. */
export function DemandsTable({ columns }: { columns: StateColumn[] }) {
  const first = columns[0];
  if (!first) return null;
  if (first.evaluation.demands.length === 0) return <p className="muted">The scenario sets no demands.</p>;
  return (
    <table className="dense" data-testid="demands-table">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">
            Demand
          </th>
          {columns.map((c) => (
            <th key={c.name} scope="col" colSpan={2}>
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {first.evaluation.demands.map((d, k) => (
          <tr key={d.classId}>
            <th scope="row">{d.className}</th>
            <td className="num muted">{demandRange(d)}</td>
            {columns.map((c) => {
              const own = c.evaluation.demands[k]!;
              return [
                <td key={`${c.name}-ha`} className={`num ${own.status === 'met' ? '' : 'bad'}`}>
                  {formatNumber(own.ha, 1)} ha
                </td>,
                <td key={`${c.name}-status`} className={own.status === 'met' ? 'good' : 'bad'}>
                  {demandStatus(own)}
                </td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ViolationsTable({ evaluation }: { evaluation: LayoutEvaluation }) {
  if (evaluation.violations.length === 0) return <p data-testid="violations">Every rule is kept.</p>;
  return (
    <table className="dense" data-testid="violations">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Change</th>
          <th scope="col" className="num">
            Cells
          </th>
          <th scope="col" className="num">
            ha
          </th>
          <th scope="col">What it forbids</th>
        </tr>
      </thead>
      <tbody>
        {evaluation.violations.map((v) => (
          <tr key={`${v.rule}:${v.fromClass}:${v.toClass}`}>
            <th scope="row">
              {v.rule}
              {v.layers.length > 0 && <span className="muted"> ({v.layers.join(', ')})</span>}
            </th>
            <td>
              {v.fromClass} → {v.toClass}
            </td>
            <td className="num">{formatNumber(v.cells, 0)}</td>
            <td className="num">{formatNumber(v.ha, 2)}</td>
            <td className="muted">{v.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
