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
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64: would reach any IPv4 address
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(addr, prefix, 'ipv6');

/** True for an address on the public internet; IPv4-mapped IPv6 addresses are judged as their IPv4. */
export function isPublicAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return isPublicAddress(mapped[1]);
    if (/^::ffff:/i.test(ip)) return false;
    return !blocked.check(ip, 'ipv6');
  }
  return !blocked.check(ip, 'ipv4');
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
