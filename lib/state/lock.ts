// flock(2) locks held by an open file descriptor: a killed process never leaves a stale lock.
// Node has no flock binding, so util-linux `flock` locks the descriptor we hand it as fd 3; the lock
// belongs to the open file description, which this process keeps until release() or exit.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LockedError, PaasError } from '../core/errors.js';
import { adoptOwner, ensureDir } from './atomic.js';

export interface Lock {
  release(): void;
}

export interface LockOptions {
  /** false: fail at once (exit 75) when held. true (default): wait. */
  wait?: boolean;
  /** Printed once when we have to wait. */
  onWait?: () => void;
  /** What is locked, for the error message. */
  what: string;
}

function tryFlock(fd: number, args: string[]): number {
  const r = spawnSync('flock', [...args, '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
  if (r.error) throw new PaasError(`cannot run flock(1) from util-linux: ${r.error.message}`);
  return r.status ?? 1;
}

export function acquireLock(file: string, opts: LockOptions): Lock {
  ensureDir(path.dirname(file));
  const fd = fs.openSync(file, 'a', 0o644);
  // A lock file root makes must stay openable by the paas user (cron jobs run as paas).
  adoptOwner(file);
  if (tryFlock(fd, ['-n', '-x']) !== 0) {
    if (opts.wait === false) {
      fs.closeSync(fd);
      throw new LockedError(
        `${opts.what} is locked by another process (a deploy is probably running); try again later`,
      );
    }
    opts.onWait?.();
    if (tryFlock(fd, ['-x']) !== 0) {
      fs.closeSync(fd);
      throw new PaasError(`could not lock ${opts.what}`);
    }
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      fs.closeSync(fd);
    },
  };
}

/** True when some process holds the lock right now. */
export function isLocked(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    return tryFlock(fd, ['-n', '-s']) !== 0;
  } finally {
    fs.closeSync(fd);
  }
}

export async function withLock<T>(file: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const lock = acquireLock(file, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

/** withLock for synchronous work (read, change, write back a list). */
export function withLockSync<T>(file: string, opts: LockOptions, fn: () => T): T {
  const lock = acquireLock(file, opts);
  try {
    return fn();
  } finally {
    lock.release();
  }
}
