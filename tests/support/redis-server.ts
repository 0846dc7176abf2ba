/**
 * A private redis-server (the Debian package) for one test or benchmark: on a free port of
 * 127.0.0.1, with nothing written to disk, stopped afterwards. Queue traffic never leaves this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  /** `redis://127.0.0.1:PORT/0`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the server may still lose a race for it: then we try again). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something answers PING with PONG on the port. */
async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // A server that wants a password answers -NOAUTH: it is up all the same.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

/** Start redis-server; with `password`, it refuses clients that do not give it (`requirepass`). */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: install the Debian package (apt-get install redis-server).`);
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
        ...(options.password ? ['--requirepass', options.password] : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let exited = false;
    const closed = new Promise<void>((resolve) =>
      child.once('exit', () => {
        exited = true;
        resolve();
      }),
    );
    for (let wait = 0; wait < 100 && !exited; wait++) {
      if (await answersPing(port)) {
        return {
          url: `redis://127.0.0.1:${port}/0`,
          port,
          async stop() {
            if (!exited) child.kill('SIGTERM');
            await closed;
          },
        };
      }
      await sleep(50);
    }
    child.kill('SIGKILL');
    await closed;
  }
  throw new Error('redis-server did not start on a free port of 127.0.0.1 (five attempts)');
}
