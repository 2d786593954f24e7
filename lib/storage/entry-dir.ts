// The host directory of a docker-local storage entry, STORAGE_DIR/NAME, and the only writes paas makes to
// it: create, chmod, chown and (storage:destroy --destroy-host-dir) remove. Every one works on the direct
// child of the storage root named by a validated entry name and never follows a symlink out of the root:
// chmod/chown go through a descriptor opened with O_NOFOLLOW, removal unlinks a planted symlink instead
// of descending into it (and fs.rmSync never follows the links it finds inside).
import fs from 'node:fs';
import path from 'node:path';
import { PaasError, UsageError } from '../core/errors.js';
import { paths } from '../state/paths.js';
import { ensureDir } from '../state/atomic.js';

/** Dokku's chmod-storage-dir/destroy-storage-dir: a directory name of [A-Za-z0-9_-] only. */
const DIR_NAME_RE = /^[A-Za-z0-9_-]+$/;
/** Dokku's directory mode: 3 or 4 octal digits. */
const MODE_RE = /^[0-7]{3,4}$/;

export function modeProblemText(mode: string): string {
  return `Unsupported directory mode ${JSON.stringify(mode)}. Value must be a 3 or 4 digit octal mode, such as 0755`;
}

/** "750" -> "0750" (Dokku's canonical 4-digit form); '' stays '' (unset). */
export function normalizeDirectoryMode(mode: string | undefined): string {
  if (mode === undefined || mode === '') return '';
  if (!MODE_RE.test(mode)) throw new UsageError(modeProblemText(mode));
  return mode.length === 3 ? '0' + mode : mode;
}

/** The storage root's direct child for a directory name; refuses anything that could leave the root. */
export function storageChild(name: string): string {
  if (!name) throw new UsageError('Please specify a directory');
  if (!DIR_NAME_RE.test(name))
    throw new UsageError('Directory can only contain the following set of characters: [A-Za-z0-9_-]');
  return path.join(paths.storageDir(), name);
}

/** Open the directory without following a symlink (a planted link is refused, never chmod'ed through). */
function openDir(dir: string): number {
  try {
    return fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR')
      throw new PaasError(`storage entry path ${dir} exists but is not a directory`);
    throw e;
  }
}

/** Create STORAGE_DIR/NAME (0755) if missing, then apply mode and owner: Dokku's converge on every create. */
export function convergeEntryDir(name: string, mode: string, uid: number | null): string {
  const dir = storageChild(name);
  ensureDir(dir, 0o755);
  const fd = openDir(dir);
  try {
    if (mode) fs.fchmodSync(fd, parseInt(mode, 8));
    if (uid !== null) fs.fchownSync(fd, uid, uid);
  } finally {
    fs.closeSync(fd);
  }
  return dir;
}

/**
 * Remove STORAGE_DIR/NAME and its contents. Missing: nothing to do. A symlink there is removed itself
 * (its target stays); anything that is not a directory is refused, as Dokku's destroy-storage-dir does.
 */
export function removeEntryDir(name: string): string {
  const dir = storageChild(name);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return dir;
  }
  if (st.isSymbolicLink()) {
    fs.unlinkSync(dir);
    return dir;
  }
  if (!st.isDirectory()) throw new PaasError(`${dir} exists but is not a directory`);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}
