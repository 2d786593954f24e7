import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_POLLING, acmePollWaits, checkDirectory, explainAcmeError } from '../../../lib/certs/acme.js';
import { LetsencryptSettings } from '../../../lib/certs/letsencrypt-settings.js';
import { selfSigned, tmpDir } from './helpers.js';

// A local HTTPS server with a certificate node does not trust, like Pebble's API.
const pair = selfSigned('localhost');
let server: https.Server;
let base = '';
const caFile = path.join(tmpDir(), 'ca.pem');
fs.writeFileSync(caFile, pair.cert);

beforeAll(async () => {
  server = https.createServer({ cert: pair.cert, key: pair.key }, (req, res) => {
    if (req.url === '/dir') return void res.end(JSON.stringify({ newNonce: 'x', newOrder: 'y', newAccount: 'z' }));
    if (req.url === '/html') return void res.end('<html>');
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function settings(url: string, caBundle = ''): LetsencryptSettings {
  return { email: '', server: url, serverUrl: url, renewDays: 30, graceSeconds: 2_592_000, caBundle };
}

describe('ACME server checks', () => {
  it('says how to trust a private CA when the server certificate is not trusted', async () => {
    await expect(checkDirectory(settings(`${base}/dir`))).rejects.toThrow(
      /self[- ]signed.*letsencrypt:set --global ca-bundle/,
    );
  });

  it('accepts the directory once the ca-bundle is trusted', async () => {
    const s = settings(`${base}/dir`, caFile);
    const agent = new https.Agent({ ca: [pair.cert] });
    await expect(checkDirectory(s, agent)).resolves.toBeUndefined();
    await expect(checkDirectory(settings(`${base}/html`), agent)).rejects.toThrow(/not an ACME directory/);
    await expect(checkDirectory(settings(`${base}/nothing`), agent)).rejects.toThrow(/HTTP 404/);
  });

  it('says when nothing listens', async () => {
    await expect(checkDirectory(settings('https://127.0.0.1:1/dir'))).rejects.toThrow(
      /Cannot use the ACME server .*ECONNREFUSED/,
    );
  });

  it('explains acme-client errors', () => {
    const s = settings('https://acme.example/dir');
    expect(explainAcmeError(new TypeError("Cannot read properties of undefined (reading 'config')"), s)).toMatch(
      /lost the connection/,
    );
    expect(explainAcmeError(new Error('DNS problem: SERVFAIL looking up A'), s)).toBe(
      'DNS problem: SERVFAIL looking up A',
    );
  });
});

describe('ACME polling', () => {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

  it('looks again a quarter of a second after the first try, and soon after that', () => {
    const waits = acmePollWaits(ACME_POLLING);
    expect(waits[0]).toBe(250);
    expect(sum(waits.slice(0, 3))).toBeLessThanOrEqual(2000);
  });

  it('keeps the patience it had with 1 s first waits (12 tries: 1+2+4+8+10*7 s)', () => {
    const before = sum(acmePollWaits({ backoffAttempts: 12, backoffMin: 1000, backoffMax: 10000 }));
    expect(before).toBe(85000);
    expect(sum(acmePollWaits(ACME_POLLING))).toBeGreaterThanOrEqual(before);
  });
});
