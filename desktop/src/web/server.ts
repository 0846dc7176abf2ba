/**
 * Browser mode: serves the renderer and the same API contract over HTTP (requests) and a
 * server-sent event stream (engine events), bound to 127.0.0.1. Transport only: requests go
 * through the dispatch module the Electron main process uses too (../shared/dispatch.ts) to the
 * engine's PlanService, so both transports behave the same.
 *
 * Every request is checked in this order (docs/security.md has the threat behind each):
 * 1. `Host` names this server (DNS rebinding) — else 421;
 * 2. the address decodes — else 400;
 * 3. API requests: `Origin` (when sent) is this server and `Sec-Fetch-Site` (when sent) is not
 *    another site — else 403; a session token in the `x-paretoplan-token` header (sessions.ts),
 *    never from the query string or a cookie — else 401;
 * 4. request bodies are `application/json` — else 415 — of at most 1 MiB — else 413 — and a JSON
 *    object `{ method, args }` — else 400 with a message.
 * Client mistakes are 4xx with a message (JSON); 500 is left for the server's own failures. The
 * engine's answers (`/api/invoke`) are binary frames, their grids as bytes (answer-frames.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  ANSWER_FRAMES_TYPE,
  encodeAnswerFrame,
  PlanService,
  REQUEST_LIMITS,
  type PlanEvent,
} from '../../../engine/src/api/index.js';
import { findAsset, securityHeaders } from '../shared/app-content.js';
import { answer } from '../shared/dispatch.js';
import { BrowserSessions, TOKEN_HEADER } from './sessions.js';

export interface WebServerOptions {
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The recent list and run folders; default `$PARETOPLAN_HOME` or `~/.config/paretoplan`. */
  homeDir?: string;
}

