// Where git:from-archive gets its archive: stdin, or a URL the server downloads. For a non-admin key the
// server must not become a way into the host's own network: every address the name resolves to must be
// public, the connection goes to the address that was checked (no second lookup a rebinding DNS server
// could answer differently), and each redirect is checked the same way.
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { PaasError, UsageError } from '../core/errors.js';
import { isPublicAddress } from '../net/addresses.js';
import { tooLargeError } from './check.js';

const MAX_REDIRECTS = 5;
/** No byte for this long ends the download. */
const IDLE_TIMEOUT_MS = 30_000;
/** The whole download, redirects included. */
const TOTAL_TIMEOUT_MS = 15 * 60_000;

function refuseAddress(host: string, ip: string): PaasError {
  return new PaasError(
    `Refusing to fetch from ${host}: it resolves to ${ip}, a loopback, private, link-local or otherwise non-public address (only admin keys may fetch from those)`,
  );
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http(s).request that only ever hands out checked, public addresses. */
export function publicOnlyLookup(
  resolve: (host: string) => Promise<dns.LookupAddress[]> = (h) => dns.promises.lookup(h, { all: true }),
  allowed: (ip: string) => boolean = isPublicAddress,
) {
  return (host: string, options: dns.LookupOptions, cb: LookupCallback): void => {
    resolve(host).then(
      (addrs) => {
        if (addrs.length === 0) return cb(new PaasError(`Could not resolve ${host}`), '');
        const bad = addrs.find((a) => !allowed(a.address));
        if (bad) return cb(refuseAddress(host, bad.address), '');
        if (options?.all) return cb(null, addrs);
        cb(null, addrs[0].address, addrs[0].family);
      },
      (e: NodeJS.ErrnoException) => cb(e, ''),
    );
  };
}

/** http or https only; anything else is a usage error. */
export function parseArchiveUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`Invalid archive url ${JSON.stringify(raw)}: use an http(s) URL, or -- to read stdin`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UsageError(`Invalid archive url ${JSON.stringify(raw)}: only http and https URLs are fetched`);
  return u;
}

/** What the URL is shown as in messages: no user:password. */
export function displayUrl(u: URL): string {
  const c = new URL(u.href);
  c.username = '';
  c.password = '';
  return c.href;
}

/** Counts bytes going through and fails once there are more than max. */
function capped(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > max) return cb(tooLargeError(max));
      cb(null, chunk);
    },
  });
}

/** Copy stdin (or any stream) to FILE, refusing more than maxSize bytes. Returns the size. */
export async function saveStream(input: NodeJS.ReadableStream, file: string, maxSize: number): Promise<number> {
  await pipeline(input, capped(maxSize), fs.createWriteStream(file, { mode: 0o600 }));
  return fs.statSync(file).size;
}

interface DownloadOptions {
  maxSize: number;
  /** Only public addresses (non-admin keys). */
  publicOnly: boolean;
  /** What counts as public (tests narrow it to reach a local server); isPublicAddress by default. */
  allowAddress?: (ip: string) => boolean;
}

function get(u: URL, opts: DownloadOptions, deadline: AbortSignal): Promise<http.IncomingMessage> {
  const allowed = opts.allowAddress ?? isPublicAddress;
  if (opts.publicOnly) {
    const host = u.hostname.replace(/^\[|\]$/g, '');
    // An address literal is never looked up, so it is checked here.
    if (net.isIP(host) && !allowed(host)) throw refuseAddress(host, host);
  }
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(u, {
      signal: deadline,
      lookup: opts.publicOnly ? (publicOnlyLookup(undefined, allowed) as unknown as typeof dns.lookup) : undefined,
      headers: { 'user-agent': 'paas git:from-archive', accept: '*/*' },
      agent: false,
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () =>
      req.destroy(new PaasError(`No response from ${u.host} for ${IDLE_TIMEOUT_MS / 1000} s`)),
    );
    req.on('response', resolve);
    req.on('error', reject);
  });
}

/** Download URL to FILE: redirects followed by hand (each checked), the body capped at maxSize. */
export async function downloadTo(url: URL, file: string, opts: DownloadOptions): Promise<number> {
  const deadline = AbortSignal.timeout(TOTAL_TIMEOUT_MS);
  let u = url;
  for (let hop = 0; ; hop++) {
    let res: http.IncomingMessage;
    try {
      res = await get(u, opts, deadline);
    } catch (e) {
      if (e instanceof PaasError) throw e;
      throw new PaasError(`Could not download ${displayUrl(u)}: ${(e as Error).message}`);
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= MAX_REDIRECTS)
        throw new PaasError(`Too many redirects (more than ${MAX_REDIRECTS}) from ${displayUrl(url)}`);
      u = parseArchiveUrl(new URL(res.headers.location, u).href);
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new PaasError(`Could not download ${displayUrl(u)}: HTTP ${status}`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > opts.maxSize) {
      res.destroy();
      throw tooLargeError(opts.maxSize);
    }
    try {
      return await saveStream(res, file, opts.maxSize);
    } catch (e) {
      if (e instanceof PaasError) throw e;
      throw new PaasError(`Could not download ${displayUrl(u)}: ${(e as Error).message}`);
    }
  }
}
