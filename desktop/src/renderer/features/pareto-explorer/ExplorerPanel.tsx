/**
 * Explore the front: the chart (FrontChart: scatter or parallel coordinates, brushing into the
 * filters, marked layouts), the linked map (FrontMap), the threshold filters (FiltersCard), the
 * representative layouts (Representatives) and the table of layouts passing the filters
 * (SolutionTable). This module only holds the state they share; each part lives in its own file,
 * so a new view or action is one more component here.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { EmptyState } from '../../components/Notice.js';
import { formatNumber } from '../../format.js';
import { FrontMap } from '../map/FrontMap.js';
import type { PartyPick } from '../parties/parties-model.js';
import { FiltersCard } from './FiltersCard.js';
import { FrontChart } from './FrontChart.js';
import { filteredIds, frontMarks, withinGroup, type Filters } from './front-model.js';
import { Representatives } from './Representatives.js';
import { SolutionTable } from './SolutionTable.js';

const NO_PICKS: readonly PartyPick[] = [];

export interface ExplorerPanelProps {
  front: FrontView | null;
  current: Uint8Array | null;
  selected: number | null;
  onSelect: (id: number) => void;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  compare: number[];
  onToggleCompare: (id: number) => void;
  /** The parties' picks (Parties view), marked on the charts. */
  picks?: readonly PartyPick[];
  onGoToRun: () => void;
}

export function ExplorerPanel(props: ExplorerPanelProps) {
  const { front, current } = props;
  if (!front || !current) {
    return (
      <EmptyState title="No front to explore">
        <p>Run a scenario, or open an earlier run folder, to explore its trade-offs.</p>
        <button type="button" onClick={props.onGoToRun}>
          Go to runs
        </button>
      </EmptyState>
    );
  }
  return <Explorer {...props} front={front} current={current} />;
}

function Explorer({
  front,
  current,
  selected,
  onSelect,
  filters,
  onFilters,
  compare,
  onToggleCompare,
  picks = NO_PICKS,
}: ExplorerPanelProps & { front: FrontView; current: Uint8Array }) {
  // A representative's cluster shown on its own (index into front.representatives), or all layouts.
  const [groupIndex, setGroupIndex] = useState<number | null>(null);
  const group = groupIndex === null ? null : (front.representatives[groupIndex]?.members ?? null);
  useEffect(() => setGroupIndex(null), [front]);
  const filtered = useMemo(
    () => withinGroup(filteredIds(front.solutions, filters), group),
    [front.solutions, filters, group],
  );
  const passing = useMemo(() => new Set(filtered), [filtered]);
  const marks = useMemo(() => frontMarks(front, selected, picks), [front, selected, picks]);

  return (
    <div className="explorer">
      <div className="explorer-top">
        <FrontChart
          front={front}
          selected={selected}
          onSelect={onSelect}
          filters={filters}
          onFilters={onFilters}
          passing={passing}
          stepOrder={filtered}
          marks={marks}
          picks={picks}
          heading={<FrontSize front={front} />}
        />
        <FrontMap front={front} current={current} selected={selected} filtered={filtered} />
      </div>
      <FiltersCard
        front={front}
        filters={filters}
        onFilters={onFilters}
        matching={filtered.length}
        groupIndex={groupIndex}
      />
      <Representatives
        front={front}
        selected={selected}
        onSelect={onSelect}
        groupIndex={groupIndex}
        onGroup={setGroupIndex}
      />
      <SolutionTable
        front={front}
        ids={filtered}
        selected={selected}
        onSelect={onSelect}
        compare={compare}
        onToggleCompare={onToggleCompare}
      />
    </div>
  );
}

/**
 * "archive of 200 layouts (population 40)": the front is the run's archive of non-dominated
 * layouts, which may hold more layouts than the population that searched.
 */
function FrontSize({ front }: { front: FrontView }) {
  return (
    <span className="muted" data-testid="front-size">
      archive of {formatNumber(front.solutions.length, 0)} non-dominated layouts (population{' '}
      {formatNumber(front.population, 0)}) · {front.scenarioName}
    </span>
  );
}
