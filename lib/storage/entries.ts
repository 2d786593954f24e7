// Named storage entries (Dokku 0.38's storage:create/list-entries/info/destroy): a name for a host
// directory, by default STORAGE_DIR/NAME, that `storage:mount APP NAME --container-dir DIR` attaches.
// One JSON record per entry in props/storage/__global__/entry.NAME; an attachment is stored as the plain
// mount line HOST_PATH:DIR[:OPTIONS], so deploys, confinement and storage:list need nothing new.
import path from 'node:path';
import { PaasError, UsageError } from '../core/errors.js';
import { GLOBAL, listPropKeys, readProp, removeProp, writeProp } from '../state/props.js';
import { paths } from '../state/paths.js';
import { warn } from '../core/log.js';
import { convergeEntryDir, normalizeDirectoryMode, removeEntryDir } from './entry-dir.js';
import { validateAbsolutePath } from '../state/validate.js';
import { listApps } from '../apps/store.js';
import { readMounts } from './mounts.js';
import { assertMountAllowed } from './confine.js';

const NS = 'storage';
const PREFIX = 'entry.';
/** Dokku: a DNS-1123 label of at most 45 characters; `legacy-` is kept for its migration. */
const ENTRY_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_ENTRY_NAME = 45;

/** The builders' users, as storage:ensure-directory names them (Dokku's chown presets). */
const CHOWN_PRESETS: Record<string, number | null> = {
  herokuish: 32767,
  heroku: 1000,
  paketo: 2000,
  packeto: 2000,
  root: 0,
  false: null,
};

export interface StorageEntry {
  name: string;
  scheduler: 'docker-local';
  host_path: string;
  /** Not used on docker-local; stored and shown as Dokku does (storage:set namespace). */
  namespace?: string;
  chown?: string;
  /** Directory mode in Dokku's 4-digit octal form, e.g. "0750". */
  mode?: string;
  /** Retain (default) or Delete: Delete removes the default host directory on storage:destroy. */
  reclaim_policy?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  schema_version: number;
}

export interface EntryOptions {
  chown?: string;
  mode?: string;
  reclaimPolicy?: string;
}

const RECLAIM_POLICIES = ['Retain', 'Delete'];

/** allowLegacy: looking up an entry storage:migrate made (legacy-HASH), never creating one by that name. */
export function validateEntryName(name: string | undefined, allowLegacy = false): string {
  if (!name) throw new UsageError('storage entry name is required');
  if (name.length > MAX_ENTRY_NAME || !ENTRY_RE.test(name))
    throw new UsageError(
      `Invalid storage entry name ${JSON.stringify(name)}: use lowercase letters, digits and dashes (at most ${MAX_ENTRY_NAME}), starting and ending with a letter or digit`,
    );
  if (!allowLegacy && name.startsWith('legacy-'))
    throw new UsageError(`Invalid storage entry name ${JSON.stringify(name)}: the legacy- prefix is reserved`);
  return name;
}

/**
 * The uid (and gid) for a --chown value: a preset, or a uid Dokku's chown-storage-dir allows (0-65535,
 * and the user-namespace offset range 165536-231071); null for false.
 */
export function chownId(value: string): number | null {
  if (value in CHOWN_PRESETS) return CHOWN_PRESETS[value];
  if (!/^\d+$/.test(value))
    throw new UsageError(
      `Unsupported chown permissions ${JSON.stringify(value)}. Value must be a non-negative integer (or herokuish, heroku, paketo, root, false)`,
    );
  const n = Number(value);
  if (n > 65535 && (n < 165536 || n > 231071))
    throw new UsageError(
      `Unsupported chown permissions ${JSON.stringify(value)}. Supported values: 0-65535 (and user namespace offset variants, 165536-231071)`,
    );
  return n;
}

export function defaultEntryPath(name: string): string {
  return path.join(paths.storageDir(), name);
}

export function readEntry(name: string): StorageEntry | null {
  const text = readProp(NS, GLOBAL, PREFIX + name);
  return text ? (JSON.parse(text) as StorageEntry) : null;
}

export function requireEntry(name: string | undefined): StorageEntry {
  const entry = readEntry(validateEntryName(name, true));
  if (!entry) throw new PaasError(`storage entry ${JSON.stringify(name)} does not exist`);
  return entry;
}

export function listEntries(): StorageEntry[] {
  return listPropKeys(NS, GLOBAL)
    .filter((k) => k.startsWith(PREFIX))
    .map((k) => readEntry(k.slice(PREFIX.length)))
    .filter((e): e is StorageEntry => e !== null);
}

/** Dokku's requireDefaultHostPath: flags paas applies itself only work on STORAGE_DIR/NAME. */
export function requireDefaultHostPath(entry: Pick<StorageEntry, 'name' | 'host_path'>, flag: string): void {
  const dflt = defaultEntryPath(entry.name);
  if (entry.host_path !== dflt)
    throw new UsageError(
      `${flag} is only supported when the storage entry uses the default host path (${dflt}); omit ${flag} and manage ${entry.host_path} manually`,
    );
}

