/**
 * The report's stylesheet: restrained typography for screen, and A4 print rules (page breaks
 * before chapters, figures and table rows never split, colours printed exactly).
 */
export const REPORT_CSS = `
:root {
  --text: #1f2630;
  --muted: #5d6877;
  --heading: #17365d;
  --rule: #d3d9e1;
  --head-bg: #eef2f6;
  --best-bg: #e2f0e5;
  --good: #1d7034;
  --bad: #a8322a;
  --font: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  --mono: "SFMono-Regular", Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: #f3f5f8; color: var(--text);
  font: 10.5pt/1.45 var(--font);
  font-variant-numeric: tabular-nums;
}
.page { max-width: 190mm; margin: 0 auto; padding: 14mm 12mm; background: #fff; }
h1, h2, h3, h4 { color: var(--heading); line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 25pt; margin: 0 0 4mm; font-weight: 600; }
h2 { font-size: 17pt; margin: 0 0 5mm; padding-bottom: 2mm; border-bottom: 1.5pt solid var(--heading); font-weight: 600; }
h3 { font-size: 12.5pt; margin: 7mm 0 2.5mm; font-weight: 600; }
h4 { font-size: 10.5pt; margin: 5mm 0 1.5mm; font-weight: 600; }
.num { display: inline-block; min-width: 2.2em; color: var(--muted); font-weight: 400; }
p { margin: 0 0 2.5mm; }
.lead { font-size: 12pt; color: var(--text); max-width: 150mm; }
.muted, .note { color: var(--muted); }
.note { font-size: 9pt; }
code, .mono { font-family: var(--mono); font-size: 8.5pt; }
.hash { font-family: var(--mono); font-size: 7.5pt; word-break: break-all; }
pre.command {
  font-family: var(--mono); font-size: 8.5pt; background: var(--head-bg); border-left: 3pt solid var(--heading);
  padding: 2.5mm 3mm; white-space: pre-wrap; word-break: break-all; margin: 0 0 3mm;
}
section.chapter { margin-top: 12mm; }
section.sub { break-inside: auto; }

/* Title page */
.title-page { min-height: 250mm; display: flex; flex-direction: column; }
.kicker { text-transform: uppercase; letter-spacing: 0.12em; font-size: 9pt; color: var(--muted); margin-bottom: 18mm; }
.kicker strong { color: var(--heading); }
.title-meta { margin: 8mm 0 6mm; }
.key-figures { display: flex; gap: 4mm; margin: 4mm 0 6mm; }
.key-figures div { flex: 1; border: 0.75pt solid var(--rule); padding: 2.5mm 3mm; }
.key-figures b { display: block; font-size: 15pt; color: var(--heading); font-weight: 600; }
.key-figures span { font-size: 8.5pt; color: var(--muted); }
nav.toc ol { list-style: none; padding: 0; margin: 0; columns: 2; }
nav.toc li { margin: 0 0 1mm; }
nav.toc a { color: var(--text); text-decoration: none; }
nav.toc a .num { min-width: 1.6em; }
.title-foot { margin-top: auto; font-size: 8.5pt; color: var(--muted); border-top: 0.75pt solid var(--rule); padding-top: 2mm; }

/* Tables */
table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; font-size: 9pt; }
caption { caption-side: top; text-align: left; font-size: 9pt; color: var(--muted); padding: 0 0 1.5mm; }
caption b, figcaption b { color: var(--text); }
th, td { border-bottom: 0.75pt solid var(--rule); padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
thead th { background: var(--head-bg); border-bottom: 1pt solid #aab4c1; font-weight: 600; }
tbody th { font-weight: 600; }
th .swatch, td .swatch { vertical-align: -0.5mm; margin-right: 1mm; }
.nowrap, table.fromto tbody th, table.areas td:first-child { white-space: nowrap; }
table.comparison { table-layout: fixed; }
table.comparison th:first-child { width: 32%; }
table.marks { break-inside: avoid; page-break-inside: avoid; }
table.marks td:nth-child(2) { min-width: 30mm; }
.chart-key { display: flex; flex-direction: column; justify-content: center; padding: 4mm 6mm; font-size: 9pt; }
.chart-key ul.legend li { margin-bottom: 2mm; }
td.n { text-align: right; white-space: nowrap; }
th.n { text-align: right; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.group th { background: #f7f9fb; color: var(--heading); font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.05em; }
td.best { background: var(--best-bg); font-weight: 700; }
td.diag { color: #9aa3ae; }
td.zero { color: #b8bfc8; }
.table-wrap { margin: 0 0 5mm; }
.params { margin: 0; padding: 0; list-style: none; }
.params li { white-space: nowrap; }
.status-met { color: var(--good); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 600; }

/* Figures */
figure { margin: 0 0 6mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; color: var(--muted); margin-top: 1.5mm; }
svg.chart { display: block; width: 100%; height: auto; }
.chart-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 5mm; }
.chart-grid figure { margin: 0; }
.chart-cell { border: 0.75pt solid var(--rule); padding: 1mm; }
.map-row { display: flex; gap: 5mm; align-items: flex-start; }
.map-row > figure { flex: 1 1 0; min-width: 0; }
.map-frame { position: relative; border: 0.75pt solid #9aa5b2; background: #fff; }
.map-frame img { display: block; width: 100%; height: auto; image-rendering: pixelated; }
.study-map { display: flex; gap: 6mm; align-items: flex-start; }
.study-map .map-frame { flex: 0 0 105mm; }
.north { position: absolute; top: 2mm; right: 2.5mm; font-size: 8pt; font-weight: 700; text-align: center; line-height: 1;
  color: #222; background: rgba(255,255,255,0.85); padding: 0.8mm 1.2mm; }
.scale { position: absolute; left: 2.5mm; bottom: 2.5mm; width: 100%; display: flex; align-items: center; gap: 1.2mm;
  font-size: 7.5pt; line-height: 1; }
.scale-bar { display: flex; flex: none; height: 1.8mm; border: 0.6pt solid #222; background: #fff; }
.scale-bar i { flex: 1; }
.scale-bar i:nth-child(odd) { background: #222; }
.scale-label { background: rgba(255,255,255,0.85); padding: 0.4mm 0.8mm; white-space: nowrap; }
ul.legend { list-style: none; margin: 0; padding: 0; font-size: 9pt; }
ul.legend li { display: flex; align-items: center; gap: 2mm; margin: 0 0 1.2mm; break-inside: avoid; }
ul.legend.inline { display: flex; flex-wrap: wrap; gap: 1mm 5mm; margin: 1mm 0 2mm; }
ul.legend.inline li { margin: 0; }
.swatch { display: inline-block; width: 4.2mm; height: 3.2mm; border: 0.6pt solid rgba(0,0,0,0.35); flex: none; }
.legend .area { margin-left: auto; padding-left: 3mm; color: var(--muted); white-space: nowrap; }
.mark { font-weight: 700; white-space: nowrap; }
.mark-symbol { font-size: 10pt; }

/* Groups and parties */
.pick-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 6mm; }
.group-card { display: grid; grid-template-columns: 82mm 1fr; gap: 0 6mm; break-inside: avoid; page-break-inside: avoid;
  border-top: 0.75pt solid var(--rule); padding-top: 1mm; margin-bottom: 4mm; }
.group-card h4 { grid-column: 1 / -1; margin-top: 1mm; }
.group-card figure, .pick-grid figure { margin-bottom: 2mm; }
th .note { font-weight: 400; }
th.nowrap, table.representatives tbody th { white-space: nowrap; }
table.compromises, table.shortlist, table.agreement { break-inside: avoid; page-break-inside: avoid; }
.facts-head { margin: 2mm 0 0.5mm; font-size: 9pt; font-weight: 600; color: var(--heading); }
ul.facts { margin: 0 0 1mm; padding-left: 4mm; font-size: 9pt; }
ul.facts li { margin: 0 0 0.6mm; }
table.parties td ul.facts { margin-top: 0.5mm; }
/* A handful of rules: kept on one page with their heading and explanation. */
section.rules-section { break-inside: avoid; page-break-inside: avoid; }
ol.rules li { margin: 0 0 1.5mm; }

/* Layout pages */
section.layout { break-before: page; page-break-before: always; }
section.layout:first-of-type { break-before: auto; page-break-before: auto; }
.layout-head { display: flex; align-items: baseline; gap: 3mm; }
.letter-badge { display: inline-block; min-width: 7mm; text-align: center; color: #fff; border-radius: 1mm; padding: 0.3mm 1.5mm; font-weight: 700; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; }

@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
@media print {
  body { background: #fff; font-size: 9.5pt; }
  .page { max-width: none; margin: 0; padding: 0; }
  .title-page { min-height: 255mm; break-after: page; page-break-after: always; }
  section.chapter { margin-top: 0; break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
@media screen and (max-width: 720px) {
  .chart-grid, .two-col, .group-card, .pick-grid { grid-template-columns: 1fr; }
  .map-row, .study-map { flex-direction: column; }
  .study-map .map-frame { flex: none; width: 100%; }
}
`;
