/** The groups of similar layouts of the front. */
import { solutionById } from '../analysis.js';
import { formatCount, formatPercent, formatValue } from '../format.js';
import { esc, markSymbolHtml } from './context.js';
import type { Context } from './context.js';

/** The front grouped into a few clusters of similar maps, each with its medoid. */
export function representatives(ctx: Context, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const rows = input.representatives
    .map((group, index) => {
      const solution = solutionById(input, group.medoid);
      const mark = ctx.marks.find((m) => m.id === group.medoid);
      const values = input.objectives
        .map((_, o) => `<td class="n">${formatValue(solution.objectives[o]!, ctx.objectiveDecimals[o]!)}</td>`)
        .join('');
      return `<tr><th scope="row">R${index + 1}</th><td class="n">#${group.medoid}${mark ? ` ${markSymbolHtml(ctx, mark)}` : ''}</td><td class="n">${formatCount(group.size)}</td><td class="n">${formatPercent(group.meanDifference)}</td>${values}</tr>`;
    })
    .join('\n');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Groups of similar layouts</h3>
<p>Many layouts of the front differ only in a few cells. Grouped by how many changeable cells they give a different class (k-medoids), the front falls into the ${input.representatives.length === 1 ? 'group' : `${input.representatives.length} groups`} below; each group is represented by its <i>medoid</i>, the layout closest to the others of its group, so these few layouts span the variety of the front.</p>
<table class="representatives">
<caption><b>${numbering.table()}</b> Groups of similar layouts, largest first: the medoid (with its mark when it is one of the marked layouts), the group's size, how many of the changeable cells a member differs from the medoid in on average, and the medoid's objective values.</caption>
<thead><tr><th scope="col">Group</th><th scope="col" class="n">Medoid</th><th scope="col" class="n">Layouts</th><th scope="col" class="n">Cells differing</th>${input.objectives.map((o) => `<th scope="col" class="n">${esc(o.label)} (${esc(o.unit)})</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
