import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockedError } from '../../../lib/core/errors.js';
import { acquireLock, isLocked, withLock } from '../../../lib/state/lock.js';

let dir: string;
let file: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-lock-'));
  process.env.PAAS_ROOT = dir;
  file = path.join(dir, 'locks', 'x.lock');
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Another process takes the same flock and holds it for `seconds`; resolves once it holds it. */
async function holdInOtherProcess(seconds: number): Promise<ChildProcess> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const c = spawn('flock', ['-o', '-x', file, 'sh', '-c', `echo held; sleep ${seconds}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(c);
  await new Promise<void>((resolve, reject) => {
    c.stdout!.once('data', () => resolve());
    c.once('exit', () => reject(new Error('holder exited early')));
  });
  return c;
}

function otherProcessCanLock(): boolean {
  return spawnSync('flock', ['-n', '-x', file, 'true']).status === 0;
}

describe('flock locks', () => {
  it('a second process fails at once with -n semantics while the first holds it', () => {
    const lock = acquireLock(file, { what: 'App x' });
    expect(otherProcessCanLock()).toBe(false);
    expect(isLocked(file)).toBe(true);
    lock.release();
    expect(otherProcessCanLock()).toBe(true);
    expect(isLocked(file)).toBe(false);
  });

  it('fails with LockedError (exit 75) when another process holds it and wait is false', async () => {
    await holdInOtherProcess(30);
    let err: unknown;
    try {
      acquireLock(file, { what: 'App x', wait: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockedError);
    expect((err as LockedError).exitCode).toBe(75);
    expect((err as Error).message).toMatch(/App x is locked/);
  });

  it('waits for the holder by default and says so once', async () => {
    await holdInOtherProcess(1);
    let waited = 0;
    const t0 = Date.now();
    const lock = acquireLock(file, { what: 'App x', onWait: () => waited++ });
    expect(waited).toBe(1);
    expect(Date.now() - t0).toBeGreaterThan(300);
    lock.release();
  });

  it('is released when the holder is killed: no stale lock', async () => {
    const c = await holdInOtherProcess(30);
    expect(isLocked(file)).toBe(true);
    c.kill('SIGKILL');
    await new Promise((r) => c.once('exit', r));
    const lock = acquireLock(file, { what: 'App x', wait: false });
    lock.release();
  });

  it('withLock releases after the function, even when it throws', async () => {
    await expect(withLock(file, { what: 'x' }, async () => 7)).resolves.toBe(7);
    await expect(
      withLock(file, { what: 'x' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(isLocked(file)).toBe(false);
    expect(isLocked(path.join(dir, 'never-made.lock'))).toBe(false);
  });
});
