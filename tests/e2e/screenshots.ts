/**
 * Retakes the screenshots of the app's main views for docs/screenshots (not a test: run it by hand,
 * `npx tsx tests/e2e/screenshots.ts`, and look at every picture before committing it). It runs the
 * balanced example with a moderate budget in browser mode and visits each tab. The views with their
 * own e2e tests (parties, workshop, paint, score, monitor, steer, cross-run compare) write theirs
 * from those tests' set-ups.
 */
import path from 'node:path';
import { AppShell, type TabName } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { ExportPage } from './pages/export-page.js';
import { RunPage } from './pages/run-page.js';
import { ScenarioPage } from './pages/scenario-page.js';
import { BALANCED_EXAMPLE } from './support/flows.js';
import { repoRoot, startHarness } from './support/harness.js';

const out = path.join(repoRoot, 'docs/screenshots');
const h = await startHarness();
try {
  const page = h.page;
  const shell = new AppShell(page);
  const shot = async (tab: TabName, name: string) => {
    await shell.open(tab);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`wrote docs/screenshots/${name}.png`);
  };
  const scenario = new ScenarioPage(page);
  await scenario.openExample(BALANCED_EXAMPLE);
  await shot('Scenario', 'scenario');
  await scenario.goToRun();
  const run = new RunPage(page);
  await run.setBudget({ population: 40, generations: 60, workers: 2 });
  await run.start();
  await run.waitForStatus(/complete/, 600_000);
  await shot('Run', 'run');
  await run.explore();
  await new ExplorerPage(page).waitForChart();
  await shot('Explore', 'explorer');
  await shot('Compare', 'compare');
  await shell.open('Export');
  await new ExportPage(page).createReport('HTML');
  await page.getByRole('list', { name: 'Written files' }).waitFor({ timeout: 120_000 });
  await shot('Export', 'export');
} finally {
  await h.close();
}
