// Which checks a process gets: app.json `healthchecks` (Dokku's format), the legacy CHECKS file, or the
// default. Pure: decides what to probe; lib/checks/probe.ts does the probing.
import { PaasError } from '../core/errors.js';
import { CheckSettings } from './settings.js';

export type CheckKind = 'http' | 'command' | 'listening' | 'uptime';

export interface CheckSpec {
  name: string;
  /** startup and readiness checks gate traffic; liveness checks are not run at deploy time. */
  type: 'startup' | 'readiness' | 'liveness';
  kind: CheckKind;
  source: 'app.json' | 'CHECKS' | 'default';
  scheme: 'http' | 'https';
  path: string;
  /** Host header to send (CHECKS "//host/path" lines, or an httpHeaders Host entry). */
  host?: string;
  /** Container port to probe; undefined means the target's port (PORT of web). */
  port?: number;
  headers: Record<string, string>;
  /** Text the response body (or command output) must contain. */
  content?: string;
  /** Any HTTP answer passes (the default check): proves the process speaks HTTP on its port. */
  anyStatus: boolean;
  command?: string[];
  attempts: number;
  /** Seconds per attempt. */
  timeout: number;
  /** Seconds between failed attempts. */
  wait: number;
  initialDelay: number;
  /** Seconds the container must stay up (uptime checks). */
  uptime?: number;
  /** A failing check only warns (app.json `warn: true`). */
  warnOnly: boolean;
}

/** Seconds between failed attempts when a check does not set its own `wait`. */
const DEFAULT_RETRY_WAIT = 2;

export interface ChecksFile {
  settings: Partial<Pick<CheckSettings, 'wait' | 'timeout' | 'attempts'>>;
  checks: { path: string; host?: string; scheme: 'http' | 'https'; content?: string }[];
}

/** Legacy CHECKS: `WAIT=n`, `TIMEOUT=n`, `ATTEMPTS=n`, `#` comments, and `/path [expected content]` lines. */
export function parseChecksFile(text: string): ChecksFile {
  const file: ChecksFile = { settings: {}, checks: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const setting = /^(WAIT|TIMEOUT|ATTEMPTS)=(.*)$/.exec(line);
    if (setting) {
      const n = Number(setting[2].trim());
      if (!/^[0-9]+$/.test(setting[2].trim()) || (setting[1] !== 'WAIT' && n < 1))
        throw new PaasError(
          `CHECKS line ${i + 1}: ${setting[1]} must be a whole number (got ${JSON.stringify(setting[2])})`,
        );
      file.settings[setting[1].toLowerCase() as 'wait' | 'timeout' | 'attempts'] = n;
      return;
    }
    if (/^[A-Z_]+=/.test(line)) return; // other settings Dokku knew (e.g. DOKKU_CHECKS_...) are ignored
    const m = /^(\S+)(?:\s+(.*))?$/.exec(line)!;
    const target = m[1];
    const content = m[2]?.trim() || undefined;
    const url = /^(?:(https?):)?\/\/([^/\s]+)(\/.*)?$/.exec(target);
    if (url) {
      file.checks.push({ scheme: (url[1] as 'http' | 'https') ?? 'http', host: url[2], path: url[3] ?? '/', content });
    } else if (target.startsWith('/')) {
      file.checks.push({ scheme: 'http', path: target, content });
    } else {
      throw new PaasError(`CHECKS line ${i + 1}: expected "/path [expected content]", got ${JSON.stringify(line)}`);
    }
  });
  return file;
}

type Raw = Record<string, unknown>;

function intField(raw: Raw, key: string, where: string, min: number): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min)
    throw new PaasError(`${where}.${key} must be a whole number${min ? ` >= ${min}` : ''} (got ${JSON.stringify(v)})`);
  return n;
}

function strField(raw: Raw, key: string, where: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new PaasError(`${where}.${key} must be a string (got ${JSON.stringify(v)})`);
  return v;
}

