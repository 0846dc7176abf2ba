/**
 * A crash injector for subprocess tests, preloaded with `node --import`: it numbers every file
 * system change the process makes through fs/promises (creating, writing, syncing, renaming,
 * linking, removing) and kills the process with SIGKILL at one of them, exactly as `kill -9` would
 * at that instant. The code under test is not changed; only these calls are watched.
 *
 * Environment:
 * - PP_FS_LOG=<file>: append one line per change, `<n>\t<operation>\t<paths>` (to list the moments).
 * - PP_KILL_AT=<n>: SIGKILL just before change n (1-based) takes effect;
 * - PP_KILL_TORN=1: for a write, kill in its middle instead: half of the data is written first.
 */
import { appendFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.PP_FS_LOG;
const killAt = Number(process.env.PP_KILL_AT ?? 0);
const torn = process.env.PP_KILL_TORN === '1';
let count = 0;

/** Number the next change; true when the process must die at it. */
function step(operation, ...paths) {
  count++;
  if (log) appendFileSync(log, `${count}\t${operation}\t${paths.map(String).join(' -> ')}\n`);
  return count === killAt;
}

function die() {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is delivered at once; never return to the caller meanwhile.
  for (;;);
}

const writes = (flags) => typeof flags === 'string' && /[wax+]/.test(flags);

function watchHandle(handle, file) {
  const { writeFile, write, sync } = handle;
  handle.writeFile = async function (data, ...rest) {
    if (step('write', file)) {
      if (torn) {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        await write.call(handle, bytes.subarray(0, Math.floor(bytes.length / 2)));
      }
      die();
    }
    return writeFile.call(handle, data, ...rest);
  };
  handle.sync = async function () {
    if (step('sync', file)) die();
    return sync.call(handle);
  };
  return handle;
}

const original = { ...fs };
fs.open = async (file, flags, ...rest) => {
  if (writes(flags) && step('open', file)) die();
  const handle = await original.open(file, flags, ...rest);
  return writes(flags) ? watchHandle(handle, file) : handle;
};
fs.writeFile = async (file, data, options) => {
  if (step('write', file)) {
    if (torn) await original.writeFile(file, (typeof data === 'string' ? Buffer.from(data) : data).subarray(0, 1));
    die();
  }
  return original.writeFile(file, data, options);
};
for (const name of ['rename', 'link', 'copyFile', 'rm', 'unlink', 'rmdir', 'mkdir', 'mkdtemp']) {
  fs[name] = async (...args) => {
    if (step(name, ...args.filter((a) => typeof a === 'string'))) die();
    return original[name](...args);
  };
}
syncBuiltinESMExports();
