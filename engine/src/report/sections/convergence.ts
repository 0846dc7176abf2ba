/** How the search converged: hypervolume by generation. */
import { convergenceOption } from '../../charts/front-charts.js';
import { renderChartSvg } from '../chart-svg.js';
import { decimalsFor, formatCount, formatDuration, formatPercent, formatValue } from '../format.js';
import type { Context } from './context.js';

export function convergence(ctx: Context, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const history = input.history;
  if (history.length === 0) {
    return `<section class="sub"><h3><span class="num">${number}.${sub}</span>Convergence</h3><p class="muted">No history was recorded for this run.</p></section>`;
  }
  const first = history[0]!;
  const last = history.at(-1)!;
  const tailStart = history[Math.max(0, history.length - 1 - Math.max(1, Math.round(history.length / 5)))]!;
  const tailGain = last.hypervolume - tailStart.hypervolume;
  const totalGain = last.hypervolume - first.hypervolume;
  const hvDecimals = decimalsFor(history.map((h) => h.hypervolume));
  const tailShare = totalGain > 0 ? tailGain / totalGain : 0;
  const svg = renderChartSvg(convergenceOption(history), { width: 720, height: 220 }, 'Hypervolume by generation');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Convergence</h3>
<figure>
${svg}
<figcaption><b>${numbering.figure()}</b> Hypervolume of the layouts found so far by generation (higher is better; it measures how much of the objective space they dominate, against one reference fixed at the first generation, so it never falls). It grew from ${formatValue(first.hypervolume, hvDecimals)} at generation ${first.generation} to ${formatValue(last.hypervolume, hvDecimals)} at generation ${last.generation}, over ${formatCount(last.evaluations)} evaluations and ${formatDuration(last.elapsedSeconds)}.</figcaption>
</figure>
<p>The last ${formatCount(last.generation - tailStart.generation)} generations added ${formatPercent(Math.max(0, tailShare))} of the total gain${tailShare < 0.05 ? ': the search has levelled off, so more generations would change the front little.' : ': the front was still improving, so a longer run may find better layouts.'}</p>
</section>`;
}
