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

/** The keys `letsencrypt:set` accepts, with how each value is checked. */
export const SETTING_KEYS = ['email', 'server', 'renew-days', 'ca-bundle'] as const;
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
    case 'ca-bundle': {
      const p = validateAbsolutePath(value, 'ca-bundle path');
      if (!fs.existsSync(p)) throw new UsageError(`ca-bundle ${p} does not exist`);
      if (!fs.readFileSync(p, 'utf8').includes('BEGIN CERTIFICATE'))
        throw new UsageError(`ca-bundle ${p} holds no PEM certificate`);
      return p;
    }
    default:
      throw new UsageError(
        `Invalid letsencrypt property ${JSON.stringify(key)}: use one of ${SETTING_KEYS.join(', ')}`,
      );
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
  caBundle: string;
}

/** The values an app uses: its own, else the global ones, else the defaults. */
export function readSettings(app: string): LetsencryptSettings {
  const get = (k: SettingKey) => (app === GLOBAL ? readProp(NS, GLOBAL, k) : readPropWithGlobal(NS, app, k));
  const server = get('server') || 'production';
  const days = get('renew-days');
  return {
    email: get('email'),
    server,
    serverUrl: resolveServerUrl(server),
    renewDays: /^[0-9]+$/.test(days) && Number(days) > 0 ? Number(days) : DEFAULT_RENEW_DAYS,
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
  return notAfter.getTime() - now.getTime() <= renewDays * 86_400_000;
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
