import type { Page } from 'playwright-core';

/** Run tab: budget, start, cancel, progress, earlier runs. */
export class RunPage {
  constructor(readonly page: Page) {}

  async setBudget(budget: { population: number; generations: number; workers: number }): Promise<void> {
    await this.page.getByLabel('Population', { exact: true }).fill(String(budget.population));
    await this.page.getByLabel('Generations', { exact: true }).fill(String(budget.generations));
    await this.page.getByLabel('Workers', { exact: true }).fill(String(budget.workers));
  }

  async start(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start run' }).click();
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel run' }).click();
  }

  /** Waits until the run reaches one of the statuses (the pill in the progress card). */
  async waitForStatus(status: RegExp, timeout = 90_000): Promise<string> {
    const pill = this.page.locator('#progress-heading .status-pill');
    await pill.filter({ hasText: status }).waitFor({ timeout });
    return pill.innerText();
  }

  async waitForGeneration(atLeast: number, timeout = 60_000): Promise<void> {
    await this.page.waitForFunction(
      (n) => {
        const text = document.querySelector('[data-testid="run-stats"] dd')?.textContent ?? '';
        return Number(text.split('/')[0]) >= n;
      },
      atLeast,
      { timeout },
    );
  }

  /** Waits for the live chart of the run's front, drawn from the engine's `run-front` events. */
  async waitForLiveFront(timeout = 30_000): Promise<void> {
    await this.page.getByLabel('Live scatter of the current front').waitFor({ timeout });
  }

  async stats(): Promise<string> {
    return this.page.getByTestId('run-stats').innerText();
  }

  async explore(): Promise<void> {
    await this.page.getByRole('button', { name: 'Explore the front' }).click();
  }

  async refreshRuns(): Promise<void> {
    await this.page
      .locator('section[aria-labelledby="earlier-runs-heading"]')
      .getByRole('button', { name: 'Refresh' })
      .click();
  }

  /** The row of the run list showing `text`, once it is there. */
  async waitForRunRow(text: string | RegExp): Promise<string> {
    const row = this.page.locator('section[aria-labelledby="earlier-runs-heading"] tbody tr').filter({ hasText: text });
    await row.waitFor({ timeout: 15_000 });
    return row.innerText();
  }
}
