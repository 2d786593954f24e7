import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  formatDuration,
  isRenewalDue,
  readSettings,
  resolveServerUrl,
  SERVERS,
  setSetting,
  validateSetting,
} from '../../../lib/certs/letsencrypt-settings.js';
import { GLOBAL } from '../../../lib/state/paths.js';
import { tmpDir } from './helpers.js';

beforeEach(() => {
  process.env.PAAS_ROOT = tmpDir('paas-root-');
});

describe('letsencrypt settings', () => {
  it('resolves server names and URLs', () => {
    expect(resolveServerUrl('production')).toBe(SERVERS.production);
    expect(resolveServerUrl('default')).toBe(SERVERS.production);
    expect(resolveServerUrl('')).toBe(SERVERS.production);
    expect(resolveServerUrl('staging')).toBe(SERVERS.staging);
    expect(resolveServerUrl('https://127.0.0.1:14000/dir')).toBe('https://127.0.0.1:14000/dir');
    expect(() => resolveServerUrl('pebble')).toThrow(/Invalid server/);
    expect(() => resolveServerUrl('ftp://x/dir')).toThrow(/must be https/);
  });

  it('validates each property before storing and stores nothing on bad input', () => {
    expect(validateSetting('email', 'ops@example.com')).toBe('ops@example.com');
    expect(() => validateSetting('email', 'ops')).toThrow(/Invalid email/);
    expect(() => validateSetting('email', 'a@b.c\nX')).toThrow(/Invalid email/);
    expect(validateSetting('renew-days', '045')).toBe('45');
    expect(() => validateSetting('renew-days', '0')).toThrow(/renew-days/);
    expect(() => validateSetting('renew-days', '-3')).toThrow(/renew-days/);
    expect(() => validateSetting('dns-provider', 'x')).toThrow(/configures lego, which paas does not use/);
    expect(() => validateSetting('nope', 'x')).toThrow(
      'Invalid key specified, valid keys include: email, graceperiod, server, renew-days, ca-bundle',
    );
    expect(() => validateSetting('graceperiod', '-1')).toThrow(/graceperiod/);
    expect(() => validateSetting('ca-bundle', 'relative.pem')).toThrow(/absolute/);
    expect(() => validateSetting('ca-bundle', '/nonexistent/ca.pem')).toThrow(/does not exist/);
    const notPem = path.join(tmpDir(), 'x.pem');
    fs.writeFileSync(notPem, 'hello');
    expect(() => validateSetting('ca-bundle', notPem)).toThrow(/no PEM certificate/);

    expect(() => setSetting('tf-a', 'email', 'bad')).toThrow();
    expect(fs.existsSync(path.join(process.env.PAAS_ROOT!, 'props', 'letsencrypt'))).toBe(false);
  });

  it('computes app values from app, then global, then defaults; an empty value clears', () => {
    expect(readSettings('tf-a')).toEqual({
      email: '',
      server: 'production',
      serverUrl: SERVERS.production,
      renewDays: 30,
      graceSeconds: 30 * 86_400,
      caBundle: '',
    });
    setSetting(GLOBAL, 'email', 'global@example.com');
    setSetting(GLOBAL, 'server', 'staging');
    setSetting('tf-a', 'renew-days', '60');
    expect(readSettings('tf-a')).toMatchObject({
      email: 'global@example.com',
      serverUrl: SERVERS.staging,
      renewDays: 60,
    });
    setSetting('tf-a', 'email', 'app@example.com');
    expect(readSettings('tf-a').email).toBe('app@example.com');
    expect(readSettings(GLOBAL).email).toBe('global@example.com');
    setSetting('tf-a', 'email', undefined);
    expect(readSettings('tf-a').email).toBe('global@example.com');
    expect(readSettings('tf-b').renewDays).toBe(30);
  });

  it('is due within renew-days of expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const day = 86_400_000;
    expect(isRenewalDue(new Date(now.getTime() + 31 * day), 30, now)).toBe(false);
    expect(isRenewalDue(new Date(now.getTime() + 30 * day), 30, now)).toBe(true);
    expect(isRenewalDue(new Date(now.getTime() - day), 30, now)).toBe(true);
    expect(isRenewalDue(new Date(now.getTime() + 5 * 365 * day), 2000, now)).toBe(true);
  });

  it('prints durations like dokku-letsencrypt', () => {
    expect(formatDuration(((89 * 24 + 23) * 3600 + 59 * 60 + 50) * 1000)).toBe('89d, 23h, 59m, 50s');
    expect(formatDuration(0)).toBe('expired');
  });
});
