// Where a non-admin caller's bind mounts may point: a directory under the storage root, reached without
// any symlink, so a container never sees the host's own files (/, /etc, docker.sock, other state).
import fs from 'node:fs';
import path from 'node:path';
import { AccessError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { paths } from '../state/paths.js';
import type { MountSpec } from './mount-spec.js';

/** Mode words that only keep a mount inside the container (no propagation back to the host). */
const USER_MODE_WORDS = new Set(['ro', 'rw', 'z', 'Z', 'nocopy']);

/** Why a non-admin may not bind-mount this host path, or null when it stays inside the storage root. */
export function bindSourceProblem(source: string): string | null {
  const root = paths.storageDir();
  if (source.includes('docker.sock')) return `${source} is the docker socket`;
  if (source.split('/').includes('..')) return `${source} contains ".."`;
  const p = path.posix.normalize(source);
  if (!p.startsWith(root + '/') || p === root + '/')
    return `${source} is outside the storage root ${root} (use a directory under it, see storage:ensure-directory)`;
  // Every existing component below the root must be a real directory or file, never a symlink: docker
  // follows symlinks when it mounts, so one link would lead anywhere on the host.
  let cur = root;
  for (const part of p.slice(root.length + 1).split('/')) {
    cur = path.join(cur, part);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch {
      break; // not there yet: docker makes it, inside the root
    }
    if (st.isSymbolicLink()) return `${source} passes through the symlink ${cur}`;
  }
  try {
    const realRoot = fs.realpathSync(root);
    let existing = p;
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    const real = fs.realpathSync(existing);
    if (real !== realRoot && !real.startsWith(realRoot + '/'))
      return `${source} resolves to ${real}, outside the storage root ${root}`;
  } catch {
    /* no storage root yet: the component walk above already decided */
  }
  return null;
}

/** Why a non-admin may not use this mount, or null. Named volumes stay docker's business. */
export function mountProblem(m: MountSpec): string | null {
  if (m.options) {
    const bad = m.options.split(',').find((w) => !USER_MODE_WORDS.has(w));
    if (bad) return `mount option ${JSON.stringify(bad)} changes mount propagation on the host`;
  }
  return m.kind === 'bind' ? bindSourceProblem(m.source) : null;
}

/** storage:mount for a non-admin caller: refuse anything that would reach outside the storage root. */
export function assertMountAllowed(m: MountSpec, spec: string): void {
  if (callerIsAdmin()) return;
  const why = mountProblem(m);
  if (why) throw new AccessError(`Only an admin may mount ${JSON.stringify(spec)}: ${why}`);
}
