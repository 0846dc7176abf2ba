/**
 * Renders ECharts options to SVG strings with ECharts' server-side renderer: no browser, no
 * canvas. The SVG is cleaned for inline use in HTML (no namespace URLs, unique ids, scalable).
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export interface ChartSize {
  /** Width in CSS pixels (the SVG scales to its container; this sets proportions and text size). */
  width: number;
  height: number;
}

let chartCounter = 0;

/**
 * Renders one chart to an inline SVG string.
 * @param option an ECharts option, e.g. from {@link scatterPairOption}
 * @param size intrinsic size in CSS pixels
 * @param title accessible name of the chart (aria-label)
 */
export function renderChartSvg(option: EChartsOption, size: ChartSize, title: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false });
    const svg = chart.renderToSVGString();
    return inlineSvg(svg, `c${++chartCounter}`, title);
  } finally {
    chart.dispose();
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Makes a standalone SVG fit for inline HTML: drops the namespace declarations (implied in HTML
 * and the only URLs in the file), prefixes ids so that several charts never clash, and adds a
 * class, a role and an accessible name.
 */
export function inlineSvg(svg: string, idPrefix: string, title: string): string {
  let out = svg
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/\s+version="1\.1"/, '')
    .replace(/\s+baseProfile="full"/, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${idPrefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idPrefix}-${id})`)
    .replace(/xlink:href="#([^"]+)"/g, (_, id: string) => `href="#${idPrefix}-${id}"`)
    .replace(/\bhref="#([^"]+)"/g, (match: string, id: string) =>
      id.startsWith(`${idPrefix}-`) ? match : `href="#${idPrefix}-${id}"`,
    );
  out = out.replace(/^<svg\b/, `<svg class="chart" role="img" aria-label="${escapeAttribute(title)}"`);
  return out;
}
