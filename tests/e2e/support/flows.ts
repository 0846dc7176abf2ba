/**
 * Steps several e2e files start from: open the bundled balanced example, run it with a small
 * budget, and open the finished run in the explorer.
 */
import type { Page } from 'playwright-core';
import { ExplorerPage } from '../pages/explorer-page.js';
import { RunPage } from '../pages/run-page.js';
import { ScenarioPage } from '../pages/scenario-page.js';

export const BALANCED_EXAMPLE = 'Riverbend 2040 - balanced growth';

/** Runs the example to completion and waits for the explorer's chart; returns the run's final status. */
export async function runExampleAndExplore(
  page: Page,
  budget: { population: number; generations: number; workers: number },
  example = BALANCED_EXAMPLE,
): Promise<string> {
  const scenario = new ScenarioPage(page);
  const run = new RunPage(page);
  await scenario.openExample(example);
  await scenario.goToRun();
  await run.setBudget(budget);
  await run.start();
  const status = await run.waitForStatus(/complete/);
  await run.explore();
  await new ExplorerPage(page).waitForChart();
  return status;
}
