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

  async exportCsv(): Promise<void> {
    await this.page.getByRole('button', { name: 'Export CSV' }).click();
  }

  /** Writes into `folder` instead of the run folder (null: back to the run folder). */
  async saveIn(folder: string | null, replace = false): Promise<void> {
    if (folder === null) {
      await this.page.getByLabel(/the run folder/).check();
      return;
    }
    await this.page.getByLabel('another folder').check();
    await this.page.getByLabel('Export folder').fill(folder);
    await this.page.getByLabel('replace files that exist').setChecked(replace);
  }

  /** The error shown under the exports, once there is one. */
  async error(text: RegExp): Promise<string> {
    const notice = this.page.getByRole('alert').filter({ hasText: text });
    await notice.waitFor({ timeout: 15_000 });
    return notice.innerText();
  }

  /** Waits for `count` written files and returns their paths. */
  async written(count: number, timeout = 90_000): Promise<string[]> {
    const items = this.page.getByRole('list', { name: 'Written files' }).locator('li .path');
    await items.nth(count - 1).waitFor({ timeout });
    return items.allInnerTexts();
  }

  /** Clicks "Copy path" of the `index`-th written file (0 = newest) and waits for its confirmation. */
  async copyPath(index: number): Promise<void> {
    const item = this.page.getByRole('list', { name: 'Written files' }).locator('li').nth(index);
    await item.getByRole('button', { name: /^Copy path of / }).click();
    await item.getByRole('status').filter({ hasText: 'Path copied' }).waitFor({ timeout: 10_000 });
  }

  /** How many "Show in folder" buttons the written files have (none in browser mode). */
  showInFolderButtons(): Promise<number> {
    return this.page.getByRole('button', { name: / in its folder$/ }).count();
  }

  /** Ticks another run (by its label: scenario, seed, date) for the report's "Agreement across runs". */
  async compareWithRun(label: RegExp): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Agreement across runs' })
      .getByRole('checkbox', { name: label })
      .check();
  }
}
