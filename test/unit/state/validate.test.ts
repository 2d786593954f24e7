import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lib/core/errors.js';
import {
  isValidDomain,
  parseBool,
  validateAbsolutePath,
  validateAppName,
  validateDomain,
  validateEnvKey,
  validateName,
  validatePort,
  validatePositiveInt,
  validateProcessType,
} from '../../../lib/state/validate.js';

describe('validateAppName', () => {
  it('accepts lowercase names with digits and dashes', () => {
    for (const n of ['a', 'app', 'my-app-2', '0day', 'a'.repeat(63)]) expect(validateAppName(n)).toBe(n);
  });
  it('refuses everything that could escape a path, a container name or a vhost', () => {
    for (const n of [
      'test;id',
      'TestApp',
      'test/app',
      'test_app',
      '..',
      '.',
      '-app',
      'a b',
      'app\n',
      'ä',
      'a.b',
      '$(id)',
    ])
      expect(() => validateAppName(n), n).toThrow(/is invalid/);
    expect(() => validateAppName('a'.repeat(64))).toThrow(/too long \(64 characters, at most 63\)/);
    expect(() => validateAppName('')).toThrow(/Please specify an app name/);
    expect(() => validateAppName(undefined)).toThrow(UsageError);
  });
  it('gives a one-line message with a shortened name', () => {
    try {
      validateAppName('x'.repeat(200));
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
      expect((e as Error).message.length).toBeLessThan(160);
      expect((e as UsageError).exitCode).toBe(64);
    }
  });
});

describe('other validators', () => {
  it('env keys', () => {
    for (const k of ['A', '_A', 'a_1', 'DATABASE_URL']) expect(validateEnvKey(k)).toBe(k);
    for (const k of ['1BAD', 'A-B', 'A B', '', 'A=B', 'É'])
      expect(() => validateEnvKey(k), k).toThrow(/Invalid env key/);
  });
  it('process types', () => {
    expect(validateProcessType('web')).toBe('web');
    expect(validateProcessType('worker_2-x')).toBe('worker_2-x');
    for (const p of ['', '-web', 'a.b', 'a/b', 'x'.repeat(64)]) expect(() => validateProcessType(p), p).toThrow();
  });
  it('generic names', () => {
    expect(validateName('network', 'my.net_1-x')).toBe('my.net_1-x');
    expect(() => validateName('network', '')).toThrow(/Please specify a network/);
    expect(() => validateName('network', '../x')).toThrow(/Invalid network/);
  });
  it('domains', () => {
    expect(validateDomain('App.Example.COM')).toBe('app.example.com');
    expect(validateDomain('*.example.com')).toBe('*.example.com');
    for (const d of ['', 'a..b', '-a.com', 'a-.com', 'a_b.com', 'x.*.com', 'a b', 'a;b', 'a'.repeat(64) + '.com'])
      expect(isValidDomain(d), d).toBe(false);
    expect(() => validateDomain('a;b')).toThrow(/Invalid domain/);
  });
  it('ports', () => {
    expect(validatePort('1')).toBe(1);
    expect(validatePort(65535)).toBe(65535);
    for (const p of ['0', '65536', '-1', '80a', '', '1.5', '123456'])
      expect(() => validatePort(p), p).toThrow(/Invalid port/);
  });
  it('absolute paths', () => {
    expect(validateAbsolutePath('/data//x/')).toBe('/data/x/');
    for (const p of ['rel', '/a/../b', '/a:b', '/a,b', '/a\nb', '/a\0b'])
      expect(() => validateAbsolutePath(p), p).toThrow();
    expect(() => validateAbsolutePath(undefined, 'mount path')).toThrow(/Please specify a mount path/);
  });
  it('booleans and integers', () => {
    expect(parseBool('true', 'x')).toBe(true);
    expect(parseBool('false', 'x')).toBe(false);
    expect(() => parseBool('yes', 'x')).toThrow(/use true or false/);
    expect(validatePositiveInt('10', 'n')).toBe(10);
    expect(() => validatePositiveInt('0', 'n', 1)).toThrow(/>= 1/);
    expect(() => validatePositiveInt('-3', 'n')).toThrow();
    expect(() => validatePositiveInt('3.5', 'n')).toThrow();
  });
});
