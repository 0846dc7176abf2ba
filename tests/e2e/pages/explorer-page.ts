import type { Page } from 'playwright-core';

declare global {
  interface Window {
    /** Exposed by the explorer's chart (desktop/src/renderer/features/pareto-explorer/ExplorerPanel.tsx). */
    __paretoplanExplorer?: { pointPixel(id: number): [number, number] | null };
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

  mapHeading() {
    return this.page.locator('#front-map-heading');
  }

  async selectedRowId(): Promise<string> {
    return this.page.locator('table.solutions tr.selected td').first().innerText();
  }

  async setThreshold(objectiveLabel: string, side: 'at least' | 'at most', value: number | ''): Promise<void> {
    await this.page.getByLabel(`${objectiveLabel}: ${side}`).fill(String(value));
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
}
