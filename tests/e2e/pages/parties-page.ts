import type { Locator, Page } from 'playwright-core';

/**
 * The Parties view: the parties' picks, the compromises, the satisfaction table and the maps; the
 * party editor, saving, and the workshop's rankings.
 */
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

  /** The editor's fields of one party (its fieldset, named by the party's name). */
  partyEditor(name: string): Locator {
    return this.page.getByTestId('party-edit').filter({ has: this.page.locator('legend', { hasText: name }) });
  }

  /** Recompute with the edited parties and wait for the new analysis (the editor closes). */
  async recompute(): Promise<void> {
    await this.page.getByRole('button', { name: 'Recompute picks' }).click();
    await this.page.getByRole('button', { name: 'Edit parties' }).waitFor();
  }

  /** The workshop's shortlist as letter -> layout id. */
  async shortlist(): Promise<Map<string, number>> {
    const heads = await this.page.getByTestId('workshop-layout').locator('.slot-head').allInnerTexts();
    return new Map(
      heads.map((t) => {
        const m = /^([A-Z])\s+#(\d+)/.exec(t.trim())!;
        return [m[1]!, Number(m[2])];
      }),
    );
  }

  /** One party's ranking in the workshop, letters best first. */
  async ranking(partyId: string, places: number): Promise<string[]> {
    const letters: string[] = [];
    for (let place = 1; place <= places; place++)
      letters.push(await this.page.getByTestId(`rank-${partyId}-${place}`).locator('.rank-letter').innerText());
    return letters;
  }

  /** Put one party's ranking in the order given (letters best first) with the up buttons. */
  async rankAs(partyId: string, partyName: string, order: string[]): Promise<void> {
    for (let target = 0; target < order.length; target++) {
      const now = await this.ranking(partyId, order.length);
      for (let place = now.indexOf(order[target]!); place > target; place--)
        await this.page.getByRole('button', { name: `${partyName}: move ${order[target]} up`, exact: true }).click();
    }
  }

  /** The aggregated order: letter, layout id and points per row, first first. */
  async standings(): Promise<{ letter: string; id: number; points: number }[]> {
    const rows = await this.page.getByTestId('workshop-standing').allInnerTexts();
    return rows.map((t) => {
      const m = /^([A-Z])\s+#(\d+)\s+([\d.]+) points/.exec(t.trim())!;
      return { letter: m[1]!, id: Number(m[2]), points: Number(m[3]) };
    });
  }
}
