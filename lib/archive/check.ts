// The security checks of git:from-archive (Dokku's plugins/common/archive-functions, with its messages):
// the listing is checked before anything is unpacked, and the unpacked tree once more after.
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { ArchiveEntry, ArchiveListing } from './list.js';

export interface ArchiveLimits {
  /** Bytes: the archive file, and (paas) the sum of the sizes of what it unpacks to. */
  maxSize: number;
  /** Entries (files, directories, links). */
  maxFiles: number;
}

export function tooLargeError(maxSize: number): PaasError {
  return new PaasError(`Archive exceeds maximum allowed size of ${maxSize} bytes`);
}

/** The archive file itself, before it is even listed. */
export function checkArchiveSize(bytes: number, limits: ArchiveLimits): void {
  if (bytes > limits.maxSize) throw tooLargeError(limits.maxSize);
}

/** Path components of an entry name ("./" and empty parts dropped; a backslash counts as a separator). */
function parts(name: string): string[] {
  return name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
}

const isAbsolute = (p: string) => p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);

/**
 * Where a symlink at NAME pointing at TARGET lands, relative to the extraction root; undefined when it
 * leaves the root. Lexical, which is exact because no entry may sit below another symlink.
 */
export function symlinkLanding(name: string, target: string): string | undefined {
  const at = parts(name).slice(0, -1);
  for (const p of parts(target)) {
    if (p === '..') {
      if (at.length === 0) return undefined;
      at.pop();
    } else at.push(p);
  }
  return at.join('/');
}

/** Refuse an archive that could write outside the extraction directory, or that is too large. */
export function checkListing(listing: ArchiveListing, limits: ArchiveLimits): void {
  if (listing.count > limits.maxFiles)
    throw new PaasError(`Archive contains ${listing.count} entries which exceeds the maximum of ${limits.maxFiles}`);
  if (listing.totalSize > limits.maxSize)
    throw new PaasError(`Archive contents exceed maximum allowed size of ${limits.maxSize} bytes once unpacked`);
  const entries = listing.entries;
  if (entries.some((e) => isAbsolute(e.name))) throw new PaasError('Archive contains entries with absolute paths');
  if (entries.some((e) => parts(e.name).includes('..')))
    throw new PaasError('Archive contains entries with parent directory traversal');
  for (const e of entries.filter((x) => x.type === 'symlink')) {
    const target = e.target ?? '';
    if (isAbsolute(target)) throw new PaasError('Archive contains symlinks with absolute targets');
    if (target === '' || symlinkLanding(e.name, target) === undefined)
      throw new PaasError('Archive contains symlinks pointing outside extraction directory');
  }
  if (entries.some((e) => e.type === 'hardlink')) throw new PaasError('Archive contains hard links, which are refused');
  const special = entries.find((e) => e.type === 'special');
  if (special)
    throw new PaasError(
      `Archive contains ${JSON.stringify(special.name)}, a device, fifo or other special entry, which is refused`,
    );
  // An entry below a symlink would be written wherever the link points (pwn -> dir, then pwn/file).
  const links = new Set(entries.filter((e) => e.type === 'symlink').map((e) => parts(e.name).join('/')));
  for (const e of entries) {
    const p = parts(e.name);
    for (let i = 1; i < p.length; i++)
      if (links.has(p.slice(0, i).join('/')))
        throw new PaasError(`Archive contains ${JSON.stringify(e.name)} inside a symlink, which is refused`);
  }
}

/** After unpacking, once more on disk (as Dokku): no symlink leaves the tree, no hard link, no device. */
export function checkExtractedTree(root: string): void {
  const real = fs.realpathSync(root);
  const inside = (p: string) => p === real || p.startsWith(real + path.sep);
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) {
        const target = fs.readlinkSync(p);
        const landing = path.isAbsolute(target) ? target : path.resolve(fs.realpathSync(dir), target);
        let resolved = landing;
        try {
          resolved = fs.realpathSync(p);
        } catch {
          // dangling: where it would point is checked instead
        }
        if (path.isAbsolute(target) || !inside(landing) || !inside(resolved))
          throw new PaasError('Archive contains symlinks pointing outside extraction directory');
      } else if (st.isDirectory()) walk(p);
      else if (!st.isFile())
        throw new PaasError(`Archive contains ${d.name}, a device, fifo or socket, which is refused`);
      else if (st.nlink > 1) throw new PaasError('Archive contains hard links, which are refused');
    }
  };
  walk(root);
}

export type { ArchiveEntry };
