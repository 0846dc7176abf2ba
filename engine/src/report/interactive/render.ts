/**
 * The interactive report: ONE self-contained HTML file that opens from disk in any current
 * browser, with no network and no server. It carries the front, every layout of it (compressed:
 * the changes against today's map, deflated, base64; see data.ts) and an explorer (client/,
 * bundled into explorer-script.generated.ts): scatter plot and parallel coordinates with
 * brushing, the list of the layouts the brushes keep, the selected layout's map on a canvas with
 * its legend and indicator table, and the parties' picks and satisfaction.
 *
 * A strict Content-Security-Policy in the page allows only its own inline script and stylesheet
 * (by their SHA-256) and data: images, and nothing else: no request can leave the page.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { partyColor } from '../../charts/decision-colors.js';
import { markedSolutions, validateReportInput } from '../analysis.js';
import { ReportInputError } from '../errors.js';
import { decimalsFor, escapeHtml as esc, formatCount, formatDateTime } from '../format.js';
import type { ReportInput } from '../types.js';
import type { ExplorerData } from './data.js';
import { EXPLORER_SCRIPT } from './explorer-script.generated.js';
import { INTERACTIVE_CSS } from './styles.js';

export interface RenderInteractiveOptions {
  /** When the report is generated (shown in the header). Default: now. */
  generatedAt?: Date;
}

// Level 6, zlib's default: on the 202 layouts of a 2000 x 2000 run (745 MB of change codes) it
// takes 3.1 s for 6.2 MB where level 9 takes 14.6 s for 5.3 MB.
const deflate = (bytes: Uint8Array) => deflateRawSync(bytes, { level: 6 }).toString('base64');

/** The page's data: the front, marks, groups, parties, and the layouts as changes against today. */
export function explorerData(input: ReportInput, generatedAt: Date): ExplorerData {
  const layouts = input.frontLayouts;
  if (!layouts) {
    throw new ReportInputError(
      'The interactive report needs every layout of the front (ReportInput.frontLayouts); build the input from a run folder.',
    );
  }
  const rows = input.front.length;
  const { cells } = layouts;
  const genes = cells.length;
  // Gene-major codes: 0 = today's class, c + 1 = changed to class c (data.ts). Only the changed
  // cells are written (a few per cent): the table's writes stride by `rows` bytes.
  const changes = new Uint8Array(rows * genes);
  const today = Uint8Array.from(cells, (cell) => input.current[cell]!);
  const buffer = new Uint8Array(genes);
  for (let i = 0; i < rows; i++) {
    const classes = layouts.classesOf(i, buffer);
    for (let g = 0; g < genes; g++) {
      const c = classes[g]!;
      if (c !== today[g]) changes[g * rows + i] = c + 1;
    }
  }
  const deltas = new DataView(new ArrayBuffer(genes * 4));
  cells.forEach((cell, g) => deltas.setUint32(g * 4, cell - (g === 0 ? 0 : cells[g - 1]!), true));

  const indicators = input.objectives.flatMap((objective, o) =>
    objective.indicators.map((indicator) => {
      const key = `${objective.id}.${indicator.id}`;
      return {
        key,
        label: indicator.label,
        objective: o,
        weight: indicator.weight,
        decimals: decimalsFor(input.front.map((s) => s.indicators[key] ?? Number.NaN)),
      };
    }),
  );
  const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  const parties = input.parties;
  return {
    format: 1,
    scenario: { name: input.scenario.name, description: input.scenario.description, file: input.scenario.file },
    engineVersion: input.engineVersion,
    generatedAt: generatedAt.toISOString(),
    run: {
      status: input.run.status,
      generations: input.run.generations,
      evaluations: input.run.evaluations,
      seed: input.seed,
    },
    grid: {
      width: input.grid.width,
      height: input.grid.height,
      cellSizeM: input.grid.cellSizeM,
      cellAreaHa: input.grid.cellAreaHa,
    },
    classes: input.classes.map((c) => ({ name: c.name, color: c.color })),
    objectives: input.objectives.map((o, k) => ({
      id: o.id,
      label: o.label,
      unit: o.unit,
      direction: o.direction,
      decimals: decimalsFor(input.front.map((s) => s.objectives[k]!)),
    })),
    indicators,
    front: {
      ids: input.front.map((s) => s.id),
      objectives: input.front.flatMap((s) => s.objectives),
      indicators: input.front.flatMap((s) => indicators.map((i) => finite(s.indicators[i.key]))),
      areasHa: input.front.flatMap((s) => s.classAreasHa),
    },
    marks: markedSolutions(input).map((m) => ({
      id: m.id,
      letter: m.letter,
      label: m.label,
      color: m.color,
      kind: m.kind,
    })),
    groups: input.representatives.map((g) => ({ medoid: g.medoid, members: [...g.members] })),
    parties: parties && {
      source: parties.source,
      parties: parties.parties.map((p, k) => ({
        name: p.name,
        description: p.description,
        color: partyColor(p.color, k),
        preferred: p.preferred,
        satisfaction: p.satisfaction.map((v) => Math.round(v * 1e4) / 1e4),
      })),
      compromises: parties.compromises.map((c) => ({ title: c.title, id: c.id })),
      bordaWinners: [...parties.borda.winners],
    },
    maps: {
      current: deflate(input.current),
      cells: deflate(new Uint8Array(deltas.buffer)),
      changes: deflate(changes),
    },
  };
}

/** `'sha256-…'` of an inline script or stylesheet, for the Content-Security-Policy. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Renders the interactive report (see the module comment).
 * @throws ReportInputError when the input is inconsistent or lacks the front's layouts
 */
export async function renderInteractiveHtml(
  input: ReportInput,
  options: RenderInteractiveOptions = {},
): Promise<string> {
  validateReportInput(input);
  const generatedAt = options.generatedAt ?? new Date();
  const data = explorerData(input, generatedAt);
  // `<` escaped so that no text in the data can close the data block.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  if (/<\/script/i.test(EXPLORER_SCRIPT)) throw new Error('The explorer script may not contain "</script".');
  const policy = [
    "default-src 'none'",
    `script-src ${cspHash(EXPLORER_SCRIPT)}`,
    `style-src ${cspHash(INTERACTIVE_CSS)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const { scenario, run } = input;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Pareto Plan ${esc(input.engineVersion)}">
<meta name="referrer" content="no-referrer">
<title>${esc(scenario.name)} – Pareto Plan interactive report</title>
<style>${INTERACTIVE_CSS}</style>
</head>
<body>
<header class="top">
<div class="kicker"><strong>Pareto Plan</strong> · Interactive report</div>
<h1>${esc(scenario.name)}</h1>
<p class="lead">${esc(scenario.description)}</p>
<p class="meta">Scenario <code>${esc(scenario.file)}</code> · run ${esc(run.status)}, ${formatCount(run.generations)} generations, ${formatCount(run.evaluations)} layouts evaluated, seed ${input.seed} · Pareto Plan ${esc(input.engineVersion)} · generated ${esc(formatDateTime(generatedAt.toISOString()))}</p>
</header>
<main id="explorer">
<p class="muted">Loading the explorer…</p>
<noscript><p class="error">This explorer needs JavaScript. The scenario report (report.html or report.pdf beside this file) shows the same front as a document.</p></noscript>
</main>
<footer>Everything on this page comes from this file: it makes no request to any server. Formulas: docs/report.md and docs/parties.md of Pareto Plan.</footer>
<script type="application/json" id="explorer-data">${json}</script>
<script>${EXPLORER_SCRIPT}</script>
</body>
</html>
`;
}
