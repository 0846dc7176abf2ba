import type { Page } from 'playwright-core';
import path from 'node:path';
import { screenshotsDir } from '../support/harness.js';

export type TabName = 'Scenario' | 'Run' | 'Explore' | 'Compare' | 'Parties' | 'Paint' | 'Score' | 'Monitor' | 'Export';

/** The header: tabs between the planner's steps. */
export class AppShell {
  constructor(readonly page: Page) {}

  async open(tab: TabName): Promise<void> {
    await this.page.getByRole('tab', { name: tab }).click();
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(screenshotsDir, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: false });
    return file;
  }
}
