// Let's Encrypt settings: props letsencrypt/APP/KEY with --global fallbacks, and whether an app uses it.
import fs from 'node:fs';
import { UsageError } from '../core/errors.js';
import { GLOBAL, hasProp, readProp, readPropWithGlobal, removeProp, writeProp } from '../state/props.js';
import { validateAbsolutePath, validatePositiveInt } from '../state/validate.js';

export const NS = 'letsencrypt';

export const SERVERS: Record<string, string> = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
};

const DEFAULT_RENEW_DAYS = 30;

/**
 * The keys `letsencrypt:set` accepts, with how each value is checked. `graceperiod` (seconds) is
 * dokku-letsencrypt's name for the renewal window; `renew-days` is the same in days.
 */
export const SETTING_KEYS = ['email', 'graceperiod', 'server', 'renew-days', 'ca-bundle'] as const;

/** dokku-letsencrypt keys that drive lego (DNS-01, its command line, its container): paas has no lego. */
export function isLegoOnlyKey(key: string): boolean {
  return ['dns-provider', 'lego-args', 'lego-docker-options'].includes(key) || key.startsWith('dns-provider-');
}

/** dokku-letsencrypt's texts for a missing or unknown key, with why the lego keys are refused. */
export function checkSettingKey(key: string | undefined): SettingKey {
  if (!key) throw new UsageError('No key specified');
  if (isLegoOnlyKey(key))
    throw new UsageError(
      `Invalid key specified: ${key} configures lego, which paas does not use (HTTP-01 only); valid keys include: ${SETTING_KEYS.join(', ')}`,
    );
  if (!(SETTING_KEYS as readonly string[]).includes(key))
    throw new UsageError(`Invalid key specified, valid keys include: ${SETTING_KEYS.join(', ')}`);
  return key as SettingKey;
}
export type SettingKey = (typeof SETTING_KEYS)[number];

const EMAIL_RE = /^[^@\s<>"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Normalise and check a value before it is stored; bad input changes nothing. */
export function validateSetting(key: string, value: string): string {
  switch (key) {
    case 'email':
      if (!EMAIL_RE.test(value))
        throw new UsageError(`Invalid email ${JSON.stringify(value)}: use an address like ops@example.com`);
      return value;
    case 'server':
      resolveServerUrl(value);
      return value;
    case 'renew-days':
      return String(validatePositiveInt(value, 'renew-days', 1));
    case 'graceperiod':
      return String(validatePositiveInt(value, 'graceperiod (seconds)', 1));
    case 'ca-bundle': {
      const p = validateAbsolutePath(value, 'ca-bundle path');
      if (!fs.existsSync(p)) throw new UsageError(`ca-bundle ${p} does not exist`);
      if (!fs.readFileSync(p, 'utf8').includes('BEGIN CERTIFICATE'))
        throw new UsageError(`ca-bundle ${p} holds no PEM certificate`);
      return p;
    }
    default:
      return checkSettingKey(key);
  }
}

/** "production" (also "default" or empty), "staging", or the directory URL of any ACME server. */
export function resolveServerUrl(value: string): string {
  if (value === '' || value === 'default' || value === 'production') return SERVERS.production;
  if (value === 'staging') return SERVERS.staging;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `Invalid server ${JSON.stringify(value)}: use production, staging or an https:// ACME directory URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`Invalid server ${JSON.stringify(value)}: the ACME directory URL must be https://`);
  return value;
}

export function setSetting(scope: string, key: SettingKey, value: string | undefined): void {
  if (value === undefined || value === '') removeProp(NS, scope, key);
  else writeProp(NS, scope, key, validateSetting(key, value));
}

export interface LetsencryptSettings {
  email: string;
  server: string;
  serverUrl: string;
  renewDays: number;
  /** The renewal window in seconds: graceperiod, else renew-days (app before global), else 30 days. */
  graceSeconds: number;
  caBundle: string;
}

function positive(v: string): number | undefined {
  return /^[0-9]+$/.test(v) && Number(v) > 0 ? Number(v) : undefined;
}

/** The values an app uses: its own, else the global ones, else the defaults. */
export function readSettings(app: string): LetsencryptSettings {
  const get = (k: SettingKey) => (app === GLOBAL ? readProp(NS, GLOBAL, k) : readPropWithGlobal(NS, app, k));
  const server = get('server') || 'production';
  const renewDays = positive(get('renew-days')) ?? DEFAULT_RENEW_DAYS;
  const own = (k: SettingKey) => (app === GLOBAL ? '' : readProp(NS, app, k));
  const graceSeconds =
    positive(own('graceperiod')) ??
    (positive(own('renew-days')) !== undefined ? renewDays * 86_400 : undefined) ??
    positive(readProp(NS, GLOBAL, 'graceperiod')) ??
    renewDays * 86_400;
  return {
    email: get('email'),
    server,
    serverUrl: resolveServerUrl(server),
    renewDays,
    graceSeconds,
    caBundle: get('ca-bundle'),
  };
}

export function isLetsencryptEnabled(app: string): boolean {
  return readProp(NS, app, 'enabled') === 'true';
}

export function setLetsencryptEnabled(app: string, enabled: boolean): void {
  if (enabled) writeProp(NS, app, 'enabled', 'true');
  else if (hasProp(NS, app, 'enabled')) removeProp(NS, app, 'enabled');
}

/** Renew when the certificate expires within renewDays of now (or has expired). */
export function isRenewalDue(notAfter: Date, renewDays: number, now = new Date()): boolean {
  return isDueWithin(notAfter, renewDays * 86_400, now);
}

/** Renew when the certificate expires within graceSeconds of now (dokku-letsencrypt's graceperiod). */
export function isDueWithin(notAfter: Date, graceSeconds: number, now = new Date()): boolean {
  return timeToRenewal(notAfter, graceSeconds, now) <= 0;
}

/** Milliseconds until the certificate enters its renewal window (negative: it is in it). */
export function timeToRenewal(notAfter: Date, graceSeconds: number, now = new Date()): number {
  return notAfter.getTime() - graceSeconds * 1000 - now.getTime();
}

/** Dokku's "89d, 23h, 59m, 50s" style, negative spans as "expired". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d}d, ${h}h, ${m}m, ${s % 60}s`;
}
