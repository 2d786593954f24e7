import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { addCronJob, cronJobInstalled, cronMinute, removeCronJob, renderCronFile } from '../../../lib/certs/cron.js';
import { tmpDir } from './helpers.js';

beforeEach(() => {
  process.env.PAAS_ROOT = tmpDir('paas-root-');
  process.env.PAAS_CRON_DIR = tmpDir('paas-cron-');
});
afterEach(() => {
  delete process.env.PAAS_CRON_DIR;
});

describe('renewal cron job', () => {
  it('renders a daily line for the paas user, carrying a non-default root', () => {
    expect(renderCronFile({ root: '/var/lib/paas', minute: 7, logFile: '/var/lib/paas/logs/certs-renew.log' })).toBe(
      "# Managed by `paas letsencrypt:cron-job`: renews Let's Encrypt certificates daily.\n" +
        '7 3 * * * paas /usr/local/bin/paas-certs-renew >> /var/lib/paas/logs/certs-renew.log 2>&1\n',
    );
    expect(renderCronFile({ root: '/tmp/r', minute: 0, logFile: '/tmp/r/logs/x.log' })).toContain(
      '\nPAAS_ROOT=/tmp/r\n0 3 * * * paas ',
    );
  });

  it('picks a stable minute per host', () => {
    expect(cronMinute('host-a')).toBe(cronMinute('host-a'));
    expect(cronMinute('host-a')).toBeGreaterThanOrEqual(0);
    expect(cronMinute('host-a')).toBeLessThan(60);
  });

  it('adds the file (0644, cron-safe name) and removes it; adding twice is harmless', () => {
    expect(cronJobInstalled()).toBe(false);
    const file = addCronJob();
    addCronJob();
    expect(file).toBe(path.join(process.env.PAAS_CRON_DIR!, 'paas-letsencrypt'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /^\d+ 3 \* \* \* paas \/usr\/local\/bin\/paas-certs-renew >> .*certs-renew\.log 2>&1$/m,
    );
    expect(fs.readdirSync(process.env.PAAS_CRON_DIR!)).toEqual(['paas-letsencrypt']);
    expect(cronJobInstalled()).toBe(true);
    removeCronJob();
    removeCronJob();
    expect(cronJobInstalled()).toBe(false);
  });
});
