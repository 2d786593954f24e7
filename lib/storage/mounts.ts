// Persistent storage: the app's mounts (props storage/APP/mounts, one "SOURCE:TARGET[:OPTIONS]" a line),
// applied to deploy and run containers alike, so data outlives every redeploy and rebuild.
import fs from 'node:fs';
import path from 'node:path';
import type { CreateOptions } from '../docker/merge.js';
import { PaasError, UsageError } from '../core/errors.js';
import { readListProp, writeListProp } from '../state/props.js';
import { paths } from '../state/paths.js';
import { ensureDir } from '../state/atomic.js';
import { validateName } from '../state/validate.js';
import { readOptions } from '../docker-options/store.js';
import { formatMount, MountSpec, parseMountSpec } from './mount-spec.js';

const NS = 'storage';
const KEY = 'mounts';

export function readMounts(app: string): MountSpec[] {
  return readListProp(NS, app, KEY).map((line) => parseMountSpec(line));
}

/** Mounts added with docker-options -v for a phase (Dokku's storage lists those too). */
export function dockerOptionMounts(app: string, phase: 'deploy' | 'run'): MountSpec[] {
  return readOptions(app, phase)
    .filter((o) => o.flag === '--volume')
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
  const binds = readMounts(app).map(formatMount);
  return binds.length ? { HostConfig: { Binds: binds } } : {};
}

/** Add a mount. Refuses a second mount on the same container path (docker would refuse to start). */
export function addMount(app: string, spec: string): MountSpec {
  const m = parseMountSpec(spec);
  const current = readMounts(app);
  if (current.some((c) => formatMount(c) === formatMount(m)))
    throw new PaasError(`Mount path already exists: ${formatMount(m)}`);
  const clash = [...current, ...dockerOptionMounts(app, 'deploy'), ...dockerOptionMounts(app, 'run')].find(
    (c) => c.target === m.target,
  );
  if (clash)
    throw new PaasError(`Container path ${m.target} is already mounted (${formatMount(clash)}); unmount it first`);
  writeListProp(NS, app, KEY, [...current.map(formatMount), formatMount(m)]);
  return m;
}

export function removeMount(app: string, spec: string): MountSpec {
  const m = parseMountSpec(spec);
  const current = readMounts(app);
  const rest = current.filter((c) => formatMount(c) !== formatMount(m));
  if (rest.length === current.length) {
    const byTarget = current.find((c) => c.source === m.source && c.target === m.target);
    if (!byTarget) throw new PaasError(`Mount path does not exist: ${formatMount(m)}`);
    writeListProp(NS, app, KEY, current.filter((c) => c !== byTarget).map(formatMount));
    return byTarget;
  }
  writeListProp(NS, app, KEY, rest.map(formatMount));
  return m;
}

export const CHOWN_IDS: Record<string, [number, number] | null> = {
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
