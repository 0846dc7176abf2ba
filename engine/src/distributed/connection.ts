/**
 * The queue's address: `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`, or `rediss://…` for TLS. The
 * password may instead come from the environment ({@link PASSWORD_VARIABLE}), which keeps it out
 * of process listings and shell history. Messages show the address without its credentials.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { RunInputError } from '../runs/index.js';

/** Environment variable holding the Redis password (used when the URL carries none). */
export const PASSWORD_VARIABLE = 'PARETOPLAN_REDIS_PASSWORD';
/** How long to wait for Redis to answer when a command starts. */
export const CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_PORT = 6379;

/** Bad queue address, or a queue that cannot be reached: exit code 2 with what to do. */
export class QueueInputError extends RunInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueInputError';
  }
}

export interface QueueAddress {
  /** The address without credentials, for messages. */
  display: string;
  /** Connection options for ioredis and BullMQ (which uses it; its types want no `retryStrategy` here). */
  options: Omit<RedisOptions, 'retryStrategy'>;
}

/** Parse a `--queue` address. */
export function parseQueueAddress(text: string, env: NodeJS.ProcessEnv = process.env): QueueAddress {
  const form = 'redis://HOST:PORT[/DB] (or rediss:// for TLS)';
  let url: URL;
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error('no scheme'); // "localhost:6379" is not one
    url = new URL(text);
  } catch {
    throw new QueueInputError(`--queue must be an address like ${form}, got "${redact(text)}".`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueInputError(`--queue must be a Redis address, ${form}; got the scheme "${url.protocol}".`);
  }
  if (!url.hostname) throw new QueueInputError(`--queue names no host: use ${form}.`);
  if (url.search || url.hash) {
    throw new QueueInputError(
      `--queue takes no options after the address ("${url.search}${url.hash}"); use ${form}, and ${PASSWORD_VARIABLE} for a password.`,
    );
  }
  const port = url.port ? Number(url.port) : DEFAULT_PORT;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,4}$/.test(dbText)) {
    throw new QueueInputError(`--queue: the database after the port must be a number (e.g. /0), got "/${dbText}".`);
  }
  const db = dbText === '' ? 0 : Number(dbText);
  const password = url.password ? decodeURIComponent(url.password) : env[PASSWORD_VARIABLE] || undefined;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const tls = url.protocol === 'rediss:';
  const host = url.hostname.replace(/^\[|\]$/g, ''); // an IPv6 address without its brackets
  return {
    display: `${url.protocol}//${url.host}/${db}`,
    options: {
      host,
      port,
      db,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      // TLS checks the server's certificate against the system's CAs (add a private CA with NODE_EXTRA_CA_CERTS).
      ...(tls ? { tls: { servername: host } } : {}),
      connectTimeout: CONNECT_TIMEOUT_MS,
      // BullMQ's workers block on Redis; they must retry, not fail, while the connection is away.
      maxRetriesPerRequest: null,
    },
  };
}

/** The address with any password replaced by `***` (for messages about an address that did not parse). */
function redact(text: string): string {
  return text.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Check that Redis answers at `address`, so that a command fails at once with a clear message
 * rather than retrying for ever.
 * @throws QueueInputError saying what is wrong (refused, timed out, password needed or wrong)
 */
export async function checkQueueReachable(address: QueueAddress): Promise<void> {
  const client = new Redis({
    ...address.options,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The client reports the cause (refused, NOAUTH) as an event; its promise then says only "Connection is closed".
  let cause: unknown = null;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    cause ??= error;
    throw new QueueInputError(`Cannot use the queue at ${address.display}: ${explainRedisError(cause)}`, { cause });
  } finally {
    client.disconnect();
  }
}

function explainRedisError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NOAUTH/i.test(message))
    return `it needs a password. Put it in ${PASSWORD_VARIABLE} (or in the address, redis://:PASSWORD@HOST:PORT).`;
  if (/WRONGPASS|invalid (username|password)/i.test(message)) return 'the user name or password is wrong.';
  if (/ECONNREFUSED/.test(message))
    return 'nothing listens there (connection refused). Start redis-server, or check the host and port.';
  if (/ETIMEDOUT|timed? ?out/i.test(message))
    return 'no answer (timed out). Check the address, the network and any firewall between here and Redis.';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return 'the host name is unknown.';
  if (/certificate|SSL|TLS|EPROTO/i.test(message))
    return `the TLS connection failed (${message}). Check the certificate (NODE_EXTRA_CA_CERTS for a private CA), or use redis:// if the server has no TLS.`;
  return message;
}
