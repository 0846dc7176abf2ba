/**
 * A client of the browser-mode server as the page is one: signs in with a launch link and calls
 * the API with the session token in its header. Used by the server's load test and its benchmark.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunListEntry, RunStarted } from '../../engine/src/api/contract.js';
import { ANSWER_FRAMES_TYPE, decodeAnswerFrame } from '../../engine/src/rules/answer-frames.js';

export interface InvokeReply {
  status: number;
  ok: boolean;
  value?: unknown;
  error?: { message: string; kind: string };
}

export interface RawReply {
  status: number;
  contentType: string | null;
  body: ArrayBuffer;
}

/** An answer frame (engine/src/rules/answer-frames.ts), or the server's own JSON refusal. */
export function parseReply(raw: RawReply): InvokeReply {
  const parsed =
    raw.contentType === ANSWER_FRAMES_TYPE
      ? decodeAnswerFrame(raw.body)
      : JSON.parse(new TextDecoder().decode(raw.body));
  return { status: raw.status, ...(parsed as Omit<InvokeReply, 'status'>) };
}

export class WebClient {
  private constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** Signs in with a launch link (`http://127.0.0.1:<port>/#launch=<code>`). */
  static async signIn(launchUrl: string): Promise<WebClient> {
    const url = new URL(launchUrl);
    const launch = url.hash.replace('#launch=', '');
    const response = await fetch(new URL('/api/session', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ launch }),
    });
    if (!response.ok) throw new Error(`sign-in refused: ${response.status}`);
    return new WebClient(url.origin, ((await response.json()) as { token: string }).token);
  }

  async invoke(method: string, args: unknown[]): Promise<InvokeReply> {
    return parseReply(await this.invokeRaw(method, args));
  }

  /** The raw answer, not parsed yet: a load test parses after measuring, so parsing delays nothing. */
  async invokeRaw(method: string, args: unknown[]): Promise<RawReply> {
    const response = await fetch(new URL('/api/invoke', this.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-paretoplan-token': this.token },
      body: JSON.stringify({ method, args }),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: await response.arrayBuffer(),
    };
  }

  /** Calls `method` and fails unless the API answered `ok`. */
  async value<T>(method: string, args: unknown[]): Promise<T> {
    const reply = await this.invoke(method, args);
    if (!reply.ok) throw new Error(`${method} failed (${reply.status}): ${reply.error?.message}`);
    return reply.value as T;
  }
}

/** The browser-mode server in a process of its own (tests/integration/desktop/serve-fixture.ts). */
export interface ServerProcess {
  launchUrl: string;
  stop(): Promise<void>;
}

export async function startServerProcess(rendererDir: string, homeDir: string): Promise<ServerProcess> {
  const fixture = fileURLToPath(new URL('../integration/desktop/serve-fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, rendererDir, homeDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { launch } = JSON.parse(line) as { launch: string };
  return {
    launchUrl: launch,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts a small run of `scenario` (population 8, 2 generations) and waits until it is complete. */
export async function smallFinishedRun(client: WebClient, scenario: string): Promise<{ dir: string; ids: number[] }> {
  await client.value('openScenario', [scenario]);
  const { dir } = await client.value<RunStarted>('startRun', [
    { scenario, population: 8, generations: 2, workers: 1, seed: 3 },
  ]);
  for (;;) {
    const status = (await client.value<RunListEntry[]>('listRuns', [])).find((r) => r.dir === dir)?.status;
    if (status === 'complete') break;
    if (status === 'failed') throw new Error(`the set-up run ${dir} failed`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const front = await client.value<{ solutions: { id: number }[] }>('loadFront', [dir]);
  return { dir, ids: front.solutions.map((s) => s.id) };
}

/**
 * The load of the server's load test and benchmark, one of each in turn: scenario checks and
 * study areas (background worker), agreement maps with 10,000 ids, front loads, run lists.
 */
export function heavyRequestMix(scenario: string, runDir: string, ids: number[]): [string, unknown[]][] {
  const tenThousand = Array.from({ length: 10_000 }, (_, i) => ids[i % ids.length]!);
  return [
    ['openScenario', [scenario]],
    ['studyArea', [scenario]],
    ['agreementMap', [runDir, tenThousand, 'residential']],
    ['loadFront', [runDir]],
    ['listRuns', []],
  ];
}
