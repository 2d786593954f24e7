// What happens to an app as a whole, across namespaces: destroy, rename, clone, and the restart a config
// change asks for. Each namespace's own part runs through the app-events table (./app-events.ts), so
// adding a namespace does not mean editing this file. The deploy machinery (docker, nginx, build) is
// loaded only when the app has something running or built, so these commands on an app that was never
// deployed start fast.
// Rename and clone hold the app locks of both names (so no push, deploy or create of either name runs
// meanwhile), refuse an existing target before touching anything, and make the target app dir last:
// until then the target does not exist and the command can simply be run again.
import fs from 'node:fs';
import { PaasError, UsageError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { emitAppEventWarn } from './app-events.js';
import { paths } from '../state/paths.js';
import { listPropNamespaces, removeAppProps } from '../state/props.js';
import { validateAppName } from '../state/validate.js';
import { readEnv, writeEnv } from '../config/env-file.js';
import { adoptTree, makeAppDir } from '../apps/create.js';
import { forgetApp } from '../acl/store.js';
import { hasRuntimeTraces, isDeployed } from '../apps/runtime.js';
import { appExists, lockApp, requireApp, withAppLock } from '../apps/store.js';
import { clearLive } from '../ps/store.js';
import { resetReleaseNumbering } from '../release/store.js';
import { setDeployLocked } from '../apps/deploy-lock.js';

/** Containers, images and vhost of the app (call with the app lock held). No-op without traces. */
async function removeRuntime(app: string): Promise<void> {
  if (!hasRuntimeTraces(app)) return;
  const { removeAppRuntime } = await import('./runtime.js');
  await removeAppRuntime(app);
}

/** Build and deploy the app again from its last push (call with the app lock held). */
async function rebuild(app: string): Promise<void> {
  const { rebuildApp } = await import('./deploy.js');
  await rebuildApp(app);
}

/**
 * After a config change: a new release with the current config, as Dokku's config:set restarts the app.
 * Takes the app lock (waits for a running deploy unless PAAS_NO_WAIT=1).
 */
export async function restartForConfig(app: string): Promise<void> {
  step(`Restarting app ${app}`);
  if (!isDeployed(app)) {
    info(`App ${app} has not been deployed`);
    return;
  }
  await withAppLock(app, async () => {
    const { redeployWithCurrentConfig } = await import('./deploy.js');
    await redeployWithCurrentConfig(app);
  });
}

/**
 * Remove the app: routes and containers first (so nothing serves half an app), then its state, the app
 * dir last so that until then the app still exists and a rerun finishes the job. Takes the app lock:
 * waits for a running deploy (or, with PAAS_NO_WAIT=1, refuses with exit 75).
 */
export async function destroyApp(name: string): Promise<void> {
  const app = requireApp(name);
  await withAppLock(app, async () => {
    await removeRuntime(app);
    await emitAppEventWarn('destroyed', app);
    removeAppProps(app);
    fs.rmSync(paths.repo(app), { recursive: true, force: true });
    fs.rmSync(paths.buildDir(app), { recursive: true, force: true });
    fs.rmSync(paths.appDir(app), { recursive: true, force: true });
  });
}

export interface MoveOptions {
  skipDeploy?: boolean;
  ignoreExisting?: boolean;
}

/** Both app locks, always in name order, so a rename a->b and a clone b->a cannot deadlock. */
async function withTwoAppLocks<T>(a: string, b: string, fn: () => Promise<T>): Promise<T> {
  const [first, second] = [a, b].sort();
  const l1 = lockApp(first);
  try {
    const l2 = lockApp(second);
    try {
      return await fn();
    } finally {
      l2.release();
    }
  } finally {
    l1.release();
  }
}

function checkNames(oldName: string, newName: string): { from: string; to: string } {
  const from = requireApp(oldName);
  const to = validateAppName(newName);
  if (from === to) throw new UsageError(`The new name is the same as the old one (${from})`);
  return { from, to };
}

/** Props that describe a running deploy of the source app, which the target does not have. */
function clearDeployState(app: string): void {
  clearLive(app);
}

function moveIfExists(src: string, dst: string): void {
  if (!fs.existsSync(src)) return;
  fs.rmSync(dst, { recursive: true, force: true });
  fs.renameSync(src, dst);
}

export async function renameApp(oldName: string, newName: string, opts: MoveOptions = {}): Promise<void> {
  const { from, to } = checkNames(oldName, newName);
  await withTwoAppLocks(from, to, async () => {
    if (appExists(to)) throw new PaasError(`App ${to} already exists`);
    const wasDeployed = isDeployed(from);
    // Containers and vhost are named after the app: they go before the name changes.
    await removeRuntime(from);
    // Namespace by namespace: a rerun after a crash moves what is left and keeps what already moved.
    for (const ns of listPropNamespaces()) moveIfExists(paths.propsDir(ns, from), paths.propsDir(ns, to));
    moveIfExists(paths.repo(from), paths.repo(to));
    moveIfExists(paths.buildDir(from), paths.buildDir(to));
    clearDeployState(to);
    await emitAppEventWarn('renamed', from, to);
    fs.renameSync(paths.appDir(from), paths.appDir(to));
    if (wasDeployed && !opts.skipDeploy) await rebuild(to);
    else if (wasDeployed) info(`Skipping deploy of ${to}; run paas ps:rebuild ${to} to start it`);
  });
}

/** Returns false when the target exists and ignoreExisting asked to skip quietly. */
export async function cloneApp(oldName: string, newName: string, opts: MoveOptions = {}): Promise<boolean> {
  const { from, to } = checkNames(oldName, newName);
  return withTwoAppLocks(from, to, async () => {
    if (appExists(to)) {
      if (opts.ignoreExisting) {
        warn(`App ${to} already exists; not cloning`);
        return false;
      }
      throw new PaasError(`App ${to} already exists`);
    }
    for (const ns of listPropNamespaces()) {
      const src = paths.propsDir(ns, from);
      const dst = paths.propsDir(ns, to);
      fs.rmSync(dst, { recursive: true, force: true });
      if (fs.existsSync(src)) fs.cpSync(src, dst, { recursive: true, preserveTimestamps: true });
      adoptTree(dst);
    }
    clearDeployState(to);
    setDeployLocked(to, false);
    // Who may use the source is not who may use the clone: it starts with its creator only.
    forgetApp(to);
    // Release records stay with the source, so the clone's numbering starts again at 1.
    resetReleaseNumbering(to);
    await emitAppEventWarn('cloned', from, to);
    fs.rmSync(paths.repo(to), { recursive: true, force: true });
    // Hooks are symlinks into the installed tree: copy them as links, not as the files they point to.
    if (fs.existsSync(paths.repo(from)))
      fs.cpSync(paths.repo(from), paths.repo(to), { recursive: true, verbatimSymlinks: true });
    adoptTree(paths.repo(to));
    makeAppDir(to);
    writeEnv(to, readEnv(from));
    if (isDeployed(from) && !opts.skipDeploy) await rebuild(to);
    return true;
  });
}
