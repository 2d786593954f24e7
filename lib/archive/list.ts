// What an archive (tar, tar.gz, zip) holds, read from its headers in node before anything is unpacked:
// git:from-archive checks this listing (lib/archive/check.ts) and only then runs tar or unzip.
import fs from 'node:fs';
import { createGunzip, inflateRawSync } from 'node:zlib';
import { PaasError } from '../core/errors.js';

export const ARCHIVE_TYPES = ['tar', 'tar.gz', 'zip'] as const;
export type ArchiveType = (typeof ARCHIVE_TYPES)[number];

export interface ArchiveEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'special';
  /** Symlink or hard link target. */
  target?: string;
  /** Unpacked size in bytes. */
  size: number;
}

/** The listing: at most `keep` entries kept, but every entry counted. */
export interface ArchiveListing {
  entries: ArchiveEntry[];
  count: number;
  totalSize: number;
}

const TAR_TYPES: Record<string, ArchiveEntry['type']> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'dir',
};

function field(block: Buffer, start: number, len: number): string {
  const raw = block.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? len : end).toString('utf8');
}

function numeric(block: Buffer, start: number, len: number): number {
  // base-256 (GNU, for sizes over 8 GiB): larger than any limit paas accepts
  if (block[start] & 0x80) return Number.MAX_SAFE_INTEGER;
  const s = field(block, start, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new PaasError('The archive is not a valid tar file (bad number field)');
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === numeric(h, 148, 8);
}

/** pax extended header records: "LEN key=value\n". */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp === -1) break;
    const len = parseInt(data.subarray(off, sp).toString(), 10);
    if (!(len > 0) || off + len > data.length)
      throw new PaasError('The archive is not a valid tar file (bad pax header)');
    const rec = data.subarray(sp + 1, off + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    off += len;
  }
  return out;
}

/** Incremental tar header reader: feed it the (unpacked) tar stream in chunks. */
export class TarLister {
  readonly listing: ArchiveListing = { entries: [], count: 0, totalSize: 0 };
  private buf: Buffer = Buffer.alloc(0);
  private skip = 0;
  private collect?: { kind: string; size: number; padded: number };
  private longName?: string;
  private longLink?: string;
  private pax: Record<string, string> = {};
  private ended = false;
  private seenHeader = false;

  constructor(private readonly keep: number) {}

  push(chunk: Buffer): void {
    if (this.ended) return;
    let data = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
      if (data.length === 0) return;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    for (;;) {
      if (this.collect) {
        if (this.buf.length < this.collect.padded) return;
        const body = this.buf.subarray(0, this.collect.size);
        this.applyMeta(this.collect.kind, body);
        this.buf = this.buf.subarray(this.collect.padded);
        this.collect = undefined;
        continue;
      }
      if (this.buf.length < 512) return;
      const h = this.buf.subarray(0, 512);
      this.buf = this.buf.subarray(512);
      if (h.every((b) => b === 0)) {
        this.ended = true;
        return;
      }
      if (!checksumOk(h)) throw new PaasError('The archive is not a valid tar file (bad header checksum)');
      this.seenHeader = true;
      const size = numeric(h, 124, 12);
      const padded = Math.ceil(size / 512) * 512;
      const flag = String.fromCharCode(h[156]);
      if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
        if (size > 1024 * 1024) throw new PaasError('The archive is not a valid tar file (oversized metadata header)');
        this.collect = { kind: flag, size, padded };
        continue;
      }
      this.addEntry(h, flag, size);
      if (this.buf.length >= padded) this.buf = this.buf.subarray(padded);
      else {
        this.skip = padded - this.buf.length;
        this.buf = Buffer.alloc(0);
        return;
      }
    }
  }

  private applyMeta(kind: string, body: Buffer): void {
    if (kind === 'L') this.longName = body.toString('utf8').replace(/\0+$/, '');
    else if (kind === 'K') this.longLink = body.toString('utf8').replace(/\0+$/, '');
    // global pax headers ('g') may also set a path or link for every later entry: read them the same way
    else Object.assign(this.pax, paxRecords(body));
  }

  private addEntry(h: Buffer, flag: string, size: number): void {
    const magic = field(h, 257, 6);
    const prefix = magic.startsWith('ustar') ? field(h, 345, 155) : '';
    const base = field(h, 0, 100);
    const name = this.pax.path ?? this.longName ?? (prefix ? `${prefix}/${base}` : base);
    const link = this.pax.linkpath ?? this.longLink ?? field(h, 157, 100);
    const realSize = this.pax.size !== undefined ? Number(this.pax.size) : size;
    this.longName = this.longLink = undefined;
    this.pax = {};
    const type = TAR_TYPES[flag] ?? 'special';
    const entry: ArchiveEntry = { name, type, size: type === 'file' ? realSize : 0 };
    if (type === 'symlink' || type === 'hardlink') entry.target = link;
    this.listing.count++;
    this.listing.totalSize += entry.size;
    if (this.listing.entries.length < this.keep) this.listing.entries.push(entry);
  }

  end(): ArchiveListing {
    if (!this.seenHeader) throw new PaasError('The archive is empty or not a valid tar file');
    if (!this.ended && (this.collect || this.skip > 0 || this.buf.length > 0))
      throw new PaasError('The archive is not a valid tar file (truncated)');
    return this.listing;
  }
}

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = readAt(fd, 0, 2);
    return b.length === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** List a tar or tar.gz file; keep at most `keep` entries (the rest are counted). */
