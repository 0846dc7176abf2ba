import type { Page } from 'playwright-core';

/** Export tab: report, layout and CSV exports, and the list of written files. */
export class ExportPage {
  constructor(readonly page: Page) {}

  async createReport(format: 'HTML' | 'PDF' | 'HTML and PDF'): Promise<void> {
    await this.page.getByLabel('Report format').selectOption({ label: format });
    await this.page.getByRole('button', { name: 'Create report' }).click();
  }

  async exportLayout(format: 'GeoTIFF' | 'GeoJSON'): Promise<void> {
    await this.page
      .getByLabel('Layout format')
      .selectOption({ label: format === 'GeoTIFF' ? 'GeoTIFF (classes, with colours)' : 'GeoJSON (polygons)' });
    await this.page.getByRole('button', { name: 'Export layout' }).click();
  }

  /** Waits for `count` written files and returns their paths. */
  async written(count: number, timeout = 90_000): Promise<string[]> {
    const items = this.page.getByRole('list', { name: 'Written files' }).locator('li .path');
    await items.nth(count - 1).waitFor({ timeout });
    return items.allInnerTexts();
  }
}
