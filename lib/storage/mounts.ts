// Persistent storage: the app's mounts (props storage/APP/mounts, one "SOURCE:TARGET[:OPTIONS]" a line),
// applied to deploy and run containers alike, so data outlives every redeploy and rebuild.
import fs from 'node:fs';
import path from 'node:path';
import type { CreateOptions } from '../docker/merge.js';
import { AccessError, PaasError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { readListProp, writeListProp } from '../state/props.js';
import { paths } from '../state/paths.js';
import { ensureDir } from '../state/atomic.js';
import { validateName } from '../state/validate.js';
import { readOptions } from '../docker-options/store.js';
import { isAnonymousVolume } from '../docker-options/parse.js';
import { formatMount, MountSpec, parseMountSpec } from './mount-spec.js';
import { assertMountAllowed, mountProblem } from './confine.js';

const NS = 'storage';
const KEY = 'mounts';
/** The mounts an admin set (one canonical line each): only these may reach outside the storage root. */
const ADMIN_KEY = 'mounts-admin';

function readAdminMounts(app: string): Set<string> {
  return new Set(readListProp(NS, app, ADMIN_KEY));
}

/** Keep the admin list to mounts that are still there. */
function writeAdminMounts(app: string, mounts: string[], admin: Set<string>): void {
  writeListProp(
    NS,
    app,
    ADMIN_KEY,
    mounts.filter((m) => admin.has(m)),
  );
}

export function readMounts(app: string): MountSpec[] {
  return readListProp(NS, app, KEY).map((line) => parseMountSpec(line));
}

/** Mounts added with docker-options -v for a phase (Dokku's storage lists those too). */
function dockerOptionMounts(app: string, phase: 'deploy' | 'run'): MountSpec[] {
  return readOptions(app, phase)
    .filter((o) => o.flag === '--volume' && !isAnonymousVolume(o.value ?? ''))
    .map((o) => parseMountSpec(o.value));
}

/** Every mount a phase's containers get, storage first, without duplicates. */
export function phaseMounts(app: string, phase: 'deploy' | 'run'): MountSpec[] {
  const seen = new Set<string>();
  return [...readMounts(app), ...dockerOptionMounts(app, phase)].filter((m) => {
    const k = formatMount(m);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Create-options fragment: the app's storage mounts as Binds (same for deploy and run containers). */
export function storageCreateOptions(app: string, phase: 'deploy' | 'run'): Partial<CreateOptions> {
  void phase; // storage mounts apply to both phases, as Dokku's storage:mount does
  const mounts = readMounts(app);
  assertStoredMountsAllowed(app, mounts);
  const binds = mounts.map(formatMount);
  return binds.length ? { HostConfig: { Binds: binds } } : {};
}

/**
 * Re-check at deploy what was stored without an admin (by a user key, before paas recorded who set it,
 * or by hand): a mount that reaches outside the storage root is refused instead of handed to docker.
 */
export function assertStoredMountsAllowed(app: string, mounts: MountSpec[] = readMounts(app)): void {
  const admin = readAdminMounts(app);
  for (const m of mounts) {
    const text = formatMount(m);
    if (admin.has(text)) continue;
    const why = mountProblem(m);
    if (why)
      throw new AccessError(
        `Stored mount ${JSON.stringify(text)} of ${app} was not set by an admin and is refused: ${why} (an admin keeps it with "paas storage:mount ${app} ${text}", or remove it with storage:unmount)`,
      );
  }
}

/**
 * Add a mount. Refuses a second mount on the same container path (docker would refuse to start). An
 * admin adding a mount that is already there vouches for it (it may then reach outside the storage root).
 */
export function addMount(
  app: string,
  spec: string,
  replace = false,
  vouch = callerIsAdmin(),
): MountSpec & { vouched?: boolean } {
  const m = parseMountSpec(spec);
  assertMountAllowed(m, spec);
  // A named entry mounted again on the same container path updates that mount (Dokku's upsert).
  const current = readMounts(app).filter(
    (c) => !replace || c.source !== m.source || c.target !== m.target || formatMount(c) === formatMount(m),
  );
  const admin = readAdminMounts(app);
  const text = formatMount(m);
  if (current.some((c) => formatMount(c) === text)) {
    if (replace) return m;
    if (!vouch || admin.has(text)) throw new PaasError('Mount path already exists.');
    admin.add(text);
    writeAdminMounts(app, current.map(formatMount), admin);
    return { ...m, vouched: true };
  }
  const clash = [...current, ...dockerOptionMounts(app, 'deploy'), ...dockerOptionMounts(app, 'run')].find(
    (c) => c.target === m.target,
  );
  if (clash)
    throw new PaasError(`Container path ${m.target} is already mounted (${formatMount(clash)}); unmount it first`);
  const next = [...current.map(formatMount), text];
  if (vouch) {
    // The admin mark is written first: a crash in between leaves a mark on nothing, never a hostile
    // mount that looks vouched for.
    admin.add(text);
    writeAdminMounts(app, next, admin);
  }
  writeListProp(NS, app, KEY, next);
  return m;
}

export function removeMount(app: string, spec: string): MountSpec {
  const m = parseMountSpec(spec);
  const current = readMounts(app);
  const rest = current.filter((c) => formatMount(c) !== formatMount(m));
  if (rest.length === current.length) {
    const byTarget = current.find((c) => c.source === m.source && c.target === m.target);
    if (!byTarget) throw new PaasError('Mount path does not exist.');
    const left = current.filter((c) => c !== byTarget).map(formatMount);
    writeListProp(NS, app, KEY, left);
    writeAdminMounts(app, left, readAdminMounts(app));
    return byTarget;
  }
  writeListProp(NS, app, KEY, rest.map(formatMount));
  writeAdminMounts(app, rest.map(formatMount), readAdminMounts(app));
  return m;
}

/** Remove every mount of a host path (an entry), or only the one on `target`; returns what went. */
export function removeMountsOf(app: string, source: string, target?: string): MountSpec[] {
  const current = readMounts(app);
  const gone = current.filter((c) => c.source === source && (target === undefined || c.target === target));
  if (gone.length === 0) throw new PaasError('Mount path does not exist.');
  const rest = current.filter((c) => !gone.includes(c)).map(formatMount);
  writeListProp(NS, app, KEY, rest);
  writeAdminMounts(app, rest, readAdminMounts(app));
  return gone;
}

const CHOWN_IDS: Record<string, [number, number] | null> = {
  herokuish: [32767, 32767],
  heroku: [1000, 1000],
  packeto: [2000, 2000],
  paketo: [2000, 2000],
  root: [0, 0],
  false: null,
};

/** storage:ensure-directory: STORAGE_DIR/NAME, owned for the chosen builder's user. */
export function ensureStorageDirectory(
  name: string,
  chown = 'herokuish',
): { dir: string; owner: [number, number] | null } {
  validateName('directory name', name);
  if (!(chown in CHOWN_IDS))
    throw new UsageError(
      `Invalid --chown value ${JSON.stringify(chown)}: use herokuish, heroku, paketo, root or false`,
    );
  const dir = path.join(paths.storageDir(), name);
  ensureDir(dir);
  const owner = CHOWN_IDS[chown];
  if (owner) fs.chownSync(dir, owner[0], owner[1]);
  return { dir, owner };
}
