import type { Locator, Page } from 'playwright-core';

/** Scenario tab: bundled examples, a path field, problems with their lines, the map and the form. */
export class ScenarioPage {
  constructor(readonly page: Page) {}

  async openExample(name: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name: typeof name === 'string' ? `Open example ${name}` : name }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: /Valid|problem/ })
      .waitFor();
  }

  /**
   * Opens a scenario by path and waits for the engine's answer, so the status read next belongs
   * to this file and not to the scenario that was open before.
   */
  async openPath(file: string): Promise<void> {
    await this.page.getByLabel('Scenario file').fill(file);
    const answered = this.page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/invoke') && (response.request().postData() ?? '').includes('"openScenario"'),
    );
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
    await answered;
    await this.page
      .getByRole('status')
      .filter({ hasText: /Valid|problem/ })
      .waitFor();
  }

  status(): Locator {
    return this.page.getByRole('status').filter({ hasText: /Valid|problem/ });
  }

  /** Every listed problem as {line, field, message}. */
  async problems(): Promise<{ line: string; field: string; message: string }[]> {
    const rows = this.page.getByTestId('issue');
    const out: { line: string; field: string; message: string }[] = [];
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allInnerTexts();
      out.push({ line: cells[0]!, field: cells[1]!, message: cells[2]! });
    }
    return out;
  }

  map(): Locator {
    return this.page.getByTestId('study-area-map');
  }

  async goToRun(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run this scenario…' }).click();
  }
}
