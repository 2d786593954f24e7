// Changing an app's (or the global) environment: validated first, then one locked read-modify-write
// and one atomic file write, so concurrent config:set calls never lose each other's keys and a crash
// leaves the old file or the new one.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { acquireLock } from '../state/lock.js';
import { GLOBAL, paths } from '../state/paths.js';
import { validateEnvKey } from '../state/validate.js';
import { Env, readEnv, writeEnv } from './env-file.js';

function envLockFile(scope: string): string {
  return paths.namedLock(scope === GLOBAL ? 'config-global' : `config-app-${scope}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temp files of writers killed between write and rename (.ENV.PID.TIME.tmp) are removed by the next writer. */
function removeStaleTempFiles(scope: string): void {
  const file = scope === GLOBAL ? paths.globalEnv() : paths.appEnv(scope);
  const dir = path.dirname(file);
  const re = new RegExp(`^\\.${path.basename(file)}\\.([0-9]+)\\.[0-9]+\\.tmp$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = re.exec(n);
    if (m && !processAlive(Number(m[1]))) fs.rmSync(path.join(dir, n), { force: true });
  }
}

/** Run fn on the current env under the scope's config lock; write the result when it differs. */
export function updateEnv(scope: string, fn: (env: Env) => Env): { before: Env; after: Env; changed: boolean } {
  const lock = acquireLock(envLockFile(scope), { what: `config of ${scope === GLOBAL ? 'the global scope' : scope}` });
  try {
    removeStaleTempFiles(scope);
    const before = readEnv(scope);
    const after = fn({ ...before });
    const changed = !sameEnv(before, after);
    if (changed) writeEnv(scope, after);
    return { before, after, changed };
  } finally {
    lock.release();
  }
}

export function sameEnv(a: Env, b: Env): boolean {
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k])
  );
}

/**
 * `KEY=VALUE` arguments to pairs. Only the first "=" splits, so values keep every character.
 * With encoded, values are strict base64 (Dokku's --encoded).
 */
export function parsePairs(args: string[], encoded = false): Env {
  const pairs: Env = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq === -1) throw new UsageError(`Invalid env pair: ${JSON.stringify(a)} (expected KEY=VALUE)`);
    const key = validateEnvKey(a.slice(0, eq));
    let value = a.slice(eq + 1);
    if (encoded) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
        throw new UsageError(`Invalid base64 value for key '${key}'`);
      value = Buffer.from(value, 'base64').toString('utf8');
    }
    pairs[key] = value;
  }
  return pairs;
}
