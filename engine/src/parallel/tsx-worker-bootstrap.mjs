// Starts a TypeScript worker entry from sources (tests, dev): Node 20 workers ignore `--import tsx`
// in execArgv for their entry module, so register tsx's loader here, then import the real entry.
// The built JS (dist/) never uses this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
