// Apps exist as directories under apps/; this module answers "does it exist" and holds the deploy lock.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { info, warn } from '../core/log.js';
import { acquireLock, isLocked, Lock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { validateAppName } from '../state/validate.js';

export function appExists(app: string): boolean {
  return fs.existsSync(paths.appDir(app));
}

/** Validate the name and make sure the app exists: the first line of nearly every app command. */
export function requireApp(app: string | undefined): string {
  const name = validateAppName(app);
  if (!appExists(name)) throw new PaasError(`App ${name} does not exist`);
  return name;
}

export function listApps(): string[] {
  try {
    return fs
      .readdirSync(paths.appsDir(), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * The app's deploy lock: one deploy (push, rebuild, rollback, scale, config change with restart) at a
 * time. paas-ssh-command takes it around a whole git push and sets PAAS_LOCKED_APP, so the hooks it
 * runs do not try to take it again.
 */
export function lockApp(app: string, opts: { wait?: boolean } = {}): Lock {
  if (process.env.PAAS_LOCKED_APP === app) return { release() {} };
  // Re-entrant within one process: a second flock on a new descriptor would wait for ourselves.
  const held = heldLocks.get(app);
  if (held) {
    held.count++;
    return { release: () => releaseHeld(app) };
  }
  const wait = opts.wait ?? process.env.PAAS_NO_WAIT !== '1';
  const lock = acquireLock(paths.appLock(app), {
    what: `App ${app}`,
    wait,
    onWait: () => info(`App ${app} is being deployed by another process; waiting for it to finish`),
  });
  heldLocks.set(app, { lock, count: 1 });
  return { release: () => releaseHeld(app) };
}

const heldLocks = new Map<string, { lock: Lock; count: number }>();

function releaseHeld(app: string): void {
  const held = heldLocks.get(app);
  if (!held) return;
  if (--held.count > 0) return;
  heldLocks.delete(app);
  held.lock.release();
}

export async function withAppLock<T>(app: string, fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<T> {
  const lock = lockApp(app, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

export function isAppDeploying(app: string): boolean {
  return isLocked(paths.appLock(app));
}

/** The apps a `NS:report [APP]` covers: the named one, or every app (with Dokku's note when none exist). */
export function reportTargets(appArg: string | undefined): string[] {
  if (appArg !== undefined) return [requireApp(appArg)];
  const apps = listApps();
  if (apps.length === 0) warn("You haven't deployed any applications yet");
  return apps;
}
