import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../../lib/net/addresses.js';
import { downloadTo, parseArchiveUrl, publicOnlyLookup, saveStream } from '../../../lib/archive/fetch.js';

describe('isPublicAddress', () => {
  const refused = [
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::1',
    '::127.0.0.1',
    'not-an-ip',
  ];
  const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1'];
  it.each(refused)('refuses %s', (ip) => expect(isPublicAddress(ip)).toBe(false));
  it.each(allowed)('allows %s', (ip) => expect(isPublicAddress(ip)).toBe(true));
});

describe('publicOnlyLookup', () => {
  const lookupWith = (addrs: { address: string; family: number }[], all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      publicOnlyLookup(async () => addrs)('example.test', { all }, (err, address) =>
        err ? reject(err) : resolve(address),
      ),
    );
  it('hands out the checked address, and refuses a name with any non-public address', async () => {
    await expect(lookupWith([{ address: '8.8.8.8', family: 4 }], false)).resolves.toBe('8.8.8.8');
    await expect(lookupWith([{ address: '8.8.8.8', family: 4 }], true)).resolves.toEqual([
      { address: '8.8.8.8', family: 4 },
    ]);
    // a rebinding answer mixing a public and a private address
    await expect(
      lookupWith(
        [
          { address: '8.8.8.8', family: 4 },
          { address: '169.254.169.254', family: 4 },
        ],
        true,
      ),
    ).rejects.toThrow(/resolves to 169.254.169.254, a loopback, private, link-local/);
  });
});

describe('parseArchiveUrl', () => {
  it('takes http and https only', () => {
    expect(parseArchiveUrl('https://example.com/a.tar').hostname).toBe('example.com');
    for (const bad of ['file:///etc/passwd', 'ftp://x/a.tar', 'gopher://x', 'nonsense', '/tmp/a.tar'])
      expect(() => parseArchiveUrl(bad)).toThrow(/Invalid archive url/);
  });
});

describe('downloadTo and saveStream', () => {
  let server: http.Server;
  let base: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-fetch-test-'));
  const file = path.join(dir, 'out');
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const hops = Number(u.searchParams.get('hops') ?? 0);
      if (u.pathname === '/redirect') {
        res.writeHead(302, { location: hops > 0 ? `/redirect?hops=${hops - 1}` : '/data' });
        return res.end();
      }
      if (u.pathname === '/to-other') {
        res.writeHead(302, { location: `http://127.0.0.2:${u.searchParams.get('port')}/data` });
        return res.end();
      }
      if (u.pathname === '/data') return res.end('0123456789');
      if (u.pathname === '/big') {
        // no content-length: the cap must apply while reading
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        res.write(Buffer.alloc(600));
        return setTimeout(() => res.end(Buffer.alloc(600)), 20);
      }
      if (u.pathname === '/declared') {
        res.writeHead(200, { 'content-length': '5000' });
        return res.end(Buffer.alloc(5000));
      }
      res.writeHead(404);
      res.end('nope');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const admin = { maxSize: 1000, publicOnly: false };
  const user = { maxSize: 1000, publicOnly: true };

  it('an admin fetches from anywhere, redirects included', async () => {
    expect(await downloadTo(new URL(`${base}/redirect?hops=4`), file, admin)).toBe(10);
    expect(fs.readFileSync(file, 'utf8')).toBe('0123456789');
  });

  it('stops after 5 redirects', async () => {
    await expect(downloadTo(new URL(`${base}/redirect?hops=5`), file, admin)).rejects.toThrow(/Too many redirects/);
  });

  it('a non-admin key may not fetch from loopback, by address or by name, nor be redirected to one', async () => {
    await expect(downloadTo(new URL(`${base}/data`), file, user)).rejects.toThrow(/resolves to 127.0.0.1/);
    const port = (server.address() as AddressInfo).port;
    await expect(downloadTo(new URL(`http://localhost:${port}/data`), file, user)).rejects.toThrow(
      /localhost: it resolves to (127.0.0.1|::1)/,
    );
    await expect(downloadTo(new URL(`http://[::ffff:127.0.0.1]:${port}/data`), file, user)).rejects.toThrow(
      /non-public/,
    );
    // a redirect is checked like the first URL: with only 127.0.0.1 counted as public, the hop to 127.0.0.2
    // is refused (an admin follows it)
    const only1 = { ...user, allowAddress: (ip: string) => ip === '127.0.0.1' };
    expect(await downloadTo(new URL(`${base}/data`), file, only1)).toBe(10);
    await expect(downloadTo(new URL(`${base}/to-other?port=${port}`), file, only1)).rejects.toThrow(
      /Refusing to fetch from 127.0.0.2/,
    );
    await expect(downloadTo(new URL(`${base}/to-other?port=${port}`), file, admin)).rejects.toThrow(
      /Could not download http:\/\/127.0.0.2:\d+\/data: connect ECONNREFUSED/,
    );
  });

  it('caps the body at archive-max-size while downloading, and says when the server fails', async () => {
    await expect(downloadTo(new URL(`${base}/big`), file, admin)).rejects.toThrow(
      /^Archive exceeds maximum allowed size of 1000 bytes$/,
    );
    await expect(downloadTo(new URL(`${base}/declared`), file, admin)).rejects.toThrow(/maximum allowed size/);
    await expect(downloadTo(new URL(`${base}/missing`), file, admin)).rejects.toThrow(/HTTP 404/);
  });

  it('saveStream refuses more than the limit from stdin', async () => {
    expect(await saveStream(Readable.from([Buffer.alloc(10)]), file, 10)).toBe(10);
    await expect(saveStream(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]), file, 10)).rejects.toThrow(
      /maximum allowed size of 10 bytes/,
    );
  });
});
