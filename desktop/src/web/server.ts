/**
 * Browser mode: serves the renderer and the same API contract over HTTP (requests) and
 * server-sent events (engine events), bound to 127.0.0.1. The handlers are the very ones the
 * Electron main process uses, so both transports behave the same.
 *
 * Local pages from other sites must not drive the engine: every API request carries a per-server
 * token (injected into index.html) and a Host header naming this server (DNS-rebinding guard).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { PlanEvent } from '../../../engine/src/api/index.js';
import { createHandlers, defaultHomeDir, dispatch, stopAllRuns, toErrorPayload } from '../main/handlers.js';

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
  url: string;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const MAX_BODY_BYTES = 10 * 2 ** 20;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  const token = randomBytes(24).toString('hex');
  const eventClients = new Set<ServerResponse>();
  const emit = (event: PlanEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of eventClients) client.write(frame);
  };
  const api = createHandlers(emit, { homeDir: options.homeDir ?? defaultHomeDir() });
  let allowedHosts: Set<string> = new Set();

  const indexHtml = await readFile(path.join(options.rendererDir, 'index.html'), 'utf8').catch(() => {
    throw Object.assign(
      new Error(
        `The renderer is not built: ${path.join(options.rendererDir, 'index.html')} is missing. Run \`npm run build\`.`,
      ),
      { kind: 'input' as const },
    );
  });
  const page = indexHtml.replace('</head>', `<meta name="paretoplan-token" content="${token}"></head>`);

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (pathname === '/' || pathname === '/index.html') {
      return send(res, 200, MIME['.html']!, page);
    }
    const resolved = path.resolve(options.rendererDir, `.${decodeURIComponent(pathname)}`);
    if (!resolved.startsWith(path.resolve(options.rendererDir) + path.sep))
      return send(res, 403, 'text/plain', 'Forbidden');
    try {
      if (!(await stat(resolved)).isFile()) throw new Error('not a file');
      const body = await readFile(resolved);
      return send(res, 200, MIME[path.extname(resolved)] ?? 'application/octet-stream', body);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Misdirected request');
    try {
      if (url.pathname.startsWith('/api/')) {
        if ((req.headers['x-paretoplan-token'] ?? url.searchParams.get('token')) !== token) {
          return send(res, 403, 'application/json', JSON.stringify({ message: 'Missing or wrong API token.' }));
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive',
          });
          res.write(': connected\n\n');
          eventClients.add(res);
          req.on('close', () => eventClients.delete(res));
          return;
        }
        if (url.pathname === '/api/invoke' && req.method === 'POST') {
          const body = await readBody(req);
          let request: { method?: unknown; args?: unknown };
          try {
            request = JSON.parse(body) as typeof request;
          } catch {
            return send(
              res,
              400,
              'application/json',
              JSON.stringify({ message: 'The request body is not JSON.', kind: 'input' }),
            );
          }
          try {
            const value = await dispatch(api, request.method, request.args);
            return send(res, 200, 'application/json', JSON.stringify({ ok: true, value }));
          } catch (error) {
            return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: toErrorPayload(error) }));
          }
        }
        return send(res, 404, 'application/json', JSON.stringify({ message: 'No such API endpoint.' }));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
      return await serveStatic(req, res, url.pathname);
    } catch (error) {
      return send(res, 500, 'application/json', JSON.stringify({ ok: false, error: toErrorPayload(error) }));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  return {
    url: `http://${host}:${port}/`,
    token,
    close: async () => {
      // Runs stop at the end of their generation with a checkpoint, so they can be resumed.
      await stopAllRuns(api);
      await new Promise<void>((resolve) => {
        for (const client of eventClients) client.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'",
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Request body too large.'), { kind: 'input' as const });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
