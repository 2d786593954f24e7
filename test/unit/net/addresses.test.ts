import { describe, expect, it } from 'vitest';
import { isPublicAddress, resolvePublic } from '../../../lib/net/addresses.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fd00::1',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    'not-an-ip',
    '',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['1.1.1.1', '140.82.121.4', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});

describe('resolvePublic', () => {
  const fake = (table: Record<string, string[]>) => async (host: string) => {
    const a = table[host];
    if (!a) throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('returns the addresses of a public name', async () => {
    await expect(resolvePublic('example.com', fake({ 'example.com': ['93.184.216.34'] }))).resolves.toEqual([
      '93.184.216.34',
    ]);
  });

  it('refuses a name when any of its addresses is inside (a public and a loopback answer)', async () => {
    await expect(
      resolvePublic('rebind.example', fake({ 'rebind.example': ['93.184.216.34', '127.0.0.1'] })),
    ).rejects.toThrow(/127\.0\.0\.1.*not a public address/);
  });

  it('judges IP literals without DNS, brackets included', async () => {
    await expect(resolvePublic('169.254.169.254', fake({}))).rejects.toThrow(/not a public address/);
    await expect(resolvePublic('[::1]', fake({}))).rejects.toThrow(/not a public address/);
    await expect(resolvePublic('8.8.8.8', fake({}))).resolves.toEqual(['8.8.8.8']);
  });

  it('says when a name does not resolve', async () => {
    await expect(resolvePublic('nope.invalid', fake({}))).rejects.toThrow(/Could not resolve nope.invalid: ENOTFOUND/);
  });
});
