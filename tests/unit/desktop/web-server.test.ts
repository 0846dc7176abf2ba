import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../desktop/src/web/server.js';

let server: WebServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-web-'));
  await writeFile(path.join(dir, 'index.html'), '<html><head><title>t</title></head><body></body></html>');
  await writeFile(path.join(dir, 'app.js'), 'console.log(1)');
  server = await startWebServer({ rendererDir: dir, port: 0 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const invoke = (body: unknown, headers: Record<string, string> = { 'x-paretoplan-token': server.token }) =>
  fetch(new URL('/api/invoke', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and injects the API token into the page', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(server.url)).text();
    expect(html).toContain(`<meta name="paretoplan-token" content="${server.token}">`);
    expect((await fetch(new URL('/app.js', server.url))).status).toBe(200);
    expect((await fetch(new URL('/../../etc/passwd', server.url))).status).toBe(404);
  });

  it('answers API requests through the same handlers as Electron IPC', async () => {
    const reply = (await (await invoke({ method: 'info', args: [] })).json()) as {
      ok: boolean;
      value: { name: string };
    };
    expect(reply).toMatchObject({ ok: true, value: { name: 'Pareto Plan' } });
  });

  it('reports errors with their kind, as the IPC transport does', async () => {
    const reply = (await (await invoke({ method: 'nope', args: [] })).json()) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(reply).toMatchObject({ ok: false, error: { kind: 'input' } });
  });

  it('refuses API requests without the token', async () => {
    expect((await invoke({ method: 'info', args: [] }, {})).status).toBe(403);
    expect((await invoke({ method: 'info', args: [] }, { 'x-paretoplan-token': 'wrong' })).status).toBe(403);
  });
});
