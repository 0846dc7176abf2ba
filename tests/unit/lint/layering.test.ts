import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The direction of dependencies is enforced by eslint.config.js. These cases are deliberate
// violations (and allowed imports) linted as if they stood at the given path.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function restrictedImportMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    [
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;",
      'engine/src/optimizer/bad.ts',
      'Node built-ins',
    ],
    ["import fs from 'fs';\nexport const x = fs;", 'engine/src/optimizer/nsga2/bad.ts', 'Node built-ins'],
    ["import { x } from '../gis/index.js';\nexport const y = x;", 'engine/src/optimizer/bad.ts', 'may not import GIS'],
    [
      "import { fromFile } from 'geotiff';\nexport const y = fromFile;",
      'engine/src/optimizer/bad.ts',
      'pure TypeScript',
    ],
    [
      "import { x } from '../optimizer/index.js';\nexport const y = x;",
      'engine/src/gis/bad.ts',
      'GIS I/O sits at the base',
    ],
    [
      "import { x } from '../runs/index.js';\nexport const y = x;",
      'engine/src/landuse/bad.ts',
      'optimiser core and GIS',
    ],
    [
      "import { x } from '../landuse/index.js';\nexport const y = x;",
      'engine/src/cli/commands/bad.ts',
      'only the engine API',
    ],
    [
      "import { x } from '../../../engine/src/landuse/index.js';\nexport const y = x;",
      'desktop/src/main/bad.ts',
      'only the engine API',
    ],
    [
      "import { engineVersion } from '../../../engine/src/api/index.js';\nexport const y = engineVersion;",
      'desktop/src/renderer/bad.ts',
      'only types',
    ],
    [
      "import { readFile } from 'node:fs/promises';\nexport const y = readFile;",
      'desktop/src/renderer/bad.ts',
      'no Node built-ins',
    ],
    [
      "import { x } from '../report/index.js';\nexport const y = x;",
      'engine/src/charts/bad.ts',
      'may not import engine layers',
    ],
    ["import fs from 'node:fs';\nexport const y = fs;", 'engine/src/charts/bad.ts', 'no Node built-ins'],
    [
      "import { deflateRawSync } from 'node:zlib';\nexport const y = deflateRawSync;",
      'engine/src/report/interactive/client/bad.ts',
      'no Node built-ins',
    ],
    [
      "import { loadFront } from '../../../runs/index.js';\nexport const y = loadFront;",
      'engine/src/report/interactive/client/bad.ts',
      "only the engine's pure modules",
    ],
    [
      "import { readFile } from 'node:fs/promises';\nexport const y = readFile;",
      'engine/src/decision/bad.ts',
      'may not use Node built-ins',
    ],
    [
      "import { loadFront } from '../runs/index.js';\nexport const y = loadFront;",
      'engine/src/decision/bad.ts',
      'may import only the optimiser core',
    ],
    [
      "import { NO_CLASS } from '../landuse/index.js';\nexport const y = NO_CLASS;",
      'engine/src/decision/bad.ts',
      'may import only the optimiser core',
    ],
    ["import { z } from 'zod';\nexport const y = z;", 'engine/src/decision/bad.ts', 'pure TypeScript'],
    [
      "import { scoreParty } from '../decision/index.js';\nexport const y = scoreParty;",
      'engine/src/landuse/bad.ts',
      'optimiser core and GIS',
    ],
    [
      "import { scoreParty } from '../decision/index.js';\nexport const y = scoreParty;",
      'engine/src/optimizer/bad.ts',
      'may not import GIS, land-use',
    ],
    [
      "import { scoreParty } from '../../decision/index.js';\nexport const y = scoreParty;",
      'engine/src/cli/commands/bad.ts',
      'only the engine API',
    ],
    [
      "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;",
      'desktop/src/renderer/bad.ts',
      'may not import Electron',
    ],
    // The desktop transports hold transport only: the service is the engine API, reached
    // through the one transport-neutral module both import.
    [
      "import { startWebServer } from '../web/server.js';\nexport const y = startWebServer;",
      'desktop/src/main/bad.ts',
      'do not import each other',
    ],
    [
      "import { guardContents } from '../main/security.js';\nexport const y = guardContents;",
      'desktop/src/web/bad.ts',
      'do not import each other',
    ],
    [
      "import { runScenario } from '../../../engine/src/runs/index.js';\nexport const y = runScenario;",
      'desktop/src/web/bad.ts',
      'only the engine API',
    ],
    [
      "import { loadFront } from '../../../engine/src/runs/front-io.js';\nexport const y = loadFront;",
      'desktop/src/shared/bad.ts',
      'only the engine API',
    ],
    [
      "import { startWebServer } from '../web/server.js';\nexport const y = startWebServer;",
      'desktop/src/shared/bad.ts',
      'transport-neutral',
    ],
    [
      "import { answer } from '../shared/dispatch.js';\nexport const y = answer;",
      'desktop/src/renderer/bad.ts',
      'only through the API transport',
    ],
    // The shared rules: no dependencies, no Node.
    [
      "import { NSGA2 } from '../optimizer/index.js';\nexport const y = NSGA2;",
      'engine/src/rules/bad.ts',
      'without dependencies',
    ],
    ["import os from 'node:os';\nexport const y = os;", 'engine/src/rules/bad.ts', 'no Node built-ins'],
    // Byte and file primitives sit below every layer; charts may take only types from the optimiser.
    [
      "import { RunInputError } from '../runs/errors.js';\nexport const y = RunInputError;",
      'engine/src/io/bad.ts',
      'may not import any engine layer',
    ],
    [
      "import { NSGA2 } from '../optimizer/index.js';\nexport const y = NSGA2;",
      'engine/src/charts/bad.ts',
      'only types from the optimiser core',
    ],
    [
      "import { runScenario } from '../../../engine/src/runs/index.js';\nexport const y = runScenario;",
      'desktop/src/renderer/bad.ts',
      'only types',
    ],
    [
      "import { engineVersion } from '../api/index.js';\nexport const y = engineVersion;",
      'engine/src/distributed/bad.ts',
      'Distributed batches may import runs',
    ],
    [
      "import { submitQueuedBatch } from '../distributed/index.js';\nexport const y = submitQueuedBatch;",
      'engine/src/runs/bad.ts',
      'may not import distributed batches',
    ],
    [
      "import { runQueueWorker } from '../../distributed/index.js';\nexport const y = runQueueWorker;",
      'engine/src/cli/commands/bad.ts',
      'only the engine API',
    ],
    [
      "import { submitQueuedBatch } from '../distributed/index.js';\nexport const y = submitQueuedBatch;",
      'engine/src/landuse/bad.ts',
      'optimiser core and GIS',
    ],
  ])('rejects %j in %s', async (code, filePath, expected) => {
    const messages = await restrictedImportMessages(code, filePath);
    expect(messages.join('\n')).toContain(expected);
  });

  it.each([
    ["import { makeRandom } from './random.js';\nexport const y = makeRandom;", 'engine/src/optimizer/core/ok.ts'],
    [
      "import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';\nexport const y = xoroshiro128plus;",
      'engine/src/optimizer/core/ok.ts',
    ],
    [
      "import { x } from '../optimizer/index.js';\nimport { g } from '../gis/index.js';\nexport const y = [x, g];",
      'engine/src/landuse/ok.ts',
    ],
    [
      "import type { ObjectiveDirection } from '../optimizer/index.js';\nimport { goodness } from './criteria.js';\nexport const y: [ObjectiveDirection, unknown] = ['maximize', goodness];",
      'engine/src/decision/ok.ts',
    ],
    ["import { scoreParty } from '../decision/index.js';\nexport const y = scoreParty;", 'engine/src/runs/ok.ts'],
    [
      "import { engineVersion } from '../../api/index.js';\nexport const y = engineVersion;",
      'engine/src/cli/commands/ok.ts',
    ],
    [
      "import { runBatch } from '../runs/index.js';\nimport { Queue } from 'bullmq';\nexport const y = [runBatch, Queue];",
      'engine/src/distributed/ok.ts',
    ],
    [
      "import { submitQueuedBatch } from '../distributed/index.js';\nexport const y = submitQueuedBatch;",
      'engine/src/api/ok.ts',
    ],
    [
      "import type { PlanApi } from '../../../engine/src/api/contract.js';\nexport type Y = PlanApi;",
      'desktop/src/renderer/ok.ts',
    ],
    [
      "import { scatterPairOption } from '../../../engine/src/charts/front-charts.js';\nexport const y = scatterPairOption;",
      'desktop/src/renderer/ok.ts',
    ],
    [
      "import { limitProblem } from '../../../engine/src/rules/index.js';\nexport const y = limitProblem;",
      'desktop/src/renderer/ok.ts',
    ],
    [
      "import { answer } from '../shared/dispatch.js';\nimport { PlanService } from '../../../engine/src/api/index.js';\nexport const y = [answer, PlanService];",
      'desktop/src/main/ok.ts',
    ],
    [
      "import { answer } from '../shared/dispatch.js';\nimport { REQUEST_LIMITS } from '../../../engine/src/api/index.js';\nexport const y = [answer, REQUEST_LIMITS];",
      'desktop/src/web/ok.ts',
    ],
    [
      "import { PlanService } from '../../../engine/src/api/index.js';\nexport const y = PlanService;",
      'desktop/src/shared/ok.ts',
    ],
    ["import { NO_CLASS } from '../rules/index.js';\nexport const y = NO_CLASS;", 'engine/src/landuse/ok.ts'],
    [
      "import type { ObjectiveDirection } from '../optimizer/index.js';\nexport type Y = ObjectiveDirection;",
      'engine/src/charts/ok.ts',
    ],
    [
      "import { packStaticArrays } from '../io/typed-arrays.js';\nexport const y = packStaticArrays;",
      'engine/src/runs/ok.ts',
    ],
    [
      "import { writeFileAtomic } from '../io/atomic-write.js';\nexport const y = writeFileAtomic;",
      'engine/src/gis/ok.ts',
    ],
  ])('allows %j in %s', async (code, filePath) => {
    expect(await restrictedImportMessages(code, filePath)).toEqual([]);
  });
});
