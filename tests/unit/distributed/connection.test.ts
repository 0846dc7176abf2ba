import { describe, expect, it } from 'vitest';
import { PASSWORD_VARIABLE, parseQueueAddress } from '../../../engine/src/distributed/connection.js';
import { batchIdOf, jobIdOf } from '../../../engine/src/distributed/protocol.js';

describe('parseQueueAddress', () => {
  it('reads host, port and database, with the defaults of redis-cli', () => {
    expect(parseQueueAddress('redis://127.0.0.1:6390/2', {})).toMatchObject({
      display: 'redis://127.0.0.1:6390/2',
      options: { host: '127.0.0.1', port: 6390, db: 2 },
    });
    const plain = parseQueueAddress('redis://queue.lan', {});
    expect(plain.options).toMatchObject({ host: 'queue.lan', port: 6379, db: 0 });
    expect(plain.options.tls).toBeUndefined();
    expect(parseQueueAddress('redis://[::1]:7000', {}).options).toMatchObject({ host: '::1', port: 7000 });
  });

  it('takes a password from the address or from the environment, and never shows it', () => {
    const inUrl = parseQueueAddress('redis://worker:s%40cret@10.0.0.5:6380/1', { [PASSWORD_VARIABLE]: 'other' });
    expect(inUrl.options).toMatchObject({ username: 'worker', password: 's@cret' });
    expect(inUrl.display).toBe('redis://10.0.0.5:6380/1');
    const fromEnv = parseQueueAddress('redis://10.0.0.5:6380', { [PASSWORD_VARIABLE]: 'hunter2' });
    expect(fromEnv.options.password).toBe('hunter2');
    expect(fromEnv.display).not.toContain('hunter2');
  });

  it('rediss:// connects with TLS, checking the server name', () => {
    const address = parseQueueAddress('rediss://redis.example.org:6380/0', {});
    expect(address.options.tls).toEqual({ servername: 'redis.example.org' });
    expect(address.display).toBe('rediss://redis.example.org:6380/0');
  });

  it.each([
    ['localhost:6379', /must be an address like redis:\/\/HOST:PORT/],
    ['http://127.0.0.1:6379', /scheme "http:"/],
    ['redis://127.0.0.1:6379/zero', /database after the port must be a number/],
    ['redis://127.0.0.1:6379/0?password=x', /takes no options after the address/],
  ])('refuses %s with what to write instead', (text, message) => {
    expect(() => parseQueueAddress(text, {})).toThrow(message);
  });

  it('does not repeat a password in the message about an address it cannot read', () => {
    expect(() => parseQueueAddress('redis//:topsecret@host', {})).toThrow(/^(?!.*topsecret)/s);
  });
});

describe('batch and job ids', () => {
  it('come from the batch folder and the run folder name, so a second submission finds the same jobs', () => {
    const batch = batchIdOf('/shared/batches/study');
    expect(batch).toMatch(/^[0-9a-f]{12}$/);
    expect(batchIdOf('/shared/batches/study/')).toBe(batch);
    expect(batchIdOf('/shared/batches/other')).not.toBe(batch);
    expect(jobIdOf(batch, { dir: '/shared/batches/study/riverbend--base-seed3' })).toBe(
      `${batch}.riverbend--base-seed3`,
    );
    // BullMQ ids may not contain ':'.
    expect(jobIdOf(batch, { dir: '/x/a:b-seed1' })).toBe(`${batch}.a%3Ab-seed1`);
  });
});
