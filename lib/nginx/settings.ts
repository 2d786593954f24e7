// nginx:set properties (props/nginx/APP/KEY, props/nginx/--global/KEY): every value is validated here
// before it is stored, because templates render with autoescape off.
import { isIPv4, isIPv6 } from 'node:net';
import { AccessError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { readProp, readPropWithGlobal, GLOBAL } from '../state/props.js';

export interface NginxSetting {
  key: string;
  /** Value used when neither the app nor --global sets it. */
  fallback: string;
  /** What a valid value looks like, for the error message. */
  allowed: string;
  valid(v: string): boolean;
}

/**
 * The loopback address where paas asks nginx which config it serves after a reload (global.conf.njk).
 * No app may bind it: a server listening on ADDRESS:80 takes every request made to that address.
 */
export const PROBE_ADDRESS = '127.0.0.127';

const SIZE_RE = /^[0-9]{1,9}[kKmMgG]?$/;
const TIME_RE = /^[0-9]{1,9}(ms|s|m|h|d)?$/;
const BOOL = (v: string) => v === 'true' || v === 'false';
const ON_OFF = (v: string) => v === 'on' || v === 'off';
const NGINX_VAR_RE = /^\$[a-z_][a-z0-9_]*$/;
/** Root's nginx opens log files: only under its own log directory, so a value never names a host file. */
const NGINX_LOG_ROOT = '/var/log/nginx';
const LOG_PATH_RE = /^\/var\/log\/nginx\/[A-Za-z0-9._-][A-Za-z0-9._/-]*$/;

/** nginx's own standard streams (Dokku's docs suggest them for containerised nginx): no file is created. */
const STD_STREAMS = ['/dev/stdout', '/dev/stderr'];

function validLogPath(v: string): boolean {
  return (
    v === '' ||
    v === 'off' ||
    STD_STREAMS.includes(v) ||
    (LOG_PATH_RE.test(v) && !v.split('/').includes('..') && !v.endsWith('/'))
  );
}

/**
 * A proxy_set_header value: an nginx variable ($scheme), or a literal word like https or 8443 (Dokku's
 * tests set both). One token of plain characters, so a value never ends the directive or opens a block.
 */
function validHeaderValue(v: string): boolean {
  return NGINX_VAR_RE.test(v) || /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(v);
}

/** Settings root's nginx acts on outside the app (files it creates and appends to as root). */
const ADMIN_ONLY = new Set(['access-log-path', 'error-log-path']);

function setting(key: string, fallback: string, allowed: string, valid: (v: string) => boolean): NginxSetting {
  return { key, fallback, allowed, valid };
}

const size = 'a size like 512k, 10m or 1g';
const time = 'a time like 60s, 500ms or 5m';
const bool = 'true or false';
const headerValue = 'an nginx variable like $remote_addr or a plain word like https';
const onOff = 'on or off';

export const NGINX_SETTINGS: NginxSetting[] = [
  // The name of a log_format defined in the http context (Dokku's property); '' is nginx's "combined".
  setting('access-log-format', '', 'the name of an nginx log_format like combined (empty for combined)', (v) =>
    /^[A-Za-z0-9_]{0,64}$/.test(v),
  ),
  setting('access-log-path', '', `a file under ${NGINX_LOG_ROOT}/, /dev/stdout, /dev/stderr or off`, validLogPath),
  // The address nginx listens on for the app (Dokku's names); empty: every address.
  setting(
    'bind-address-ipv4',
    '',
    `an IPv4 address like 127.0.0.1 (not ${PROBE_ADDRESS}, which paas keeps for itself)`,
    (v) => v === '' || (isIPv4(v) && v !== PROBE_ADDRESS),
  ),
  setting('bind-address-ipv6', '', 'an IPv6 address like ::1', (v) => v === '' || isIPv6(v)),
  // Server-level timeouts, with Dokku's defaults (nginx's own but keepalive 75s, lingering 5s).
  setting('client-body-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('client-header-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('client-max-body-size', '1m', size, (v) => SIZE_RE.test(v)),
  setting('error-log-path', '', `a file under ${NGINX_LOG_ROOT}/, /dev/stdout, /dev/stderr or off`, validLogPath),
  setting('hsts', 'true', bool, BOOL),
  setting('hsts-include-subdomains', 'true', bool, BOOL),
  setting('hsts-max-age', '15724800', 'a number of seconds', (v) => /^[0-9]{1,10}$/.test(v)),
  setting('hsts-preload', 'false', bool, BOOL),
  setting('keepalive-timeout', '75s', time, (v) => TIME_RE.test(v)),
  setting('lingering-timeout', '5s', time, (v) => TIME_RE.test(v)),
  setting('proxy-buffer-size', '4k', size, (v) => SIZE_RE.test(v)),
  setting('proxy-buffering', 'on', onOff, ON_OFF),
  setting('proxy-buffers', '8 4k', 'a count and a size like "8 4k"', (v) => /^[0-9]{1,4} [0-9]{1,9}[kKmM]?$/.test(v)),
  setting('proxy-busy-buffers-size', '8k', size, (v) => SIZE_RE.test(v)),
  // Idle connections to the app kept open per nginx worker (Dokku's name; Dokku leaves it off by default).
  // Without them every request opens and closes a TCP connection to the container: 0 turns them off.
  // Each worker needs as many as it has requests in flight to the app: past the number, every answer
  // closes its connection and the next request opens one, host-side TIME_WAIT piles up and connect()
  // slows down: at 200 concurrent clients 64 gave 1,000-3,800 req/s where 1,024 gave 28,000 (bench/router).
  // Idle ones close after 1.5 s (keepalive_timeout), so a large number costs nothing at rest.
  setting('proxy-keepalive', '1024', 'a number of connections (0 turns keep-alive to the app off)', (v) =>
    /^[0-9]{1,5}$/.test(v),
  ),
  setting('proxy-connect-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('proxy-read-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('proxy-send-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('send-timeout', '60s', time, (v) => TIME_RE.test(v)),
  setting('underscore-in-headers', 'off', onOff, ON_OFF),
  setting('x-forwarded-for-value', '$remote_addr', headerValue, validHeaderValue),
  setting('x-forwarded-port-value', '$server_port', headerValue, validHeaderValue),
  setting('x-forwarded-proto-value', '$scheme', headerValue, validHeaderValue),
  // Empty (Dokku's default): no X-Forwarded-Ssl header at all.
  setting('x-forwarded-ssl', '', `${onOff} (empty for no header)`, (v) => v === '' || ON_OFF(v)),
];

export function findSetting(key: string): NginxSetting {
  const s = NGINX_SETTINGS.find((x) => x.key === key);
  if (!s)
    throw new UsageError(
      `Invalid nginx property ${JSON.stringify(key)}; valid properties: ${NGINX_SETTINGS.map((x) => x.key).join(', ')}`,
    );
  return s;
}

/** Throws a one-line UsageError unless the value is allowed for the key. */
export function validateSetting(key: string, value: string): string {
  const s = findSetting(key);
  if (!s.valid(value))
    throw new UsageError(`Invalid value ${JSON.stringify(value)} for nginx ${key}: use ${s.allowed}`);
  return value;
}

/** Log paths are admin-only, whatever the value: refused with nothing stored for other callers. */
export function assertMaySetSetting(key: string): void {
  if (ADMIN_ONLY.has(key) && !callerIsAdmin())
    throw new AccessError(`Only an admin may set the nginx ${key} (root's nginx writes that file)`);
}

/** The value in effect for an app (app, else --global, else the default), re-validated on read. */
export function computedSetting(app: string, key: string): string {
  const s = findSetting(key);
  const v = readPropWithGlobal('nginx', app, key, s.fallback);
  return s.valid(v) ? v : s.fallback;
}

export function appSetting(app: string, key: string): string {
  return readProp('nginx', app, key);
}

export function globalSetting(key: string): string {
  return readProp('nginx', GLOBAL, key);
}

export type ComputedSettings = Record<string, string>;

export function computedSettings(app: string): ComputedSettings {
  return Object.fromEntries(NGINX_SETTINGS.map((s) => [s.key, computedSetting(app, s.key)]));
}
