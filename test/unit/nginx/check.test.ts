import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCheckConfig, nginxErrorText, recentNginxErrors } from '../../../lib/nginx/check.js';

const main = `user www-data;
http {
\tinclude /etc/nginx/mime.types;
\tinclude /etc/nginx/conf.d/*.conf;
\tinclude /etc/nginx/sites-enabled/*;
}
`;
const dirs = {
  live: '/var/lib/paas/nginx/live',
  candidate: '/var/lib/paas/nginx/candidate',
  checkConfD: '/var/lib/paas/nginx/check/conf.d',
};

describe('buildCheckConfig', () => {
  it('points the conf.d include at a copy where the live tree is replaced by the candidate tree', () => {
    const cfg = buildCheckConfig(
      main,
      [
        { name: 'other.conf', text: 'gzip on;\n' },
        { name: 'paas.conf', text: 'server_names_hash_bucket_size 128;\ninclude /var/lib/paas/nginx/live/*.conf;\n' },
      ],
      dirs,
    );
    expect(cfg.main).toContain('\tinclude /var/lib/paas/nginx/check/conf.d/*.conf;\n');
    expect(cfg.main).not.toContain('/etc/nginx/conf.d');
    expect(cfg.main).toContain('include /etc/nginx/sites-enabled/*;');
    expect(cfg.confD).toEqual([
      { name: 'other.conf', text: 'gzip on;\n' },
      {
        name: 'paas.conf',
        text: 'server_names_hash_bucket_size 128;\ninclude /var/lib/paas/nginx/candidate/*.conf;\n',
      },
    ]);
  });

  it('adds the candidate tree when nothing includes the live tree yet', () => {
    const cfg = buildCheckConfig(main, [], dirs);
    expect(cfg.confD).toEqual([
      { name: 'zz-paas-candidate.conf', text: 'include /var/lib/paas/nginx/candidate/*.conf;\n' },
    ]);
  });

  it('refuses a main config without the conf.d include', () => {
    expect(() => buildCheckConfig('http { }', [], dirs)).toThrow(
      /has no "include \/etc\/nginx\/conf.d\/\*.conf;" line/,
    );
  });
});

describe('nginxErrorText', () => {
  it('drops the timestamp and pid nginx -q prints', () => {
    expect(nginxErrorText('2026/11/29 17:34:54 [emerg] 21194#21194: unknown directive "x" in /a.conf:3\n')).toBe(
      '[emerg] unknown directive "x" in /a.conf:3',
    );
  });

  it("keeps nginx's error and drops the noise", () => {
    const stderr =
      'nginx: [warn] conflicting server name "a" on 0.0.0.0:80, ignored\n' +
      'nginx: [emerg] "proxy_busy_buffers_size" must be equal to or greater than the maximum of the value of "proxy_buffer_size" and one of the "proxy_buffers" in /var/lib/paas/nginx/candidate/te-x.conf:40\n' +
      'nginx: configuration file /var/lib/paas/nginx/check/nginx.conf test failed\n';
    expect(nginxErrorText(stderr)).toBe(
      '[emerg] "proxy_busy_buffers_size" must be equal to or greater than the maximum of the value of "proxy_buffer_size" and one of the "proxy_buffers" in /var/lib/paas/nginx/candidate/te-x.conf:40',
    );
  });
});

describe('recentNginxErrors', () => {
  it("gives this reload's [emerg] lines, not an earlier reload's", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paas-nginx-log-')), 'error.log');
    fs.writeFileSync(
      file,
      [
        '2026/12/06 22:59:34 [emerg] 26963#26963: bind() to 0.0.0.0:22 failed (98: Address already in use)',
        '2026/12/06 23:20:05 [notice] 1#1: signal process started',
        '2026/12/06 23:20:05 [emerg] 27000#27000: bind() to 0.0.0.0:8080 failed (98: Address already in use)',
        '',
      ].join('\n'),
    );
    const reload = new Date(2026, 11, 6, 23, 20, 5, 400).getTime();
    expect(recentNginxErrors(reload, file)).toBe('bind() to 0.0.0.0:8080 failed (98: Address already in use)');
    expect(recentNginxErrors(new Date(2026, 11, 6, 23, 30, 0).getTime(), file)).toBe('');
    expect(recentNginxErrors(0, file)).toContain('0.0.0.0:22');
  });
});
