import fs from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setLetsencryptEnabled, setSetting } from '../../../lib/certs/letsencrypt-settings.js';
import { letsencryptApps, renewApps } from '../../../lib/certs/renew.js';
import { installCertificate } from '../../../lib/certs/install.js';
import { paths } from '../../../lib/state/paths.js';
import { selfSigned, tmpDir } from './helpers.js';

beforeEach(() => {
  process.env.PAAS_ROOT = tmpDir('paas-root-');
  for (const a of ['tf-a', 'tf-b', 'tf-c']) fs.mkdirSync(paths.appDir(a), { recursive: true });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

describe('renewal', () => {
  it("lists only apps with Let's Encrypt enabled", () => {
    setLetsencryptEnabled('tf-b', true);
    setLetsencryptEnabled('tf-c', true);
    setLetsencryptEnabled('tf-c', false);
    expect(letsencryptApps()).toEqual(['tf-b']);
  });

  it('skips certificates that are not due, reports a failure per app, and carries on', async () => {
    const far = selfSigned('tf-a.example.com', 90);
    await installCertificate('tf-a', far.cert, far.key, async () => {});
    const near = selfSigned('tf-b.example.com', 10);
    await installCertificate('tf-b', near.cert, near.key, async () => {});
    const reload = vi.fn(async () => {});
    const { outcomes, failed } = await renewApps(['tf-b', 'tf-a'], { reload });
    expect(failed).toBe(1);
    expect(outcomes[0]).toMatchObject({ app: 'tf-b', status: 'failed' });
    expect((outcomes[0] as { error: string }).error).toMatch(/without an e-mail address/);
    expect(outcomes[1]).toMatchObject({ app: 'tf-a', status: 'not-due', daysLeft: 89 });
    expect(reload).not.toHaveBeenCalled();
    // The certificate of the failed app is still the one being served.
    expect(fs.readFileSync(`${paths.certsDir('tf-b')}/server.crt`, 'utf8')).toBe(near.cert);
  });

  it('treats a wider renew window as due', async () => {
    const far = selfSigned('tf-a.example.com', 90);
    await installCertificate('tf-a', far.cert, far.key, async () => {});
    setSetting('tf-a', 'renew-days', '100');
    const { outcomes } = await renewApps(['tf-a'], { reload: async () => {} });
    expect(outcomes[0].status).toBe('failed');
  });
});
