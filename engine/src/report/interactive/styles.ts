/**
 * The interactive report's stylesheet. Inline in the page and allowed by its hash in the
 * Content-Security-Policy, like the script; colours that depend on the data are set through the
 * CSSOM by the explorer.
 */
export const INTERACTIVE_CSS = `
:root {
  --text: #1f2630; --muted: #5d6877; --heading: #17365d; --rule: #d3d9e1; --head-bg: #eef2f6;
  --accent: #2f6fad; --front: #7f96b2; --out: #d5dbe3; --best-bg: #e2f0e5; --selected: #111;
  --font: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f8; color: var(--text); font: 14px/1.45 var(--font); font-variant-numeric: tabular-nums; }
header.top { background: #fff; border-bottom: 1px solid var(--rule); padding: 14px 24px 10px; }
header.top .kicker { text-transform: uppercase; letter-spacing: 0.12em; font-size: 11px; color: var(--muted); }
header.top .kicker strong { color: var(--heading); }
h1 { font-size: 24px; margin: 4px 0 2px; color: var(--heading); font-weight: 600; }
h2 { font-size: 15px; margin: 0 0 8px; color: var(--heading); font-weight: 600; }
h3 { font-size: 13px; margin: 12px 0 6px; color: var(--heading); font-weight: 600; }
.lead { margin: 0 0 4px; max-width: 70em; }
.meta { color: var(--muted); font-size: 12px; margin: 0; }
main { padding: 12px 24px 24px; }
.intro p { margin: 0 0 8px; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; margin: 0 0 12px; font-size: 13px; }
.controls select { font: inherit; padding: 2px 4px; }
.brushes { flex-basis: 100%; margin: 0; font-size: 12.5px; }
.columns { display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); gap: 14px; align-items: start; }
.column { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
.card { background: #fff; border: 1px solid var(--rule); border-radius: 4px; padding: 12px 14px; min-width: 0; }
svg.chart { display: block; width: 100%; height: auto; user-select: none; touch-action: none; }
svg.chart text { font-family: var(--font); }
.plot-bg { fill: #fff; stroke: var(--rule); }
.grid { stroke: #edf0f4; }
.tick { font-size: 11px; fill: var(--muted); }
.axis-title { font-size: 12px; fill: var(--text); font-weight: 600; }
.axis-sub { font-weight: 400; fill: var(--muted); font-size: 11px; }
.pt { fill: var(--front); stroke: #fff; stroke-width: 0.6; cursor: pointer; }
.pt.out { fill: var(--out); }
.party-ring { fill: none; stroke-width: 2.2; pointer-events: none; }
.selected-ring { fill: none; stroke: var(--selected); stroke-width: 2.4; pointer-events: none; }
.mark-symbol { stroke: #fff; stroke-width: 1; pointer-events: none; }
.mark-letter { font-size: 12px; font-weight: 700; paint-order: stroke; stroke: #fff; stroke-width: 3px; pointer-events: none; }
.brush { fill: rgba(47, 111, 173, 0.14); stroke: var(--accent); stroke-width: 1; pointer-events: none; }
.brush[hidden] { display: none; }
.line { fill: none; stroke: var(--front); stroke-width: 1; stroke-opacity: 0.55; cursor: pointer; }
.line.out { stroke: var(--out); stroke-opacity: 0.5; }
.line.marked { stroke-width: 2.2; stroke-opacity: 1; }
.line.selected { stroke: var(--selected); stroke-width: 2.6; stroke-opacity: 1; }
.axis-line { stroke: #5d6877; stroke-width: 1.2; }
.axis-hit { fill: transparent; cursor: ns-resize; }
.list-head { display: flex; align-items: baseline; gap: 12px; }
.list-head h2 { margin: 0; }
.count { margin: 0; color: var(--muted); }
.list-card .note { margin: 4px 0 0; font-size: 12px; }
.count b { color: var(--text); }
button { font: inherit; font-size: 12.5px; border: 1px solid #b7c0cc; background: #f7f9fb; border-radius: 3px; padding: 2px 8px; cursor: pointer; color: var(--text); }
button:hover { background: #eef2f6; }
button.link { border: 0; background: none; color: var(--accent); padding: 0; text-decoration: underline; }
button.sort { border: 0; background: none; padding: 0; font-weight: 600; text-align: inherit; }
#clear-filters { margin-left: auto; }
.scroll { max-height: 360px; overflow: auto; margin-top: 8px; border-top: 1px solid var(--rule); }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--head-bg); position: sticky; top: 0; z-index: 1; }
th.n, td.n { text-align: right; white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
#layout-list tbody tr { cursor: pointer; }
#layout-list thead th { white-space: normal; vertical-align: bottom; line-height: 1.2; font-size: 11.5px; }
#layout-list thead th .swatch { width: 10px; height: 10px; margin-right: 1px; vertical-align: -1px; }
#layout-list th, #layout-list td { padding: 3px 5px; }
#layout-list tbody tr:hover { background: #f4f7fb; }
#layout-list tbody tr.selected { background: #dde8f4; }
#layout-list tbody tr:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.letter { display: inline-block; min-width: 18px; text-align: center; color: #fff; border-radius: 3px; font-size: 11px; font-weight: 700; padding: 0 3px; }
td.best { background: var(--best-bg); font-weight: 700; }
tr.sub td:first-child { padding-left: 22px; }
.muted { color: var(--muted); }
.segmented { display: inline-flex; margin: 0 0 8px; }
.segmented button { border-radius: 0; margin-left: -1px; }
.segmented button:first-child { border-radius: 3px 0 0 3px; margin-left: 0; }
.segmented button:last-child { border-radius: 0 3px 3px 0; }
.segmented button[aria-pressed="true"] { background: var(--heading); border-color: var(--heading); color: #fff; }
.map-frame { position: relative; border: 1px solid #9aa5b2; background: #fff; }
canvas.map { display: block; width: 100%; height: auto; image-rendering: pixelated; }
.north { position: absolute; top: 6px; right: 8px; font-size: 11px; font-weight: 700; background: rgba(255,255,255,0.85); padding: 1px 4px; }
.scale { position: absolute; left: 8px; bottom: 8px; width: 100%; display: flex; align-items: center; gap: 6px; font-size: 11px; }
.scale-bar { display: block; height: 6px; border: 1px solid #222; background: repeating-linear-gradient(90deg, #222 0 25%, #fff 25% 50%); }
ul.legend { list-style: none; margin: 8px 0 0; padding: 0; font-size: 12.5px; columns: 2; }
ul.legend li { display: flex; align-items: center; gap: 6px; margin: 0 0 3px; break-inside: avoid; }
ul.legend .area { margin-left: auto; color: var(--muted); white-space: nowrap; }
ul.legend .change { min-width: 56px; text-align: right; color: var(--muted); font-size: 11.5px; }
.swatch { display: inline-block; width: 14px; height: 11px; border: 1px solid rgba(0,0,0,0.35); flex: none; }
ul.satisfaction, ul.picks { list-style: none; margin: 0; padding: 0; }
ul.satisfaction li { display: grid; grid-template-columns: 16px minmax(0, 11em) 1fr 3em auto; align-items: center; gap: 6px; margin: 0 0 4px; }
.meter { display: block; height: 10px; background: #edf0f4; border-radius: 2px; overflow: hidden; }
.meter .bar { display: block; height: 100%; }
ul.picks li { display: flex; align-items: center; gap: 6px; margin: 0 0 3px; }
ul.key { list-style: none; margin: 6px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; }
ul.key li { display: flex; align-items: center; gap: 4px; }
ul.key svg { width: 22px; height: 18px; flex: none; overflow: visible; }
footer { color: var(--muted); font-size: 12px; padding: 0 24px 24px; }
.error { color: #a8322a; font-weight: 600; }
@media (max-width: 1000px) { .columns { grid-template-columns: 1fr; } }
`;