/** One app.json healthcheck entry, validated, with settings filling what it leaves out. */
export function parseHealthcheck(raw: unknown, where: string, settings: CheckSettings): CheckSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PaasError(`${where} must be an object`);
  const r = raw as Raw;
  const type = strField(r, 'type', where) ?? 'startup';
  if (!['startup', 'readiness', 'liveness'].includes(type))
    throw new PaasError(`${where}.type must be startup, readiness or liveness (got ${JSON.stringify(type)})`);
  const scheme = strField(r, 'scheme', where) ?? 'http';
  if (scheme !== 'http' && scheme !== 'https')
    throw new PaasError(`${where}.scheme must be http or https (got ${JSON.stringify(scheme)})`);
  let path = strField(r, 'path', where);
  if (path !== undefined && !path.startsWith('/'))
    throw new PaasError(`${where}.path must start with "/" (got ${JSON.stringify(path)})`);
  let command: string[] | undefined;
  if (r.command !== undefined) {
    const c = r.command;
    if (typeof c === 'string' && c.trim()) command = ['/bin/sh', '-c', c];
    else if (Array.isArray(c) && c.length && c.every((x) => typeof x === 'string')) command = c as string[];
    else throw new PaasError(`${where}.command must be a non-empty list of strings`);
  }
  const headers: Record<string, string> = {};
  if (r.httpHeaders !== undefined) {
    if (!Array.isArray(r.httpHeaders)) throw new PaasError(`${where}.httpHeaders must be a list of {name, value}`);
    r.httpHeaders.forEach((h, i) => {
      const hr = (h ?? {}) as Raw;
      const name = strField(hr, 'name', `${where}.httpHeaders[${i}]`);
      const value = strField(hr, 'value', `${where}.httpHeaders[${i}]`) ?? '';
      if (!name || !/^[A-Za-z0-9-]+$/.test(name) || /[\r\n]/.test(value))
        throw new PaasError(`${where}.httpHeaders[${i}] needs a header name of letters, digits and dashes`);
      headers[name] = value;
    });
  }
  const hostHeader = Object.keys(headers).find((h) => h.toLowerCase() === 'host');
  const host = hostHeader ? headers[hostHeader] : undefined;
  if (hostHeader) delete headers[hostHeader];
  const listening = r.listening === true;
  const uptime = intField(r, 'uptime', where, 1);
  const kind: CheckKind = command
    ? 'command'
    : path !== undefined || r.scheme !== undefined
      ? 'http'
      : listening
        ? 'listening'
        : 'uptime';
  if (kind === 'http') path ??= '/';
  return {
    name: strField(r, 'name', where) ?? (kind === 'uptime' ? 'uptime' : `${kind} check`),
    type: type as CheckSpec['type'],
    kind,
    source: 'app.json',
    scheme,
    path: path ?? '/',
    host,
    port: r.port === undefined ? undefined : intField(r, 'port', where, 1),
    headers,
    content: strField(r, 'content', where),
    anyStatus: false,
    command,
    attempts: intField(r, 'attempts', where, 1) ?? settings.attempts,
    timeout: intField(r, 'timeout', where, 1) ?? settings.timeout,
    wait: intField(r, 'wait', where, 0) ?? DEFAULT_RETRY_WAIT,
    initialDelay: intField(r, 'initialDelay', where, 0) ?? 0,
    uptime: kind === 'uptime' ? (uptime ?? settings.wait) : uptime,
    warnOnly: r.warn === true,
  };
}

export interface ProcessChecks {
  /** Checks to run, in order (liveness checks left out). */
  checks: CheckSpec[];
  /** Seconds every container of the process must stay up, whatever the checks. */
  uptime: number;
  source: CheckSpec['source'];
}

function defaultHttpCheck(settings: CheckSettings): CheckSpec {
  return {
    name: 'default',
    type: 'startup',
    kind: 'http',
    source: 'default',
    scheme: 'http',
    path: '/',
    headers: {},
    anyStatus: true,
    attempts: settings.attempts,
    timeout: settings.timeout,
    wait: 1,
    initialDelay: 0,
    warnOnly: false,
  };
}

/**
 * The checks for one process type of a release. app.json healthchecks win over a CHECKS file (which
 * only ever applied to web, as in Dokku); without either, a routed web process (proxy enabled) must
 * answer HTTP on its port, and anything else only has to stay up (Dokku's default: a raw TCP server
 * or a worker behind proxy:disable speaks no HTTP). Every process must also stay up for `wait` seconds
 * (CHECKS WAIT= overrides it for web).
 */
export function checksForProcess(
  release: { appJson?: Record<string, unknown>; checksFile?: string },
  proc: string,
  settings: CheckSettings,
  routed = true,
): ProcessChecks {
  const httpDefault = proc === 'web' && routed;
  const hc = release.appJson?.healthchecks;
  if (hc !== undefined && (hc === null || typeof hc !== 'object' || Array.isArray(hc)))
    throw new PaasError('app.json healthchecks must be an object keyed by process type');
  const list = (hc as Record<string, unknown> | undefined)?.[proc];
  if (list !== undefined) {
    if (!Array.isArray(list)) throw new PaasError(`app.json healthchecks.${proc} must be a list`);
    const all = list.map((raw, i) => parseHealthcheck(raw, `app.json healthchecks.${proc}[${i}]`, settings));
    return { checks: all.filter((c) => c.type !== 'liveness'), uptime: settings.wait, source: 'app.json' };
  }
  if (proc === 'web' && release.checksFile?.trim()) {
    const file = parseChecksFile(release.checksFile);
    const s = { ...settings, ...file.settings };
    if (file.checks.length) {
      return {
        checks: file.checks.map((c) => ({
          name: `${c.host ? `//${c.host}` : ''}${c.path}`,
          type: 'startup' as const,
          kind: 'http' as const,
          source: 'CHECKS' as const,
          scheme: c.scheme,
          path: c.path,
          host: c.host,
          headers: {},
          content: c.content,
          anyStatus: false,
          attempts: s.attempts,
          timeout: s.timeout,
          wait: DEFAULT_RETRY_WAIT,
          initialDelay: 0,
          warnOnly: false,
        })),
        uptime: s.wait,
        source: 'CHECKS',
      };
    }
    return { checks: httpDefault ? [defaultHttpCheck(s)] : [], uptime: s.wait, source: 'default' };
  }
  return { checks: httpDefault ? [defaultHttpCheck(settings)] : [], uptime: settings.wait, source: 'default' };
}

/** How a check is shown: "http://IP:PORT/path", "command: ...", "port 5000 listening", "uptime 3s". */
export function describeCheck(c: CheckSpec, ip: string, port: number): string {
  switch (c.kind) {
    case 'http':
      return `${c.scheme}://${ip}:${c.port ?? port}${c.path}`;
    case 'command':
      return `command: ${c.command!.join(' ')}`;
    case 'listening':
      return `port ${c.port ?? port} listening`;
    case 'uptime':
      return `uptime ${c.uptime}s`;
  }
}
