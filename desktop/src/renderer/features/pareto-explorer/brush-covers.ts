/**
 * The brushed bands ECharts draws on parallel axes ("covers"). A band the planner drags is drawn
 * in the axis' areaSelectStyle, but one ECharts restores from an axis' intervals (after a redraw)
 * gets its brush controller's default grey; restyling the covers keeps every band one colour. The
 * covers are zrender groups carrying `__brushOption` whose main rectangle is named `main`
 * (echarts/lib/component/helper/BrushController.js).
 */
import type { ChartInstance } from '../../components/EChart.js';
import { parallelBrushStyle } from './chart-options.js';

interface CoverShape {
  type: string;
  name: string;
  invisible?: boolean;
  parent?: { __brushOption?: unknown } | null;
  setStyle(style: object): void;
  getBoundingRect(): {
    clone(): { x: number; y: number; width: number; height: number; applyTransform(m: unknown): void };
  };
  getComputedTransform(): unknown;
}

function covers(chart: ChartInstance): CoverShape[] {
  const zr = chart.getZr() as unknown as { storage: { getDisplayList(update: boolean): CoverShape[] } };
  return zr.storage
    .getDisplayList(true)
    .filter((el) => el.type === 'rect' && el.name === 'main' && !el.invisible && !!el.parent?.__brushOption);
}

/** Draws every brushed band in the explorer's band style. */
export function styleBrushCovers(chart: ChartInstance): void {
  for (const cover of covers(chart))
    cover.setStyle({
      fill: parallelBrushStyle.color,
      stroke: parallelBrushStyle.borderColor,
      lineWidth: parallelBrushStyle.borderWidth,
      opacity: parallelBrushStyle.opacity,
    });
}

/** The brushed bands as pixel rectangles in the chart. */
export function brushBandRects(chart: ChartInstance): { x: number; y: number; width: number; height: number }[] {
  return covers(chart).map((el) => {
    const rect = el.getBoundingRect().clone();
    rect.applyTransform(el.getComputedTransform());
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
}
