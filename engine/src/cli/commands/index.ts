import type { Command } from 'commander';
import { register as registerInspect } from './inspect.js';
import { register as registerValidate } from './validate.js';
import { register as registerPrepare } from './prepare.js';
import { register as registerBenchmark } from './benchmark.js';
import { register as registerRun } from './run.js';
import { register as registerBatch } from './batch.js';
import { register as registerWorker } from './worker.js';
import { register as registerExport } from './export.js';
import { register as registerReport } from './report.js';
import { register as registerDemo } from './demo.js';
import { register as registerParties } from './parties.js';
import { register as registerGroups } from './groups.js';
import { register as registerInit } from './init.js';
import { register as registerScore } from './score.js';
import { register as registerMonitor } from './monitor.js';
import { register as registerAgreement } from './agreement.js';
import { register as registerCache } from './cache.js';

/**
 * Each command lives in its own file and exports `register(program)`; add new commands here.
 */
export function registerCommands(program: Command): void {
  registerRun(program);
  registerBatch(program);
  registerWorker(program);
  registerExport(program);
  registerReport(program);
  registerParties(program);
  registerGroups(program);
  registerScore(program);
  registerMonitor(program);
  registerAgreement(program);
  registerDemo(program);
  registerInit(program);
  registerInspect(program);
  registerValidate(program);
  registerPrepare(program);
  registerBenchmark(program);
  registerCache(program);
}
