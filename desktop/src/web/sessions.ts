/**
 * Who may use the browser-mode API. The server never puts a secret in a page: it prints a link
 * whose fragment (`#launch=…`, never sent in a request, never logged by servers) holds a one-time
 * launch code. The page trades the code, once, for a session token (`POST /api/session`) and sends
 * that token in the `x-paretoplan-token` header of every API request. A token is never accepted
 * from a query string or a cookie: cookies are shared by every port of 127.0.0.1, so another local
 * server the browser visits would receive them.
 *
 * Tokens are kept as SHA-256 digests: checking one takes the same time however many leading
 * characters a guess gets right.
 */
import { createHash, randomBytes } from 'node:crypto';
import { REQUEST_LIMITS } from '../../../engine/src/api/index.js';

/** The header that carries the session token. */
export const TOKEN_HEADER = 'x-paretoplan-token';

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

export class BrowserSessions {
  /** Digests of launch codes not used yet. */
  private readonly launchCodes = new Set<string>();
  /** Digests of session tokens, oldest first. */
  private readonly tokens = new Set<string>();

  /** A new one-time launch code (for a link printed on the console). */
  newLaunchCode(): string {
    const code = secret();
    this.launchCodes.add(digest(code));
    return code;
  }

  /** Trades an unused launch code for a new session token; null when the code is unknown or used. */
  claim(code: unknown): string | null {
    if (typeof code !== 'string' || code.length > 100) return null;
    const key = digest(code);
    if (!this.launchCodes.delete(key)) return null;
    const token = secret();
    this.tokens.add(digest(token));
    // Oldest sessions end first when too many links were used.
    while (this.tokens.size > REQUEST_LIMITS.sessions) this.tokens.delete(this.tokens.values().next().value!);
    return token;
  }

  isValid(token: unknown): boolean {
    return typeof token === 'string' && token.length <= 100 && this.tokens.has(digest(token));
  }
}
