import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  assertMaySetSetting,
  computedSetting,
  computedSettings,
  validateSetting,
} from '../../../lib/nginx/settings.js';
import { AccessError } from '../../../lib/core/errors.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-nginx-'));
});

describe('nginx settings', () => {
  it('accepts values nginx understands', () => {
    for (const [k, v] of [
      ['client-max-body-size', '50m'],
      ['client-max-body-size', '0'],
      ['proxy-read-timeout', '120s'],
      ['proxy-buffer-size', '8k'],
      ['proxy-buffers', '16 8k'],
      ['hsts', 'false'],
      ['proxy-keepalive', '64'],
      ['proxy-keepalive', '0'],
      ['hsts-max-age', '31536000'],
      ['access-log-path', 'off'],
      ['access-log-path', '/var/log/nginx/a.log'],
      ['x-forwarded-for-value', '$http_x_forwarded_for'],
      ['x-forwarded-port-value', '8443'],
      ['x-forwarded-proto-value', 'https'],
      ['x-forwarded-ssl', 'on'],
      ['underscore-in-headers', 'on'],
      ['keepalive-timeout', '30s'],
      ['access-log-path', '/dev/stdout'],
      ['error-log-path', '/dev/stderr'],
    ])
      expect(validateSetting(k, v)).toBe(v);
  });

  it('refuses values that could inject config, with a one-line reason', () => {
    expect(() => validateSetting('client-max-body-size', '1m;')).toThrow(
      /Invalid value "1m;" for nginx client-max-body-size: use a size/,
    );
    expect(() => validateSetting('proxy-read-timeout', '60 s')).toThrow(/use a time/);
    expect(() => validateSetting('hsts', 'yes')).toThrow(/true or false/);
    expect(() => validateSetting('proxy-keepalive', '32;')).toThrow(/use a number of connections/);
    expect(() => validateSetting('proxy-keepalive', '-1')).toThrow(/use a number of connections/);
    expect(() => validateSetting('access-log-path', '/var/log/../x')).toThrow(
      /a file under \/var\/log\/nginx\/, \/dev\/stdout, \/dev\/stderr or off/,
    );
    expect(() => validateSetting('access-log-path', 'relative.log')).toThrow(/under \/var\/log\/nginx/);
    expect(() => validateSetting('x-forwarded-for-value', '$remote_addr; }')).toThrow(/nginx variable/);
    for (const v of ['https;', 'a b', '"x"', 'x}', '$x$y', '-x', 'on\nlisten 81'])
      expect(() => validateSetting('x-forwarded-proto-value', v), v).toThrow(/nginx variable .* plain word/);
    expect(() => validateSetting('x-forwarded-ssl', 'yes')).toThrow(/on or off/);
    expect(() => validateSetting('bind-address-ipv4', '127.0.0.127')).toThrow(/not 127\.0\.0\.127/);
    expect(validateSetting('bind-address-ipv4', '127.0.0.1')).toBe('127.0.0.1');
    expect(() => validateSetting('underscore-in-headers', 'true')).toThrow(/on or off/);
    expect(() => validateSetting('send-timeout', '1 s')).toThrow(/use a time/);
    expect(() => validateSetting('error-log-path', '/dev/stdin')).toThrow(/dev\/stderr or off/);
    expect(() => validateSetting('access-log-format', 'json; load_module /x.so')).toThrow(/log_format/);
    expect(() => validateSetting('access-log-format', 'a b')).toThrow(/log_format/);
    expect(validateSetting('access-log-format', 'json_combined')).toBe('json_combined');
    expect(() => validateSetting('no-such-thing', '1')).toThrow(
      /Invalid nginx property "no-such-thing"; valid properties: access-log-format, access-log-path/,
    );
  });

  it('computes app over global over default', () => {
    expect(computedSetting('a1', 'client-max-body-size')).toBe('1m');
    writeProp('nginx', GLOBAL, 'client-max-body-size', '10m');
    expect(computedSetting('a1', 'client-max-body-size')).toBe('10m');
    writeProp('nginx', 'a1', 'client-max-body-size', '50m');
    expect(computedSetting('a1', 'client-max-body-size')).toBe('50m');
    expect(computedSettings('a2')['client-max-body-size']).toBe('10m');
    expect(computedSetting('a1', 'proxy-keepalive')).toBe('1024');
  });

  it('falls back to the default when a stored value was hand-edited into something invalid', () => {
    writeProp('nginx', 'a1', 'proxy-read-timeout', '60s; evil');
    expect(computedSetting('a1', 'proxy-read-timeout')).toBe('60s');
  });

  it("keeps log paths under /var/log/nginx for every caller (root's nginx creates and appends to them)", () => {
    for (const key of ['access-log-path', 'error-log-path'])
      for (const v of [
        '/etc/anything',
        '/etc/cron.d/x',
        '/root/.ssh/authorized_keys',
        '/var/log/nginx/../../../etc/passwd',
        '/var/log/nginx/',
        '/var/log/nginxevil/a.log',
        '/var/log/nginx/a b.log',
        '/var/log/nginx/a.log;',
        '/var/log/nginx/a.log; load_module /x.so',
        '/var/log/nginx/"a.log"',
        "/var/log/nginx/'a'",
        '/var/log/nginx/a\nb',
        '/var/log/nginx/a\u0000',
        'syslog:server=unix:/var/run/docker.sock',
        '/dev/tcp/1.2.3.4/80',
      ])
        expect(() => validateSetting(key, v), `${key} ${v}`).toThrow(
          /a file under \/var\/log\/nginx\/, \/dev\/stdout, \/dev\/stderr or off/,
        );
    expect(validateSetting('error-log-path', '/var/log/nginx/shop/error.log')).toBe('/var/log/nginx/shop/error.log');
  });

  it('makes log paths admin-only for any value', () => {
    assertMaySetSetting('access-log-path');
    process.env.PAAS_USER = 'alice';
    process.env.PAAS_ROLE = 'user';
    try {
      expect(() => assertMaySetSetting('access-log-path')).toThrow(AccessError);
      expect(() => assertMaySetSetting('error-log-path')).toThrow(/Only an admin may set the nginx error-log-path/);
      assertMaySetSetting('client-max-body-size');
    } finally {
      delete process.env.PAAS_USER;
      delete process.env.PAAS_ROLE;
    }
  });

  it('ignores a hand-edited log path outside /var/log/nginx', () => {
    writeProp('nginx', 'a1', 'access-log-path', '/etc/cron.d/x');
    expect(computedSetting('a1', 'access-log-path')).toBe('');
  });
});
