/**
 * The scenario report as ONE self-contained HTML file: maps as embedded PNG (data: URIs), charts
 * as inline SVG, CSS inline, no external URL. The same HTML prints to PDF (pdf.ts).
 *
 * This module only composes the document; each chapter is written by its own module in
 * ./sections/, all sharing one Context (numbering, data-dependent CSS, marks, number formats).
 */
import { validateReportInput } from './analysis.js';
import { acrossRunsChapter } from './sections/across-runs.js';
import { comparison } from './sections/comparison.js';
import { createContext, esc } from './sections/context.js';
import { groupsChapter } from './sections/groups.js';
import { partiesChapter } from './sections/parties.js';
import { planningQuestion } from './sections/planning-question.js';
import { reproducibility } from './sections/reproducibility.js';
import { selectedLayouts } from './sections/selected-layouts.js';
import { titlePage } from './sections/title-page.js';
import { tradeOffs } from './sections/trade-offs.js';
import { REPORT_CSS } from './styles.js';
import type { ReportInput } from './types.js';

export interface RenderHtmlOptions {
  /** When the report is generated (shown on the title page). Default: now. */
  generatedAt?: Date;
  /** Largest side of map images in pixels (default 1600). */
  maxMapSizePx?: number;
}

/**
 * Renders the scenario report as one self-contained HTML document (no external URL; images as
 * data: URIs, charts as inline SVG). Print it to PDF with {@link renderReportPdf}.
 * @param input everything the report shows (see ReportInput)
 * @param options `generatedAt` (default now), `maxMapSizePx` (default 1600)
 * @throws ReportInputError when the parts of the input disagree (sizes, unknown ids)
 * @example
 * const html = await renderReportHtml(input);
 * await writeFile('report.html', html);
 */
export async function renderReportHtml(input: ReportInput, options: RenderHtmlOptions = {}): Promise<string> {
  validateReportInput(input);
  const ctx = createContext(input, options);

  // Chapters in reading order; groups, parties and agreement across runs only when the input has them.
  const chapters: { id: string; title: string; render: (number: number) => string }[] = [
    { id: 'question', title: 'The planning question', render: (n) => planningQuestion(ctx, n) },
    { id: 'tradeoffs', title: 'The trade-offs', render: (n) => tradeOffs(ctx, n) },
  ];
  if (input.representatives.length > 0)
    chapters.push({ id: 'groups', title: 'Groups of similar layouts', render: (n) => groupsChapter(ctx, n) });
  if (input.parties && input.parties.parties.length > 0)
    chapters.push({ id: 'parties', title: 'The parties', render: (n) => partiesChapter(ctx, n) });
  chapters.push(
    { id: 'layouts', title: 'Selected layouts', render: (n) => selectedLayouts(ctx, n) },
    { id: 'comparison', title: 'Comparison of the selected layouts', render: (n) => comparison(ctx, n) },
  );
  if (input.acrossRuns)
    chapters.push({ id: 'runs', title: 'Agreement across runs', render: (n) => acrossRunsChapter(ctx, n) });
  chapters.push({ id: 'reproducibility', title: 'Reproducibility', render: (n) => reproducibility(ctx, n) });
  // Chapters first (they register dynamic CSS and number figures in order), then the title page.
  const body = chapters.map((chapter, i) => chapter.render(i + 1)).join('\n');
  const sections = chapters.map(({ id, title }) => ({ id, title }));
  const title = titlePage(ctx, sections);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Pareto Plan ${esc(input.engineVersion)}">
<title>${esc(input.scenario.name)} – Pareto Plan scenario report</title>
<style>
${REPORT_CSS}
${ctx.css.toString()}
</style>
</head>
<body>
<div class="page">
${title}
<main>
${body}
</main>
</div>
</body>
</html>
`;
}
