/**
 * One rule, one message, whoever reads the value: the installed CLI's `validate` refuses what
 * `run` would refuse (an odd population, a negative seed) naming the scenario's line, and a flag
 * breaking the same rule is named as the flag.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { balancedScenario, repoRoot, runCli } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const POPULATION_RULE = 'must be an even whole number from 4 to 10,000 (offspring come in pairs), got 61';

describe('optimiser settings obey one rule in the scenario file and on the command line', () => {
  it('validate names the scenario lines of population 61 and seed -5', async () => {
    const text = readFileSync(balancedScenario, 'utf8')
      .replaceAll('../gis-data', path.join(repoRoot, 'gis-data'))
      .replace('population: 60,', 'population: 61,')
      .replace('seed: 42,', 'seed: -5,');
    const file = path.join(tmp, 'odd.yaml');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('population: 61')) + 1;
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:${line}: optimizer.population: ${POPULATION_RULE}`);
    expect(result.stderr).toContain(`${file}:${line}: optimizer.seed: must be a whole number of at least 0, got -5`);
  });

  it('run names the flag that breaks the rule', async () => {
    const population = await runCli(['run', balancedScenario, '--out', path.join(tmp, 'p'), '--population', '61']);
    expect(population.code).toBe(2);
    expect(population.stderr).toContain("option '--population <n>' argument '61' is invalid");
    expect(population.stderr).toContain(`population ${POPULATION_RULE}`);
    const seed = await runCli(['run', balancedScenario, '--out', path.join(tmp, 's'), '--seed', '-5']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('seed must be a whole number of at least 0, got -5');
  });
});
