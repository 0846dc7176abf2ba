/**
 * How the renderer's files are served, by both front ends: the Electron main process through its
 * custom protocol (`paretoplan://app/`) and the browser-mode server over http://127.0.0.1. One
 * Content Security Policy, sent as a response header (a `<meta>` policy cannot set
 * `frame-ancestors`), one set of security headers, one mapping from URL paths to files that never
 * leaves the renderer folder.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The renderer loads its scripts, styles and fonts from its own origin only, talks only to its
 * own origin (browser mode) or IPC (Electron), cannot be framed, cannot change its base URL and
 * cannot submit forms anywhere. Inline styles stay allowed: React style attributes and ECharts
 * set them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Headers of every response of either front end: the CSP, no sniffing, no caching, no referrer, no framing. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

export type AssetLookup =
  | { kind: 'file'; file: string; contentType: string }
  | { kind: 'bad-request'; message: string }
  | { kind: 'not-found' };

/**
 * The file of the renderer folder a URL path names (`/` is index.html), or why there is none.
 * A path whose percent-encoding is broken (`/%E0%A4%A`) is a bad request, not a failure; a path
 * leading out of the folder (`/../`, `%2e%2e`, a NUL) is simply not found.
 */
export async function findAsset(rendererDir: string, urlPath: string): Promise<AssetLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-request', message: 'The address is not valid: its percent-encoding is broken.' };
  }
  if (decoded.includes('\0')) return { kind: 'not-found' };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (!file.startsWith(root + path.sep)) return { kind: 'not-found' };
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return { kind: 'not-found' };
  return { kind: 'file', file, contentType: MIME[path.extname(file)] ?? 'application/octet-stream' };
}
