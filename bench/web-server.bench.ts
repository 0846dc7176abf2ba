/**
 * Browser-mode server under load (issue 15): one sample is a batch of 200 concurrent API requests
 * (scenario checks, study-area maps, front loads, agreement maps with 10,000 ids, run lists) plus
 * a 100,000-id agreement request, with the server in its own process as `npm run web` runs it.
 * Recorded: how long an `info` request sent after the batch waits for its answer
 * (`infoLatencyMs`, median and worst of the samples) and its share of the batch's duration — the
 * server's own work stays off its event loop, so `info` should not wait for the batch (the old
 * server held the loop 21.7 s for the large request alone). The load test
 * (tests/integration/desktop/web-server-load.test.ts) checks the order; this measures the time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  heavyRequestMix,
  smallFinishedRun,
  startServerProcess,
  WebClient,
  type RawReply,
  type ServerProcess,
} from '../tests/support/web-client.js';
import { benchmark, median } from './harness.js';

const balanced = fileURLToPath(new URL('../scenarios/riverbend-balanced.yaml', import.meta.url));

interface State {
  tmp: string;
  server: ServerProcess;
  client: WebClient;
  mix: [string, unknown[]][];
  large: [string, unknown[]];
  latencies: number[];
  shares: number[];
}

benchmark<State>({
  name: 'web server: info latency under 200 concurrent requests + 100,000 ids',
  params: { concurrent: 200, agreementIds: 10_000, refusedIds: 100_000, scenario: 'riverbend-balanced' },
  repetitions: 5,
  warmup: 1,
  async setup() {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-bench-web-'));
    await writeFile(path.join(tmp, 'index.html'), '<html><head></head><body></body></html>');
    const server = await startServerProcess(tmp, path.join(tmp, 'home'));
    const client = await WebClient.signIn(server.launchUrl);
    const { dir, ids } = await smallFinishedRun(client, balanced);
    const mix = heavyRequestMix(balanced, dir, ids);
    const large: [string, unknown[]] = ['agreementMap', [dir, Array.from({ length: 100_000 }, () => 0)]];
    return { tmp, server, client, mix, large, latencies: [], shares: [] };
  },
  async run(state) {
    const started = performance.now();
    const batch: Promise<RawReply>[] = Array.from({ length: 200 }, (_, i) =>
      state.client.invokeRaw(...state.mix[i % state.mix.length]!),
    );
    batch.push(state.client.invokeRaw(...state.large));
    const sent = performance.now();
    await state.client.invokeRaw('info', []);
    const latency = performance.now() - sent;
    await Promise.all(batch);
    state.latencies.push(latency);
    state.shares.push(latency / (performance.now() - started));
  },
  summarize(state, context) {
    const timed = state.latencies.slice(-5);
    context.record('infoLatencyMedianMs', median(timed));
    context.record('infoLatencyMaxMs', Math.max(...timed));
    context.record('infoShareOfBatch', median(state.shares.slice(-5)));
  },
  async teardown(state) {
    await state.server.stop();
    await rm(state.tmp, { recursive: true, force: true });
  },
});
