import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests (and the CLI and servers they start) keep their prepared-layer cache
// (engine/src/landuse/model/layer-cache.ts) in a folder of their own, never the user's.
process.env.PARETOPLAN_CACHE_DIR = path.join(os.tmpdir(), `paretoplan-test-cache-${process.pid}`);

// One vitest run, three projects: fast unit tests, integration tests (whole runs, real data,
// subprocesses) and end-to-end tests of the browser mode. Benchmarks never run here (see bench/).
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // The CLI and desktop tests run the built JavaScript (bin/paretoplan.js -> dist/), as users do.
          globalSetup: ['tests/support/build-once.ts', 'tests/support/browser-check.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Skipped with one visible line when no browser is installed (an error under CI=true).
          globalSetup: ['tests/support/browser-check.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
