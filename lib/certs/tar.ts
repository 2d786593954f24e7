// `certs:add APP < cert-key.tar`, as Dokku accepts: read server.crt and server.key out of a tar stream
// in memory (plain or gzipped), without unpacking anything to disk.
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../core/errors.js';
import { checkListing } from '../archive/check.js';
import { TarLister } from '../archive/list.js';

/** certs:add input (a tar, gzipped or not, or each PEM file) is refused above this size. */
export const MAX_CERT_INPUT = 1024 * 1024;

function tooLarge(what: string): UsageError {
  return new UsageError(
    `The ${what} is larger than ${MAX_CERT_INPUT / 1024 / 1024} MiB; certs:add takes a certificate and key`,
  );
}

/** gunzip with a ceiling, so a small gzip bomb cannot fill the memory. */
function gunzipLimited(input: Buffer): Buffer {
  try {
    return gunzipSync(input, { maxOutputLength: MAX_CERT_INPUT });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw tooLarge('unpacked archive');
    throw new UsageError(`The input is not a valid gzip stream: ${(e as Error).message}`);
  }
}

/** Read at most MAX_CERT_INPUT bytes from a stream; refuse anything longer. */
export async function readLimited(stream: AsyncIterable<Buffer | string>, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    total += b.length;
    if (total > MAX_CERT_INPUT) throw tooLarge(what);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export interface TarFile {
  name: string;
  data: Buffer;
}

function field(block: Buffer, start: number, len: number): string {
  const raw = block.subarray(start, start + len);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? len : end).toString('utf8');
}

function octal(block: Buffer, start: number, len: number): number {
  const s = field(block, start, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new UsageError('The input is not a tar archive (bad size field)');
  return s ? parseInt(s, 8) : 0;
}

/**
 * Nothing is unpacked here, but an archive git:from-archive would refuse (absolute or `..` paths, symlinks
 * out of the tree, hard links, devices) is refused the same way, with Dokku's messages.
 */
function refuseUnsafeEntries(buf: Buffer): void {
  const lister = new TarLister(1000);
  try {
    lister.push(buf);
  } catch {
    // not a tar the lister reads to the end: the entries before the fault are checked, and the reader
    // below says what is wrong with the rest
  }
  checkListing(lister.listing, { maxSize: MAX_CERT_INPUT, maxFiles: 1000 });
}

/** Regular files of a tar archive, names without a leading "./". */
export function readTarFiles(input: Buffer): TarFile[] {
  if (input.length > MAX_CERT_INPUT) throw tooLarge('input');
  const buf = input.length > 2 && input[0] === 0x1f && input[1] === 0x8b ? gunzipLimited(input) : input;
  refuseUnsafeEntries(buf);
  const files: TarFile[] = [];
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const magic = field(header, 257, 6);
    if (off === 0 && !magic.startsWith('ustar') && header[156] !== 0x30 && header[156] !== 0)
      throw new UsageError('The input is not a tar archive');
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = magic.startsWith('ustar') ? field(header, 345, 155) : '';
    let name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const dataStart = off + 512;
    if (dataStart + size > buf.length) throw new UsageError('The tar archive is truncated');
    const data = buf.subarray(dataStart, dataStart + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '7') {
      name = name.replace(/^(\.\/)+/, '');
      files.push({ name, data: Buffer.from(data) });
    }
    off = dataStart + Math.ceil(size / 512) * 512;
  }
  if (off === 0) throw new UsageError('The input is empty or not a tar archive');
  return files;
}

/** Dokku's convention: the archive holds server.crt and server.key (in any folder). */
export function certKeyFromTar(input: Buffer): { cert: string; key: string } {
  const files = readTarFiles(input);
  const pick = (ext: string) => {
    const hits = files.filter((f) => f.name.endsWith(`.${ext}`));
    const exact = hits.find((f) => f.name === `server.${ext}` || f.name.endsWith(`/server.${ext}`));
    if (exact) return exact;
    if (hits.length === 1) return hits[0];
    throw new UsageError(
      hits.length === 0
        ? `The tar archive has no .${ext} file (expected server.crt and server.key)`
        : `The tar archive has several .${ext} files (${hits.map((h) => h.name).join(', ')}); name the one to use server.${ext}`,
    );
  };
  return { cert: pick('crt').data.toString('utf8'), key: pick('key').data.toString('utf8') };
}
