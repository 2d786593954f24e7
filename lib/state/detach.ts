// Starting one of our executables detached (the watcher and retire timer after a push, cron:run --detach):
// it outlives the connection, logs to logs/NAME.log (one old generation kept), and never inherits the
// app lock marker.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { warn } from '../core/log.js';
import { adoptOwner, ensureDir } from './atomic.js';
import { paths } from './paths.js';

/** Run dist/bin/BIN.js ARGS detached. Returns false (after a warning) when it could not be started. */
export function spawnDetached(bin: string, args: string[], logName: string): boolean {
  const file = fileURLToPath(new URL(`../../bin/${bin}.js`, import.meta.url));
  const env = { ...process.env };
  delete env.PAAS_LOCKED_APP;
  let log: number | 'ignore' = 'ignore';
  const logFile = path.join(paths.logsDir(), `${logName}.log`);
  try {
    ensureDir(paths.logsDir());
    if ((fs.statSync(logFile, { throwIfNoEntry: false })?.size ?? 0) > 1024 * 1024)
      fs.renameSync(logFile, `${logFile}.1`);
    log = fs.openSync(logFile, 'a', 0o644);
    adoptOwner(logFile);
  } catch (e) {
    warn(`Cannot write ${logFile} (${(e as Error).message}); running ${bin} without a log`);
  }
  try {
    const child = spawn(process.execPath, [file, ...args], { detached: true, stdio: ['ignore', log, log], env });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch (e) {
    warn(`Could not start ${bin} (${(e as Error).message})`);
    return false;
  } finally {
    if (typeof log === 'number') fs.closeSync(log);
  }
}
