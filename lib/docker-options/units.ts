// Docker's value formats: byte sizes ("512m", "1GiB"), cpu counts, port specs, key=value pairs.
import { UsageError } from '../core/errors.js';

const UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Like docker's RAMInBytes: binary multiples, optional "b"/"ib" suffix; a plain number is bytes. */
export function parseBytes(v: string, what: string, defaultUnit = ''): number {
  const m = /^([0-9]+(?:\.[0-9]+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(v);
  if (!m)
    throw new UsageError(
      `Invalid size for ${what}: ${JSON.stringify(v)} (use a number with an optional unit b, k, m or g)`,
    );
  const unit = m[2] ? m[2].toLowerCase() : /[bB]$/.test(v) ? '' : defaultUnit;
  const n = Math.floor(Number(m[1]) * UNIT[unit]);
  if (!Number.isSafeInteger(n)) throw new UsageError(`Size for ${what} is too large: ${JSON.stringify(v)}`);
  return n;
}

export function parseCpus(v: string, what: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(v) || Number(v) <= 0)
    throw new UsageError(
      `Invalid cpu count for ${what}: ${JSON.stringify(v)} (use a positive number such as 0.5 or 2)`,
    );
  return Math.round(Number(v) * 1e9);
}

export function parseInteger(v: string, what: string, min = 0): number {
  if (!/^-?[0-9]+$/.test(v) || Number(v) < min)
    throw new UsageError(
      `Invalid value for ${what}: ${JSON.stringify(v)} (use a whole number${min > -Infinity ? ` >= ${min}` : ''})`,
    );
  return Number(v);
}

/** "KEY=VALUE" with a key matching `keyRe`. */
export function parseKeyValue(v: string, what: string, keyRe: RegExp): [string, string] {
  const i = v.indexOf('=');
  const key = i === -1 ? v : v.slice(0, i);
  if (i === -1 || !keyRe.test(key)) throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}: use KEY=VALUE`);
  return [key, v.slice(i + 1)];
}

export interface PortPublish {
  hostIp: string;
  /** '' lets docker pick a free host port. */
  hostPort: string;
  containerPort: number;
  proto: 'tcp' | 'udp' | 'sctp';
}

function portRange(s: string, what: string): number[] {
  const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(s);
  if (!m) throw new UsageError(`Invalid ${what} ${JSON.stringify(s)}`);
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || b > 65535 || b < a)
    throw new UsageError(`Invalid ${what} ${JSON.stringify(s)}: use ports from 1 to 65535`);
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

const IPV4_RE = /^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$/;
const IPV6_RE = /^[0-9A-Fa-f:.]+$/;

export function isIp(s: string): boolean {
  return IPV4_RE.test(s) || (s.includes(':') && IPV6_RE.test(s));
}

/** docker's -p: [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTO], ranges allowed ("8000-8001:8000-8001"). */
export function parsePublish(spec: string): PortPublish[] {
  const bad = (why: string) =>
    new UsageError(
      `Invalid port publish ${JSON.stringify(spec)}: ${why} (use [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp])`,
    );
  let rest = spec;
  let proto: PortPublish['proto'] = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash !== -1) {
    const p = rest.slice(slash + 1);
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') throw bad(`unknown protocol ${JSON.stringify(p)}`);
    proto = p;
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']:');
    if (end === -1) throw bad('unclosed "["');
    hostIp = rest.slice(1, end);
    rest = rest.slice(end + 2);
    if (!isIp(hostIp)) throw bad(`invalid host IP ${JSON.stringify(hostIp)}`);
  }
  const parts = rest.split(':');
  if (parts.length > 3) throw bad('too many ":"');
  if (parts.length === 3) {
    if (hostIp) throw bad('two host IPs');
    hostIp = parts.shift()!;
    if (!isIp(hostIp)) throw bad(`invalid host IP ${JSON.stringify(hostIp)}`);
  }
  const containerPorts = portRange(parts[parts.length - 1], 'container port');
  const hostPart = parts.length === 2 ? parts[0] : '';
  const hostPorts = hostPart === '' ? [] : portRange(hostPart, 'host port');
  if (hostPorts.length && hostPorts.length !== containerPorts.length)
    throw bad('host and container port ranges differ in length');
  return containerPorts.map((c, k) => ({
    hostIp,
    hostPort: hostPorts.length ? String(hostPorts[k]) : '',
    containerPort: c,
    proto,
  }));
}