export async function listTar(file: string, type: 'tar' | 'tar.gz', keep: number): Promise<ArchiveListing> {
  if (type === 'tar' && isGzip(file))
    throw new PaasError('The archive is gzipped; run git:from-archive again with --archive-type tar.gz');
  const lister = new TarLister(keep);
  const input = fs.createReadStream(file);
  const stream = type === 'tar.gz' ? input.pipe(createGunzip()) : input;
  try {
    for await (const chunk of stream) lister.push(chunk as Buffer);
  } catch (e) {
    input.destroy();
    if (e instanceof PaasError) throw e;
    throw new PaasError(`The archive is not a valid ${type} file: ${(e as Error).message}`);
  }
  return lister.end();
}

const S_IFMT = 0o170000;
/** What listZip reads into memory at most. */
const MAX_ZIP_DIRECTORY = 64 * 1024 * 1024;
const ZIP_TYPES: Record<number, ArchiveEntry['type']> = {
  0o100000: 'file',
  0o040000: 'dir',
  0o120000: 'symlink',
};

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = fs.readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}

/** The target a zip symlink entry stores as its contents (stored or deflated). */
function zipLinkTarget(fd: number, localOffset: number, method: number, csize: number): string {
  const lh = readAt(fd, localOffset, 30);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw new PaasError('The archive is not a valid zip file');
  const dataAt = localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  if (csize > 64 * 1024) return '/'.padEnd(4097, 'x');
  const raw = readAt(fd, dataAt, csize);
  if (method === 0) return raw.toString('utf8');
  if (method === 8) {
    try {
      return inflateRawSync(raw, { maxOutputLength: 64 * 1024 }).toString('utf8');
    } catch {
      throw new PaasError('The archive is not a valid zip file (bad symlink entry)');
    }
  }
  throw new PaasError(`The archive has a symlink stored with unsupported compression method ${method}`);
}

/** List a zip file from its central directory. */
export function listZip(file: string, keep: number): ArchiveListing {
  const listing: ArchiveListing = { entries: [], count: 0, totalSize: 0 };
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailLen = Math.min(size, 65557);
    const tail = readAt(fd, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd === -1) throw new PaasError('The archive is not a valid zip file (no end of central directory)');
    const total = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
      throw new PaasError('ZIP64 archives are not supported; use --archive-type tar.gz');
    if (cdOffset + cdSize > size) throw new PaasError('The archive is not a valid zip file (truncated)');
    // More entries than asked for: the count is all the caller needs to refuse it, nothing is read.
    if (total > keep) return { entries: [], count: total, totalSize: 0 };
    if (cdSize > MAX_ZIP_DIRECTORY)
      throw new PaasError(`The zip's central directory is larger than ${MAX_ZIP_DIRECTORY / 1024 / 1024} MiB`);
    const cd = readAt(fd, cdOffset, cdSize);
    let off = 0;
    for (let i = 0; i < total; i++) {
      if (off + 46 > cd.length || cd.readUInt32LE(off) !== 0x02014b50)
        throw new PaasError('The archive is not a valid zip file (bad central directory)');
      const host = cd[off + 5];
      const method = cd.readUInt16LE(off + 10);
      const csize = cd.readUInt32LE(off + 20);
      const usize = cd.readUInt32LE(off + 24);
      const nlen = cd.readUInt16LE(off + 28);
      const xlen = cd.readUInt16LE(off + 30);
      const clen = cd.readUInt16LE(off + 32);
      const ext = cd.readUInt32LE(off + 38);
      const local = cd.readUInt32LE(off + 42);
      const name = cd.subarray(off + 46, off + 46 + nlen).toString('utf8');
      off += 46 + nlen + xlen + clen;
      const mode = host === 3 ? (ext >>> 16) & S_IFMT : 0;
      let type: ArchiveEntry['type'] = mode ? (ZIP_TYPES[mode] ?? 'special') : 'file';
      if (name.endsWith('/')) type = type === 'file' ? 'dir' : type;
      const entry: ArchiveEntry = { name, type, size: type === 'file' ? usize : 0 };
      if (type === 'symlink') entry.target = zipLinkTarget(fd, local, method, csize);
      listing.count++;
      listing.totalSize += entry.size;
      if (listing.entries.length < keep) listing.entries.push(entry);
    }
  } finally {
    fs.closeSync(fd);
  }
  return listing;
}

export async function listArchive(file: string, type: ArchiveType, keep: number): Promise<ArchiveListing> {
  return type === 'zip' ? listZip(file, keep) : listTar(file, type, keep);
}
