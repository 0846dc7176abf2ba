/** Chapter "Reproducibility": command, seed, checksums, versions. */
import { formatCount, formatDateTime } from '../format.js';
import { esc } from './context.js';
import type { Context } from './context.js';

export function reproducibility(ctx: Context, number: number): string {
  const { input, numbering } = ctx;
  const hashRows = [
    `<tr><th scope="row">Scenario</th><td><code>${esc(input.scenario.file)}</code></td><td class="hash">${esc(input.scenario.sha256)}</td></tr>`,
    ...input.layers.map(
      (layer) =>
        `<tr><th scope="row">${esc(layer.name)}</th><td><code>${esc(layer.source)}</code></td><td class="hash">${layer.sha256 ? esc(layer.sha256) : '<span class="muted">derived from other layers</span>'}</td></tr>`,
    ),
  ].join('\n');
  const engineListed = Object.keys(input.versions).some((name) => /pareto ?plan/i.test(name));
  const versions = engineListed ? input.versions : { 'Pareto Plan engine': input.engineVersion, ...input.versions };
  const versionRows = Object.entries(versions)
    .map(([name, version]) => `<tr><th scope="row">${esc(name)}</th><td>${esc(version)}</td></tr>`)
    .join('\n');
  return `<section class="chapter" id="reproducibility">
<h2><span class="num">${number}</span>Reproducibility</h2>
<p>The run can be repeated exactly: the same scenario, input files (checked by their SHA-256), seed and versions give the same front.</p>
<h3><span class="num">${number}.1</span>Command</h3>
<pre class="command">${esc(input.command)}</pre>
<p>Random seed: <b>${input.seed}</b>. Run ${esc(input.run.status)}; started ${esc(formatDateTime(input.run.startedAt))}${input.run.finishedAt ? `, finished ${esc(formatDateTime(input.run.finishedAt))}` : ''}; ${formatCount(input.run.generations)} generations, ${formatCount(input.run.evaluations)} evaluations.</p>
<h3><span class="num">${number}.2</span>Input checksums</h3>
<table>
<caption><b>${numbering.table()}</b> SHA-256 of the scenario and of every input file.</caption>
<thead><tr><th scope="col">Input</th><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${hashRows}
</tbody>
</table>
<h3><span class="num">${number}.3</span>Versions</h3>
<table>
<caption><b>${numbering.table()}</b> Software versions used for the run.</caption>
<tbody>
${versionRows}
</tbody>
</table>
</section>`;
}
