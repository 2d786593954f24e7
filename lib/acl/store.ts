// Per-app access, as dokku-acl keeps it: the user keys that may use an app (props/acl/APP/users) and the
// deploy keys that may push to it (props/acl/APP/deploy), one key name a line. Being app properties,
// they go with the app on apps:destroy and follow it on apps:rename.
import fs from 'node:fs';
import { Caller } from '../core/caller.js';
import { withLockSync } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { listPropNamespaces, readListProp, writeListProp } from '../state/props.js';

const NS = 'acl';
export type Grant = 'users' | 'deploy';

export function grantedKeys(app: string, grant: Grant): string[] {
  return readListProp(NS, app, grant);
}

/** Lists are read, changed and written back: one change at a time, so none is lost. */
function withAclLock<T>(fn: () => T): T {
  return withLockSync(paths.namedLock('acl'), { what: 'The access lists', wait: true }, fn);
}

/** Add the key to the app's list; false when it was there already. */
export function grantKey(app: string, grant: Grant, key: string): boolean {
  return withAclLock(() => {
    const list = grantedKeys(app, grant);
    if (list.includes(key)) return false;
    writeListProp(NS, app, grant, [...list, key].sort());
    return true;
  });
}

/** Remove the key from the app's list; false when it was not there. */
export function revokeKey(app: string, grant: Grant, key: string): boolean {
  return withAclLock(() => {
    const list = grantedKeys(app, grant);
    if (!list.includes(key)) return false;
    writeListProp(
      NS,
      app,
      grant,
      list.filter((k) => k !== key),
    );
    return true;
  });
}

/** The apps whose list holds the key. */
export function appsGranted(key: string, grant: Grant): string[] {
  let apps: string[];
  try {
    apps = fs.readdirSync(paths.propsNamespace(NS)).filter((a) => !a.startsWith('.'));
  } catch {
    return [];
  }
  return apps.filter((app) => grantedKeys(app, grant).includes(key)).sort();
}

/** A removed key keeps no access: a new key given the same name later starts with none. */
export function forgetKey(key: string): void {
  if (!listPropNamespaces().includes(NS)) return;
  for (const grant of ['users', 'deploy'] as const)
    for (const app of appsGranted(key, grant)) revokeKey(app, grant, key);
}

/** A clone starts with no grants of its own (its creator is added when a user key made it). */
export function forgetApp(app: string): void {
  fs.rmSync(paths.propsDir(NS, app), { recursive: true, force: true });
}

/** An app a user key creates (apps:create, apps:clone or a first push) is its own. */
export function grantCreator(app: string, caller: Caller): void {
  if (caller.role === 'user') grantKey(app, 'users', caller.name);
}