/** Dokku's Entry.Validate for docker-local, on what paas stores. Throws the first problem. */
export function validateEntry(entry: StorageEntry): void {
  if (entry.reclaim_policy !== undefined && !RECLAIM_POLICIES.includes(entry.reclaim_policy))
    throw new UsageError(
      `storage entry ${JSON.stringify(entry.name)} has unsupported reclaim policy ${JSON.stringify(entry.reclaim_policy)}`,
    );
  if (entry.mode !== undefined) normalizeDirectoryMode(entry.mode);
  if (entry.chown !== undefined) chownId(entry.chown);
  const dflt = defaultEntryPath(entry.name);
  if (entry.reclaim_policy === 'Delete' && entry.host_path !== dflt)
    throw new UsageError(
      `storage entry ${JSON.stringify(entry.name)} (docker-local) only accepts --reclaim-policy Delete on the default host path (${dflt})`,
    );
  if (entry.chown !== undefined && entry.chown !== 'false') requireDefaultHostPath(entry, '--chown');
  if (entry.mode) requireDefaultHostPath(entry, '--mode');
}

/** Make the default directory and apply the entry's mode and owner (Dokku's ensureDockerLocalPath). */
export function convergeEntry(entry: StorageEntry): void {
  if (entry.host_path !== defaultEntryPath(entry.name)) return;
  const uid = entry.chown === undefined ? null : chownId(entry.chown);
  convergeEntryDir(entry.name, entry.mode ?? '', uid);
}

export function saveEntry(entry: StorageEntry): void {
  writeProp(NS, GLOBAL, PREFIX + entry.name, JSON.stringify(entry));
}

/** storage:create: register NAME (idempotent: again re-applies mode and owner), making its default directory. */
export function createEntry(name: string | undefined, hostPath: string | undefined, opts: EntryOptions = {}) {
  validateEntryName(name);
  const entryName = name as string;
  const dflt = defaultEntryPath(entryName);
  const dir = hostPath === undefined ? dflt : path.posix.normalize(validateAbsolutePath(hostPath, 'host path'));
  const entry: StorageEntry = { name: entryName, scheduler: 'docker-local', host_path: dir, schema_version: 1 };
  if (opts.chown !== undefined) entry.chown = opts.chown;
  const mode = normalizeDirectoryMode(opts.mode);
  if (mode) entry.mode = mode;
  if (opts.reclaimPolicy !== undefined) entry.reclaim_policy = opts.reclaimPolicy;
  validateEntry(entry);
  // A custom path is a bind mount source: a non-admin may only name one under the storage root.
  assertMountAllowed({ kind: 'bind', source: dir, target: '/data', options: '' }, dir);
  const existing = readEntry(entryName);
  if (existing && existing.host_path !== dir)
    throw new PaasError(
      `storage entry ${JSON.stringify(entryName)} already exists with host path ${existing.host_path}; refusing to redefine`,
    );
  // Annotations and labels are set with their own commands: a second create keeps them.
  if (existing?.annotations) entry.annotations = existing.annotations;
  if (existing?.labels) entry.labels = existing.labels;
  convergeEntry(entry);
  saveEntry(entry);
  return { entry, existed: existing !== null };
}

/** Apps with a mount whose host path is the entry's directory. */
export function appsUsingEntry(entry: StorageEntry): string[] {
  return listApps().filter((app) => readMounts(app).some((m) => m.source === entry.host_path));
}

export function assertEntryUnused(entry: StorageEntry): void {
  const using = appsUsingEntry(entry);
  if (using.length)
    throw new PaasError(`storage entry ${JSON.stringify(entry.name)} is still mounted by app(s): ${using.join(', ')}`);
}

/**
 * Whether storage:destroy removes the entry's directory: asked (--destroy-host-dir, only on the default
 * path) or the entry's reclaim policy is Delete (an old entry with Delete on another path only warns).
 */
export function removesHostDir(entry: StorageEntry, destroyHostDir: boolean): boolean {
  if (!destroyHostDir && entry.reclaim_policy !== 'Delete') return false;
  try {
    requireDefaultHostPath(entry, '--destroy-host-dir');
    return true;
  } catch (e) {
    if (destroyHostDir) throw e;
    warn(`Leaving ${entry.host_path} in place; reclaim policy Delete only removes the default host path`);
    return false;
  }
}

/** storage:destroy: forget the entry; the directory and its data stay unless removeDir (Retain default). */
export function destroyEntry(entry: StorageEntry, removeDir = false): void {
  assertEntryUnused(entry);
  if (removeDir) {
    requireDefaultHostPath(entry, '--destroy-host-dir');
    removeEntryDir(entry.name);
  }
  removeProp(NS, GLOBAL, PREFIX + entry.name);
}

/** The entry whose directory a mount's host path is, for storage:list's entry_name. */
export function entryForPath(hostPath: string, entries: StorageEntry[] = listEntries()): StorageEntry | undefined {
  return entries.find((e) => e.host_path === hostPath);
}