export interface WebServer {
  /** The server's address, e.g. `http://127.0.0.1:5317/` (the page alone, not signed in). */
  url: string;
  /** A new one-time link that signs a browser tab in: `<url>#launch=<code>`. */
  newLaunchUrl(): string;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A refusal with its status and message, raised while checking a request. */
class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const sessions = new BrowserSessions();
  const eventClients = new Set<ServerResponse>();
  const emit = (event: PlanEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of eventClients) client.write(frame);
  };
  const service = new PlanService({ ...(options.homeDir ? { homeDir: options.homeDir } : {}), onEvent: emit });
  service.warmUp();
  let origins: Set<string> = new Set();
  let hosts: Set<string> = new Set();

  const index = await findAsset(options.rendererDir, '/');
  if (index.kind !== 'file') {
    await service.close();
    throw Object.assign(
      new Error(`The renderer is not built: index.html is missing in ${options.rendererDir}. Run \`npm run build\`.`),
      { kind: 'input' as const },
    );
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpRefusal(405, 'Method not allowed.');
    const asset = await findAsset(options.rendererDir, pathname);
    if (asset.kind === 'bad-request') throw new HttpRefusal(400, asset.message);
    if (asset.kind === 'not-found') throw new HttpRefusal(404, 'Not found.');
    const body = await readFile(asset.file);
    res.writeHead(200, securityHeaders(asset.contentType));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Cross-site requests (another page in the browser, another port of 127.0.0.1) are refused. */
  function checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin))
      throw new HttpRefusal(
        403,
        `Requests from ${origin.slice(0, 100)} are refused: only this app's own page may call the API.`,
      );
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      throw new HttpRefusal(403, "Requests from other sites are refused: only this app's own page may call the API.");
  }

  function checkToken(req: IncomingMessage, url: URL): void {
    if (sessions.isValid(req.headers[TOKEN_HEADER])) return;
    const inQuery = [...url.searchParams.keys()].some((k) => /token/i.test(k));
    throw new HttpRefusal(
      401,
      inQuery
        ? `The session token is accepted only in the ${TOKEN_HEADER} header, never in the address.`
        : 'Not signed in: open the link printed by `npm run web` (each link works once).',
    );
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json')
      throw new HttpRefusal(415, `Request bodies must be application/json, got ${type ? type.slice(0, 100) : 'none'}.`);
    const body = await readBody(req);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new HttpRefusal(400, 'The request body is not valid JSON.');
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    checkOrigin(req);
    const endpoint = url.pathname;
    if (endpoint === '/api/session') {
      if (req.method !== 'POST') throw new HttpRefusal(405, 'Use POST.');
      const body = await readJson(req);
      const launch = body && typeof body === 'object' ? (body as { launch?: unknown }).launch : undefined;
      const token = sessions.claim(launch);
      if (!token)
        throw new HttpRefusal(
          403,
          'This link was already used or is not from this server. Press Enter in the terminal running `npm run web` for a new one.',
        );
      return sendJson(res, 200, { token });
    }
    checkToken(req, url);
    if (endpoint === '/api/events') {
      if (req.method !== 'GET') throw new HttpRefusal(405, 'Use GET.');
      res.writeHead(200, {
        ...securityHeaders('text/event-stream'),
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      eventClients.add(res);
      req.on('close', () => eventClients.delete(res));
      return;
    }
    if (endpoint === '/api/invoke') {
      if (req.method !== 'POST') throw new HttpRefusal(405, 'Use POST.');
      const body = await readJson(req);
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new HttpRefusal(400, 'The request body must be a JSON object { "method": …, "args": [ … ] }.');
      const { method, args } = body as { method?: unknown; args?: unknown };
      return sendFrame(res, await answer(service, method, args));
    }
    throw new HttpRefusal(404, 'No such API endpoint.');
  }

  const server = createServer(async (req, res) => {
    try {
      if (!hosts.has(req.headers.host ?? ''))
        throw new HttpRefusal(421, 'This server answers only to its own address.');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/api/')) await handleApi(req, res, url);
      else await serveStatic(req, res, url.pathname);
    } catch (error) {
      if (error instanceof HttpRefusal) {
        if (error.status === 413) res.setHeader('connection', 'close');
        return sendJson(res, error.status, { message: error.message, kind: 'input' });
      }
      console.error('paretoplan web: a request failed:', error);
      if (!res.headersSent)
        sendJson(res, 500, { message: 'The server failed to answer; its console says why.', kind: 'failure' });
      else res.end();
    }
  });
  // Slow or silent clients are cut off (the event stream is a response, not covered by these).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const url = `http://${host}:${port}/`;
  return {
    url,
    newLaunchUrl: () => `${url}#launch=${sessions.newLaunchCode()}`,
    close: async () => {
      // Runs stop at the end of their generation with a checkpoint, so they can be resumed.
      await service.close();
      await new Promise<void>((resolve) => {
        for (const client of eventClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The request body, at most {@link REQUEST_LIMITS.bodyBytes}. A larger one is refused with 413
 * while the rest is read and dropped (up to 64 times the limit, then the connection is cut), so
 * that the client, still sending, receives the answer rather than a reset connection.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const limit = REQUEST_LIMITS.bodyBytes;
  const tooLarge = () => new HttpRefusal(413, `The request body is larger than ${limit / 1024} KiB.`);
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      drain(req, 0);
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      drain(req, size);
      reject(tooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

function drain(req: IncomingMessage, alreadyRead: number): void {
  let dropped = alreadyRead;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 64 * REQUEST_LIMITS.bodyBytes) req.destroy();
  });
  req.resume();
}

/** An answer as one binary frame: its grids as bytes, the rest as JSON (engine/src/rules/answer-frames.ts). */
function sendFrame(res: ServerResponse, body: unknown): void {
  const pieces = encodeAnswerFrame(body);
  res.writeHead(200, {
    ...securityHeaders(ANSWER_FRAMES_TYPE),
    'content-length': pieces.reduce((sum, piece) => sum + piece.byteLength, 0),
  });
  for (const piece of pieces) res.write(piece);
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, securityHeaders(JSON_TYPE));
  res.end(JSON.stringify(body));
}
