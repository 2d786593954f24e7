// Atomic file writes: temp file in the same directory, fsync, rename. A crash leaves old or new, never half.
import fs from 'node:fs';
import path from 'node:path';
import { stateRoot } from './paths.js';

/** 0750 by default: nothing under the state root is for other local accounts (nginx gets acme-challenge). */
export function ensureDir(dir: string, mode = 0o750): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode });
  adoptOwner(dir);
}

/** When root writes inside the state root, the file belongs to the state root's owner (the paas user). */
export function adoptOwner(file: string): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const root = stateRoot();
  if (!file.startsWith(root + path.sep)) return;
  try {
    const st = fs.statSync(root);
    if (st.uid === 0) return;
    // Chown every directory from the file up to the root that root made.
    let p = file;
    while (p.startsWith(root + path.sep)) {
      const s = fs.lstatSync(p);
      if (s.uid === 0) fs.lchownSync(p, st.uid, st.gid);
      p = path.dirname(p);
    }
  } catch {
    /* ownership is best effort; the write itself succeeded */
  }
}

/**
 * owner: give the file to this uid/gid before it appears (for files outside the state root that
 * another program reads as that user, like sshd reading authorized_keys).
 */
export function writeFileAtomic(
  file: string,
  data: string | Buffer,
  mode = 0o644,
  owner?: { uid: number; gid: number },
): void {
  const dir = path.dirname(file);
  ensureDir(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  // O_EXCL: never write through a file (or symlink) that is already there.
  const fd = openExclusive(tmp, mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fchmodSync(fd, mode);
    if (owner && process.getuid?.() === 0) fs.fchownSync(fd, owner.uid, owner.gid);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  adoptOwner(file);
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* directory fsync is not supported everywhere */
  }
}

function openExclusive(file: string, mode: number): number {
  try {
    return fs.openSync(file, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    fs.rmSync(file, { force: true }); // a leftover of a crashed writer with the same pid
    return fs.openSync(file, 'wx', mode);
  }
}

export function readFileOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
}

export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
}
