// Which network addresses a non-admin key may make the server connect to (git:sync, git:from-archive):
// public ones only. Loopback, private, link-local (the cloud metadata address 169.254.169.254),
// carrier-grade NAT, documentation, multicast and reserved ranges reach the host or its neighbours, so
// a user key could use the server to read what only the server can reach.
import dns from 'node:dns/promises';
import net from 'node:net';
import { PaasError } from '../core/errors.js';

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(addr, prefix, 'ipv6');

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(ip: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1];
  const words = expandV6(ip);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (n: number) => words.slice(0, n).every((w) => w === 0);
  if (zeros(5) && words[5] === 0xffff) return v4(words[6], words[7]); // ::ffff:a.b.c.d
  if (zeros(6) && (words[6] || words[7] > 1)) return v4(words[6], words[7]); // ::a.b.c.d
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0))
    return v4(words[6], words[7]); // 64:ff9b::a.b.c.d
  if (words[0] === 0x2002) return v4(words[1], words[2]); // 6to4
  return undefined;
}

function expandV6(ip: string): number[] | undefined {
  if (net.isIPv6(ip) === false) return undefined;
  let s = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    s = s.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const words = [...h, ...Array(fill).fill('0'), ...t].map((w) => parseInt(w, 16));
  return words.length === 8 ? words : undefined;
}

/**
 * True for an address on the public internet. An IPv6 address that carries an IPv4 one (mapped,
 * compatible, NAT64, 6to4) is judged by that IPv4 address too.
 */
export function isPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return !blocked.check(ip, 'ipv4');
  if (family !== 6) return false;
  const plain = ip.replace(/%.*$/, '');
  const v4 = embeddedV4(plain);
  if (v4 !== undefined && !isPublicAddress(v4)) return false;
  return !blocked.check(plain, 'ipv6');
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Resolve a host name (or take an IP literal) and return its addresses, refusing the whole host when any
 * address it resolves to is not public: a name that also points inside must not be usable at all. The
 * caller then connects to a returned address (not the name again), so a second DNS answer cannot differ.
 */
export async function resolvePublic(host: string, lookup: Lookup = systemLookup): Promise<string[]> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  let addrs: string[];
  if (net.isIP(bare)) addrs = [bare];
  else {
    try {
      addrs = (await lookup(bare)).map((a) => a.address);
    } catch (e) {
      throw new PaasError(`Could not resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (addrs.length === 0) throw new PaasError(`Could not resolve ${host}`);
  const inside = addrs.find((a) => !isPublicAddress(a));
  if (inside)
    throw new PaasError(
      `Refusing to connect to ${host} (${inside}): not a public address; only an admin key may reach loopback, private or link-local addresses`,
    );
  return addrs;
}
