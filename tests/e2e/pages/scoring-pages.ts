import type { Page } from 'playwright-core';

/** Score tab: a layout GeoTIFF, its objectives, demands, rules and place against the front. */
export class ScorePage {
  constructor(readonly page: Page) {}

  async score(layout: string): Promise<void> {
    await this.page.getByLabel('Layout GeoTIFF').fill(layout);
    await this.page.getByRole('button', { name: 'Score layout' }).click();
    await this.page.getByTestId('score-summary').waitFor({ timeout: 60_000 });
  }

  /** Objective label -> the value as shown. */
  async objectives(): Promise<Map<string, string>> {
    const rows = this.page.getByTestId('score-objectives').locator('tbody tr');
    const out = new Map<string, string>();
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.set(await row.locator('th').innerText(), await row.locator('td').first().innerText());
    }
    return out;
  }

  placement(): Promise<string> {
    return this.page.getByTestId('score-placement').getByRole('status').innerText();
  }
}

/** Monitor tab: plan, observed map, and where the plan was followed. */
export class MonitorPage {
  constructor(readonly page: Page) {}

  async compareFile(plan: string, observed: string): Promise<void> {
    await this.page.getByRole('radio', { name: 'A GeoTIFF' }).check();
    await this.page.getByLabel('Plan GeoTIFF').fill(plan);
    await this.compare(observed, plan);
  }

  async compareRunLayout(id: number, observed: string): Promise<void> {
    await this.page.getByRole('radio', { name: 'A layout of the open run' }).check();
    await this.page.getByLabel('Plan layout').selectOption(String(id));
    await this.compare(observed, `layout #${id}`);
  }

  /** Compares, then waits for the result naming this plan. */
  private async compare(observed: string, plan: string | RegExp): Promise<void> {
    await this.page.getByLabel('Observed land cover (GeoTIFF)').fill(observed);
    await this.page.getByRole('button', { name: 'Compare plan and observed' }).click();
    await this.page.getByTestId('monitor-sources').filter({ hasText: plan }).waitFor({ timeout: 60_000 });
  }

  /** Category name -> cells, as the totals table shows them. */
  async totalCells(): Promise<Map<string, number>> {
    const rows = this.page.getByTestId('monitor-totals').locator('tr');
    const out = new Map<string, number>();
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      out.set((await rows.nth(i).locator('th').innerText()).trim(), Number(cells[1]!.replace(/[^\d]/g, '')));
    }
    return out;
  }

  /** Class id -> [planned, realised, not realised, unplanned gain, unplanned loss] in ha as shown. */
  async byClass(): Promise<Map<string, string[]>> {
    const rows = this.page.getByTestId('monitor-classes').locator('tbody tr');
    const out = new Map<string, string[]>();
    for (let i = 0; i < (await rows.count()); i++)
      out.set((await rows.nth(i).getAttribute('data-class'))!, await rows.nth(i).locator('td').allInnerTexts());
    return out;
  }
}
