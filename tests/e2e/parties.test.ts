/**
 * The Parties view end to end, in browser mode (harness: tests/e2e/support/harness.ts): open the
 * bundled balanced-growth scenario, run a small budget, and see the four parties of the bundled
 * riverbend.parties.yaml judge its layouts: each party's pick, the compromises by each rule, the
 * sortable satisfaction table, the consensus and conflict maps; clicking a compromise selects it in
 * the explorer. Then the parties are edited (a party added, its preference form switched, one
 * removed), saved to a parties file the engine reads back, and ranked in the workshop, whose
 * aggregated order is checked against a Borda count computed by hand. Screenshots go to
 * test-results/e2e/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPartyInputs, runCriterionDirections } from '../../engine/src/api/parties.js';
import { partiesOfRun } from '../../engine/src/api/index.js';
import { loadPartiesFile } from '../../engine/src/landuse/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { PartiesPage } from './pages/parties-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { runExampleAndExplore } from './support/flows.js';
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
    expect(await runExampleAndExplore(h.page, BUDGET)).toBe('complete');
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
    await h.page.getByRole('button', { name: 'Edit parties' }).click();
    const weights = h.page.getByLabel(/^Developers: weight of /);
    const count = await weights.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const label = (await weights.nth(i).getAttribute('aria-label'))!;
      await weights.nth(i).fill(label.endsWith('of social') ? '1' : '0');
    }
    await parties.recompute();
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

  const pickId = (pick: string) => Number(/^#(\d+)/.exec(pick)![1]);

  it('adds a party, checks its values by the schema, moves its pick by its preference, and shows the compromise', async () => {
    await shell.open('Parties');
    await h.page.getByRole('button', { name: 'Edit parties' }).click();
    await h.page.getByRole('button', { name: 'Add party' }).click();
    await parties.partyEditor('Party 5').waitFor();
    await h.page.getByLabel('Party 5 name').fill('Farmers');
    const farmers = parties.partyEditor('Farmers');
    await h.page.getByLabel('Farmers: weight of economic', { exact: true }).fill('');
    await h.page.getByLabel('Farmers: weight of social', { exact: true }).fill('');
    // A weight below the schema's minimum: the parties file's own message beside the field, and no recompute.
    await h.page.getByLabel('Farmers: weight of ecological', { exact: true }).fill('-1');
    const schemaMessage = checkPartyInputs([{ id: 'x', weights: { ecological: -1 } }], null).issues[0]!.message;
    await farmers.getByText(schemaMessage).first().waitFor();
    expect(await h.page.getByRole('button', { name: 'Recompute picks' }).isDisabled()).toBe(true);
    await h.page.getByLabel('Farmers: weight of ecological', { exact: true }).fill('1');
    await farmers.getByText(schemaMessage).first().waitFor({ state: 'detached' });
    await parties.recompute();
    let pick = (await parties.picks()).find((p) => p.name === 'Farmers')!;
    // Caring only for ecology, the new party picks the best ecological layout, fully satisfied.
    expect(pick.pick).toMatch(/Best ecology/);
    expect(pick.satisfaction).toBe(1);
    const ecologyPick = pick.pick;

    // Aspiration levels instead: the best economic return, and at worst half the range.
    await h.page.getByRole('button', { name: 'Edit parties' }).click();
    await parties.partyEditor('Farmers').getByLabel('Aspiration levels').check();
    await h.page.getByLabel('Farmers: aspiration of ecological', { exact: true }).fill('');
    await h.page.getByLabel('Farmers: aspiration of economic', { exact: true }).fill('100 % of range');
    await h.page.getByLabel('Farmers: reservation of economic', { exact: true }).fill('50 % of range');
    await h.page.screenshot({ path: `${screenshotsDir}/parties-editor.png`, fullPage: true });
    await parties.recompute();
    pick = (await parties.picks()).find((p) => p.name === 'Farmers')!;
    expect(pick.pick).toMatch(/Best economic return/);
    expect(pick.pick).not.toBe(ecologyPick);

    // The compromises weigh five parties now; the egalitarian one is the layout whose least
    // satisfied party is best off (the satisfaction table, sorted by the least satisfied).
    const head = await h.page.getByTestId('compromise-table').locator('thead th').allInnerTexts();
    expect(head.map((t) => t.trim())).toContain('Farmers');
    const egalitarian = await h.page
      .getByTestId('compromise-row')
      .first()
      .locator('td.num')
      .allInnerTexts()
      .then((cells) => cells.map(Number));
    expect(egalitarian).toHaveLength(5);
    const least = await parties.satisfactionColumn(6);
    expect(Math.min(...egalitarian)).toBeCloseTo(Math.max(...least), 2);
  });

  let savedFile = '';

  it("saves the parties to a YAML parties file that the engine's parser and `paretoplan parties` read", async () => {
    const target = await h.page.getByLabel('Save to').inputValue();
    expect(target).toMatch(/[\\/]exports[\\/]parties\.yaml$/);
    const runDir = path.dirname(path.dirname(target));
    const picks = await parties.picks();
    await h.page.getByRole('button', { name: 'Save parties' }).click();
    await h.page.getByText(`Saved 5 parties to ${target}.`).waitFor();
    // The view now reads the saved file.
    await expect.poll(() => h.page.getByLabel('Parties file').inputValue()).toBe(target);
    await h.page.getByText('The parties shown are as edited here').waitFor({ state: 'detached' });
    const source = await loadPartiesFile(target, await runCriterionDirections(runDir));
    expect(source.parties.map((p) => p.id)).toEqual(['council', 'developers', 'residents', 'environment', 'party-5']);
    const farmers = source.parties[4]!;
    expect(farmers.name).toBe('Farmers');
    expect(Object.keys(farmers.aspirations!)).toEqual(['economic']);
    expect(Object.keys(farmers.reservations!)).toEqual(['economic']);
    expect(farmers.weights).toBeUndefined();
    expect(await readFile(target, 'utf8')).toMatch(/^# Parties at the planning table/);
    const cli = await partiesOfRun(runDir, { file: target, maps: false });
    expect(cli.parties.map((p) => p.preferred)).toEqual(picks.map((p) => pickId(p.pick)));
    savedFile = target;
  });

  it('removes a party', async () => {
    expect(savedFile).not.toBe('');
    await h.page.getByRole('button', { name: 'Edit parties' }).click();
    await h.page.getByRole('button', { name: 'Remove Farmers' }).click();
    await expect.poll(() => h.page.getByTestId('party-edit').count()).toBe(4);
    await parties.recompute();
    const names = (await parties.picks()).map((p) => p.name);
    expect(names).toHaveLength(4);
    expect(names).not.toContain('Farmers');
  });

  it("aggregates the parties' rankings of the workshop's shortlist by Borda count, ties shared", async () => {
    await h.page.getByRole('button', { name: 'Workshop mode' }).click();
    await h.page.getByTestId('workshop-layout').first().waitFor();
    const shortlist = await parties.shortlist();
    const letters = [...shortlist.keys()];
    const n = letters.length;
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(6);
    const rotate = (k: number) => [...letters.slice(k), ...letters.slice(0, k)];
    const orders: Record<string, { name: string; order: string[] }> = {
      council: { name: 'City council', order: letters },
      developers: { name: 'Developers', order: [...letters].reverse() },
      residents: { name: "Residents' association", order: rotate(1) },
      environment: { name: 'Environmental group', order: rotate(2) },
    };
    for (const [id, { name, order }] of Object.entries(orders)) {
      await parties.rankAs(id, name, order);
      expect(await parties.ranking(id, n)).toEqual(order);
    }
    // The residents rank their first two equal.
    await h.page.getByLabel("Residents' association: place 2 ties with the one above").check();

    // By hand: place k (0 = first) of n is worth n - 1 - k points; the residents' tied first two
    // share (n - 1 + n - 2) / 2 each. Most points first; equal points: the lower layout id first.
    const expected = new Map(letters.map((l) => [l, 0]));
    for (const [id, { order }] of Object.entries(orders))
      order.forEach((l, k) => {
        const worth = id === 'residents' && k < 2 ? (2 * n - 3) / 2 : n - 1 - k;
        expected.set(l, expected.get(l)! + worth);
      });
    const want = [...expected]
      .map(([letter, points]) => ({ letter, id: shortlist.get(letter)!, points }))
      .sort((a, b) => b.points - a.points || a.id - b.id);
    await expect.poll(() => parties.standings()).toEqual(want);
    const top = want.filter((w) => w.points === want[0]!.points);
    const verdict = await h.page.getByTestId('workshop-winner').innerText();
    if (top.length === 1) expect(verdict).toContain(`puts ${top[0]!.letter} (#${top[0]!.id}) first`);
    else expect(verdict).toMatch(/^A tie between /);
    await h.page.getByTestId('workshop-rankings').scrollIntoViewIfNeeded();
    await h.page.screenshot({ path: `${screenshotsDir}/parties-workshop.png`, fullPage: true });
  });
});
