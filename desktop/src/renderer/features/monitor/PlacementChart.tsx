/**
 * The scored layout on a scatter plot of the open run's front (the explorer's shared chart
 * specification), for a pair of objectives the planner picks: where the draft sits among the
 * optimised layouts.
 */
import { useMemo, useState } from 'react';
import type { FrontView, ScoreView } from '../../../../../engine/src/api/contract.js';
import { objectivePairs, scatterPairOption } from '../../../../../engine/src/charts/front-charts.js';
import { EChart, type ChartOption } from '../../components/EChart.js';

/** The scored layout's colour on the chart: apart from the front's and the highlights' colours. */
const SCORED_COLOR = '#c2185b';

export function PlacementChart({ view, front }: { view: ScoreView; front: FrontView }) {
  const pairs = useMemo(() => objectivePairs(front.objectives.length), [front.objectives.length]);
  const [pairIndex, setPairIndex] = useState(0);
  const pair = pairs[Math.min(pairIndex, pairs.length - 1)]!;
  const option = useMemo(() => {
    const base = scatterPairOption(
      {
        objectives: front.objectives,
        points: front.solutions.map((s) => ({ id: s.id, values: s.objectives })),
        marks: [],
      },
      pair[0],
      pair[1],
    );
    const value = (j: number) => view.objectives.find((o) => o.id === front.objectives[j]!.id)?.value ?? NaN;
    const series = [
      ...(base.series as object[]),
      {
        type: 'scatter',
        name: 'Scored layout',
        symbol: 'pin',
        symbolSize: 22,
        itemStyle: { color: SCORED_COLOR, borderColor: '#ffffff', borderWidth: 1 },
        label: { show: true, formatter: 'Your layout', position: 'right', color: SCORED_COLOR, fontWeight: 'bold' },
        data: [[value(pair[0]), value(pair[1])]],
        z: 6,
      },
    ];
    return { ...base, series } as ChartOption;
  }, [front, view, pair]);
  return (
    <div className="stack">
      {pairs.length > 1 && (
        <label>
          Objectives{' '}
          <select value={pairIndex} onChange={(e) => setPairIndex(Number(e.target.value))} aria-label="Chart axes">
            {pairs.map(([x, y], k) => (
              <option key={k} value={k}>
                {front.objectives[x]!.label} × {front.objectives[y]!.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <EChart
        option={option}
        label={`The scored layout against the front: ${front.objectives[pair[0]]!.label} against ${front.objectives[pair[1]]!.label}`}
        className="chart chart-medium"
        testId="placement-chart"
      />
    </div>
  );
}
