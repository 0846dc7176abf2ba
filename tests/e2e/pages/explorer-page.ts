import type { Page } from 'playwright-core';

declare global {
  interface Window {
    /** Exposed by the explorer's chart (desktop/src/renderer/features/pareto-explorer/FrontChart.tsx). */
    __paretoplanExplorer?: {
      pointPixel(id: number): [number, number] | null;
      axisPixel(dim: number, value: number): [number, number] | null;
      brushBands(): { x: number; y: number; width: number; height: number }[];
    };
  }
}

/** Explore tab: the front chart, filters, the linked map and the layouts table. */
export class ExplorerPage {
  constructor(readonly page: Page) {}

  async waitForChart(): Promise<void> {
    await this.page.getByTestId('front-chart').waitFor();
    await this.page.waitForFunction(() => !!window.__paretoplanExplorer?.pointPixel(0));
  }

  /** Clicks the point of layout `id` on the scatter plot. */
  async clickPoint(id: number): Promise<void> {
    const chart = this.page.getByTestId('front-chart');
    const xy = await this.page.evaluate((i) => window.__paretoplanExplorer!.pointPixel(i), id);
    if (!xy) throw new Error(`Layout #${id} is not on the scatter plot.`);
    await chart.click({ position: { x: xy[0], y: xy[1] } });
  }

  /**
   * Turns on "Brush area" and drags a rectangle on the scatter plot around the points of the given
   * layouts (with a margin of a few pixels), as a planner would with the mouse.
   */
  async brushAround(ids: readonly number[]): Promise<void> {
    await this.page.getByRole('button', { name: 'Brush area' }).click();
    const points = await this.page.evaluate(
      (list) => list.map((i) => window.__paretoplanExplorer!.pointPixel(i)),
      [...ids],
    );
    if (points.some((p) => !p)) throw new Error(`Layouts ${ids.join(', ')} are not all on the scatter plot.`);
    const xs = points.map((p) => p![0]);
    const ys = points.map((p) => p![1]);
    const box = (await this.page.getByTestId('front-chart').boundingBox())!;
    const margin = 4;
    const [left, right] = [Math.min(...xs) - margin, Math.max(...xs) + margin];
    const [top, bottom] = [Math.min(...ys) - margin, Math.max(...ys) + margin];
    await this.page.mouse.move(box.x + left, box.y + top);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + (left + right) / 2, box.y + (top + bottom) / 2, { steps: 5 });
    await this.page.mouse.move(box.x + right, box.y + bottom, { steps: 5 });
    await this.page.mouse.up();
  }

  /** The representatives table: one row per group, as "R1 #12 ... 7 ..." texts. */
  representativeRows() {
    return this.page.getByRole('table', { name: 'Representative layouts' }).locator('tbody tr');
  }

  /** Clicks "Show group" (or "Show all") in row `index` (0-based) of the representatives table. */
  async toggleGroup(index: number): Promise<void> {
    await this.representativeRows()
      .nth(index)
      .getByRole('button', { name: /^Show (group|all)$/ })
      .click();
  }

  async clearFilters(): Promise<void> {
    await this.page.getByRole('button', { name: 'Clear filters' }).click();
  }

  async threshold(objectiveLabel: string, side: 'at least' | 'at most'): Promise<string> {
    return this.page.getByLabel(`${objectiveLabel}: ${side}`).inputValue();
  }

  mapHeading() {
    return this.page.locator('#front-map-heading');
  }

  async selectedRowId(): Promise<string> {
    return this.page.locator('table.solutions tr.selected td').first().innerText();
  }

  async setThreshold(objectiveLabel: string, side: 'at least' | 'at most', value: number | ''): Promise<void> {
    await this.page.getByLabel(`${objectiveLabel}: ${side}`).fill(String(value));
  }

  /** Waits (up to 5 s) until the filter count reads exactly `text`, then returns it. */
  async waitForFilterCount(text: string): Promise<string> {
    await this.page.getByTestId('filter-count').getByText(text, { exact: true }).waitFor({ timeout: 5000 });
    return this.filterCount();
  }

  /** Waits (up to 5 s) until the map's heading reads exactly `text`, then returns it. */
  async waitForMapHeading(text: string): Promise<string> {
    await this.page.locator('#front-map-heading', { hasText: text }).waitFor({ timeout: 5000 });
    return this.mapHeading().innerText();
  }

  async filterCount(): Promise<string> {
    return this.page.getByTestId('filter-count').innerText();
  }

  async showMap(mode: 'Layout' | 'Change from today' | 'Agreement' | 'Contribution'): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'What the map shows' }).getByRole('radio', { name: mode }).click();
  }

  async toggleCompare(id: number): Promise<void> {
    await this.page.getByLabel(`Compare layout #${id}`).click();
  }

  async useParallelCoordinates(): Promise<void> {
    await this.page.getByRole('radio', { name: 'Parallel coordinates' }).click();
  }

  /** Drags along objective `dim`'s parallel axis from value `from` to value `to`, in small steps. */
  async brushParallelAxis(dim: number, from: number, to: number): Promise<void> {
    const box = (await this.page.getByTestId('front-chart').boundingBox())!;
    const [a, b] = await this.page.evaluate(
      ([d, f, t]) => [window.__paretoplanExplorer!.axisPixel(d!, f!), window.__paretoplanExplorer!.axisPixel(d!, t!)],
      [dim, from, to],
    );
    if (!a || !b) throw new Error('The chart is not showing parallel coordinates.');
    await this.page.mouse.move(box.x + a[0], box.y + a[1]);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + b[0], box.y + b[1], { steps: 25 });
    await this.page.mouse.up();
  }

  /** The brushed bands drawn on the parallel axes (chart pixels). */
  async brushBands(): Promise<{ x: number; y: number; width: number; height: number }[]> {
    return this.page.evaluate(() => window.__paretoplanExplorer!.brushBands());
  }

  /** Pixel of `value` on parallel axis `dim` (chart pixels). */
  async axisPixel(dim: number, value: number): Promise<[number, number]> {
    return (await this.page.evaluate(([d, v]) => window.__paretoplanExplorer!.axisPixel(d!, v!), [dim, value]))!;
  }
}
