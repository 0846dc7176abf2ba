/**
 * The Parties view end to end, in browser mode (harness: tests/e2e/support/harness.ts): open the
 * bundled balanced-growth scenario, run a small budget, and see the four parties of the bundled
 * riverbend.parties.yaml judge its layouts: each party's pick, the compromises by each rule, the
 * sortable satisfaction table, the consensus and conflict maps; clicking a compromise selects it in
 * the explorer. Screenshots go to test-results/e2e/.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { PartiesPage } from './pages/parties-page.js';
import { RunPage } from './pages/run-page.js';
import { ScenarioPage } from './pages/scenario-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 16, generations: 6, workers: 1 };

// Without a browser the project is skipped, with one line saying how to install one (tests/support/browser-check.ts).
describe.skipIf(!TEST_BROWSER)('the Parties view in browser mode', () => {
  let h: Harness;
  let shell: AppShell;
  let parties: PartiesPage;
  let explorer: ExplorerPage;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    parties = new PartiesPage(h.page);
    explorer = new ExplorerPage(h.page);
    const scenario = new ScenarioPage(h.page);
    const run = new RunPage(h.page);
    await scenario.openExample('Riverbend 2040 - balanced growth');
    await scenario.goToRun();
    await run.setBudget(BUDGET);
    await run.start();
    expect(await run.waitForStatus(/complete/)).toBe('complete');
    await run.explore();
    await explorer.waitForChart();
  });

  afterAll(async () => {
    await h?.close();
  });

  it("shows the bundled parties file's four parties with their picks and the compromises", async () => {
    await shell.open('Parties');
    await parties.partyRows().nth(3).waitFor();
    await expect(h.page.getByLabel('Parties file').inputValue()).resolves.toMatch(/riverbend\.parties\.yaml$/);
    const picks = await parties.picks();
    expect(picks.map((p) => p.name).sort()).toEqual(
      ['City council', 'Developers', 'Environmental group', "Residents' association"].sort(),
    );
    expect(picks).toHaveLength(4);
    for (const p of picks) {
      expect(p.pick).toMatch(/^#\d+/);
      expect(p.satisfaction).toBeGreaterThanOrEqual(0);
      expect(p.satisfaction).toBeLessThanOrEqual(1);
    }
    const rules = (await parties.compromises()).map((c) => c.rule);
    expect(rules).toEqual([
      'Egalitarian (max-min satisfaction)',
      'Minimax regret',
      'Nash bargaining',
      'Borda count over the shortlist',
    ]);
    await h.page.getByTestId('consensus-map').locator('canvas').first().waitFor();
    await h.page.getByTestId('conflict-areas').waitFor();
    await h.page.screenshot({ path: `${screenshotsDir}/parties.png`, fullPage: true });
  });

  it('sorts the satisfaction table by a party', async () => {
    await parties.sortSatisfactionBy(/City council/);
    const column = await parties.satisfactionColumn(1);
    expect(column.length).toBeGreaterThan(2);
    expect(column).toEqual([...column].sort((a, b) => b - a));
  });

  it("moves a party's pick when its weights change (recomputed by the service)", async () => {
    const before = (await parties.picks()).find((p) => p.name === 'Developers')!;
    await h.page.getByRole('button', { name: 'Edit weights' }).click();
    const weights = h.page.getByLabel(/^Developers: weight of /);
    const count = await weights.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const label = (await weights.nth(i).getAttribute('aria-label'))!;
      await weights.nth(i).fill(label.endsWith('of social') ? '1' : '0');
    }
    await h.page.getByRole('button', { name: 'Recompute picks' }).click();
    await h.page.getByRole('button', { name: 'Edit weights' }).waitFor();
    const after = (await parties.picks()).find((p) => p.name === 'Developers')!;
    // Caring only for social welfare, the developers pick the best social layout, fully satisfied.
    expect(after.pick).toMatch(/Best social welfare/);
    expect(after.pick).not.toBe(before.pick);
    expect(after.satisfaction).toBe(1);
    await h.page.getByText('parties as edited in the app').waitFor();
    await h.page.getByText('The parties shown are as edited here').waitFor();
    await h.page.screenshot({ path: `${screenshotsDir}/parties-edited.png` });
  });

  it('marks the picks on the explorer chart and selects a compromise clicked in the view', async () => {
    const egalitarian = (await parties.compromises())[0]!.id;
    await parties.clickCompromise(/Egalitarian/);
    await expect(explorer.mapHeading().innerText()).resolves.toBe(`Layout #${egalitarian}`);
    expect(await explorer.selectedRowId()).toBe(`#${egalitarian}`);
    await expect(h.page.getByRole('list', { name: 'Marked layouts' }).innerText()).resolves.toMatch(/Pick of/);
    await shell.screenshot('parties-explorer');
  });
});
