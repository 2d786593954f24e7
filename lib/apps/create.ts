// Creating an app: its directory apps/APP, which everything else (props, repo, build dir, containers,
// vhost) hangs off. Destroying, renaming and cloning are sequences across namespaces: lib/lifecycle/apps.ts.
// Every change to whether a name exists happens under that name's app lock (a push that auto-creates its
// app holds it too).
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { adoptOwner, ensureDir } from '../state/atomic.js';
import { paths, stateRoot } from '../state/paths.js';
import { writeProp } from '../state/props.js';
import { validateAppName } from '../state/validate.js';
import { appExists, lockApp } from './store.js';
import { grantCreator } from '../acl/store.js';
import { currentCaller } from '../core/caller.js';

/**
 * mkdir apps/APP (fails if it exists), stamp the creation time and, when a user key creates it, make it
 * that key's app. Call with the app lock held.
 */
export function makeAppDir(app: string): void {
  ensureDir(paths.appsDir());
  try {
    fs.mkdirSync(paths.appDir(app), { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new PaasError(`App ${app} already exists`);
    throw e;
  }
  adoptOwner(paths.appDir(app));
  writeProp('apps', app, 'created-at', String(Math.floor(Date.now() / 1000)));
  grantCreator(app, currentCaller());
}

/**
 * Create the app. Fails with "App X already exists" (exit 1) and changes nothing when it does.
 * The git receiver calls this for a first push (with the lock already held via PAAS_LOCKED_APP).
 */
export function createApp(name: string): string {
  const app = validateAppName(name);
  const lock = lockApp(app);
  try {
    if (appExists(app)) throw new PaasError(`App ${app} already exists`);
    makeAppDir(app);
  } finally {
    lock.release();
  }
  return app;
}

/** Files root copies into the state root belong to the state root's owner (the paas user), like adoptOwner. */
export function adoptTree(dir: string): void {
  if (process.getuid?.() !== 0 || !fs.existsSync(dir)) return;
  const st = fs.statSync(stateRoot());
  if (st.uid === 0) return;
  adoptOwner(dir);
  const walk = (p: string) => {
    const s = fs.lstatSync(p);
    if (s.uid === 0) fs.lchownSync(p, st.uid, st.gid);
    if (s.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}
