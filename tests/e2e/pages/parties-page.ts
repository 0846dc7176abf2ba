import type { Locator, Page } from 'playwright-core';

/** The Parties view: the parties' picks, the compromises, the satisfaction table and the maps. */
export class PartiesPage {
  constructor(readonly page: Page) {}

  partyRows(): Locator {
    return this.page.getByTestId('party-row');
  }

  compromiseRows(): Locator {
    return this.page.getByTestId('compromise-row');
  }

  /** Party name and its pick (`#12 …`) per row. */
  async picks(): Promise<{ name: string; pick: string; satisfaction: number }[]> {
    return this.partyRows().evaluateAll((rows) =>
      rows.map((tr) => ({
        name: tr.querySelector('th')!.textContent!.trim(),
        pick: tr.querySelector('[data-testid="party-layout"]')!.textContent!.trim(),
        satisfaction: Number(tr.querySelector('td.num')!.textContent),
      })),
    );
  }

  /** Rule title and chosen layout id per compromise row. */
  async compromises(): Promise<{ rule: string; id: number }[]> {
    return this.compromiseRows().evaluateAll((rows) =>
      rows.map((tr) => ({
        rule: tr.querySelector('th')!.textContent!.trim(),
        id: Number(/#(\d+)/.exec(tr.querySelector('[data-testid="party-layout"]')!.textContent!)![1]),
      })),
    );
  }

  async clickCompromise(rule: RegExp): Promise<void> {
    await this.compromiseRows().filter({ hasText: rule }).getByTestId('party-layout').first().click();
  }

  async sortSatisfactionBy(heading: RegExp): Promise<void> {
    await this.page.getByTestId('satisfaction-table').getByRole('button', { name: heading }).click();
  }

  async satisfactionColumn(index: number): Promise<number[]> {
    const cells = await this.page
      .getByTestId('satisfaction-table')
      .locator(`tbody tr td:nth-child(${index + 1})`)
      .allInnerTexts();
    return cells.map((t) => Number(t.replace('★', '').trim()));
  }
}
