// dokku-letsencrypt behaviours scripts rely on: graceperiod (seconds) and its precedence, and when
// letsencrypt:enable asks for a new certificate.
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSettingKey, readSettings, setSetting, timeToRenewal } from '../../../lib/certs/letsencrypt-settings.js';
import { needsIssue } from '../../../lib/certs/letsencrypt.js';
import { GLOBAL } from '../../../lib/state/paths.js';
import { tmpDir } from './helpers.js';
import { commands } from '../../../lib/certs/letsencrypt-commands.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { createApp } from '../../../lib/apps/create.js';
import { capture } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = tmpDir('paas-root-');
});

describe('graceperiod', () => {
  it('defaults to 30 days; app graceperiod, app renew-days, global graceperiod, global renew-days in that order', () => {
    expect(readSettings('tf-a').graceSeconds).toBe(2_592_000);
    setSetting(GLOBAL, 'renew-days', '10');
    expect(readSettings('tf-a').graceSeconds).toBe(10 * 86_400);
    setSetting(GLOBAL, 'graceperiod', '100');
    expect(readSettings('tf-a').graceSeconds).toBe(100);
    setSetting('tf-a', 'renew-days', '2');
    expect(readSettings('tf-a').graceSeconds).toBe(2 * 86_400);
    setSetting('tf-a', 'graceperiod', '200');
    expect(readSettings('tf-a').graceSeconds).toBe(200);
    setSetting('tf-a', 'graceperiod', '');
    expect(readSettings('tf-a').graceSeconds).toBe(2 * 86_400);
  });

  it('counts the time to renewal in milliseconds, negative inside the window', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(timeToRenewal(new Date('2030-01-01T00:10:00Z'), 60, now)).toBe(540_000);
    expect(timeToRenewal(new Date('2030-01-01T00:00:30Z'), 60, now)).toBe(-30_000);
  });

  it("answers missing, unknown and lego-only keys in dokku-letsencrypt's words", () => {
    expect(() => checkSettingKey(undefined)).toThrow('No key specified');
    expect(() => checkSettingKey('notakey')).toThrow(/^Invalid key specified, valid keys include: email, graceperiod/);
    expect(() => checkSettingKey('dns-provider-OVH_KEY')).toThrow(/lego/);
    expect(() => checkSettingKey('lego-args')).toThrow(/lego/);
    expect(checkSettingKey('graceperiod')).toBe('graceperiod');
  });
});

describe('letsencrypt:enable re-issues only when needed', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const cert = { hostnames: ['a.test', 'b.test'], notAfter: new Date('2035-01-01T00:00:00Z') };
  it('skips a valid certificate that covers every domain', () => {
    expect(needsIssue(cert, true, ['b.test', 'a.test'], 60, now)).toBe(false);
  });
  it('issues when not enabled, no certificate, a domain added or removed, or inside the grace period', () => {
    expect(needsIssue(cert, false, ['a.test', 'b.test'], 60, now)).toBe(true);
    expect(needsIssue(undefined, true, ['a.test'], 60, now)).toBe(true);
    expect(needsIssue(cert, true, ['a.test', 'b.test', 'c.test'], 60, now)).toBe(true);
    expect(needsIssue(cert, true, ['a.test'], 60, now)).toBe(true);
    expect(needsIssue(cert, true, ['a.test', 'b.test'], 6 * 365 * 86_400, now)).toBe(true);
  });
});

describe('letsencrypt:report and cron-job', () => {
  async function run(name: string, ...argv: string[]) {
    const spec = commands.find((c) => c.name === name)!;
    return capture(() => spec.run.call(spec, parseArgs(spec, argv)));
  }

  it('--global prints the global header and only global keys; JSON keys without the prefix', async () => {
    setSetting(GLOBAL, 'graceperiod', '11111');
    const text = await run('letsencrypt:report', '--global');
    expect(text.error).toBeUndefined();
    expect(text.stdout).toContain('=====> global letsencrypt information');
    expect(text.stdout).toMatch(/Letsencrypt global graceperiod: +11111/);
    expect(text.stdout).not.toMatch(/computed/);
    const json = await run('letsencrypt:report', '--global', '--format', 'json');
    const keys = Object.keys(JSON.parse(json.stdout));
    expect(keys.every((k) => k.startsWith('global-'))).toBe(true);
    expect(JSON.parse(json.stdout)['global-graceperiod']).toBe('11111');
  });

  it('refuses --format json with an info flag, in dokku-letsencrypt words', async () => {
    createApp('tf-rep');
    const r = await run('letsencrypt:report', 'tf-rep', '--format', 'json', '--letsencrypt-email');
    expect(String(r.error)).toContain('format flag cannot be specified when specifying an info flag');
  });

  it('cron-job with no flag reports the status; an unknown flag is "Invalid flag"', async () => {
    process.env.PAAS_CRON_DIR = tmpDir('paas-cron-');
    try {
      const r = await run('letsencrypt:cron-job');
      expect(r.error).toBeUndefined();
      expect(r.stderr).toContain('Auto-renew cron job is not enabled');
      expect(r.stderr).toContain("Run 'paas letsencrypt:cron-job --add' to enable.");
      const bad = await run('letsencrypt:cron-job', '--bogus');
      expect(String(bad.error)).toContain("Invalid flag '--bogus', specify --add, --remove, or no flag");
    } finally {
      delete process.env.PAAS_CRON_DIR;
    }
  });
});
