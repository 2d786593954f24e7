import http from 'node:http';
import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp, probeListening } from '../../../lib/checks/probe.js';
import { checksForProcess, CheckSpec } from '../../../lib/checks/spec.js';

let server: http.Server;
let port: number;
let seenHost = '';
const settings = { wait: 3, timeout: 1, attempts: 1, waitToRetire: 60, watch: 10, autoRollback: true };
const base: CheckSpec = { ...checksForProcess({}, 'web', settings).checks[0] };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHost = req.headers.host ?? '';
    if (req.url === '/ok') return res.end('all good here');
    if (req.url === '/boom') return res.writeHead(500).end('database is down');
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000);
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('probeHttp', () => {
  it('the default check accepts any HTTP answer', async () => {
    expect(await probeHttp({ ...base, path: '/boom' }, '127.0.0.1', port)).toEqual({ ok: true, status: 500 });
  });
  it('an explicit check wants 2xx/3xx and the content', async () => {
    const c = { ...base, anyStatus: false };
    expect((await probeHttp({ ...c, path: '/ok', content: 'good' }, '127.0.0.1', port)).ok).toBe(true);
    expect(await probeHttp({ ...c, path: '/boom' }, '127.0.0.1', port)).toEqual({
      ok: false,
      reason: 'HTTP status 500 (expected 2xx or 3xx)',
      excerpt: 'database is down',
      status: 500,
    });
    expect(await probeHttp({ ...c, path: '/ok', content: 'ready' }, '127.0.0.1', port)).toMatchObject({
      ok: false,
      reason: 'expected content "ready" not found',
      excerpt: 'all good here',
    });
  });
  it('sends the Host of the check and times out', async () => {
    await probeHttp({ ...base, path: '/ok', host: 'app.example.com' }, '127.0.0.1', port);
    expect(seenHost).toBe('app.example.com');
    expect(await probeHttp({ ...base, path: '/slow', timeout: 1 }, '127.0.0.1', port)).toEqual({
      ok: false,
      reason: 'no answer within 1s',
    });
  });
  it('explains a refused connection', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    closed.close();
    expect((await probeHttp(base, '127.0.0.1', p)).reason).toMatch(/connection refused/);
    expect((await probeListening(base, '127.0.0.1', p)).ok).toBe(false);
    expect((await probeListening(base, '127.0.0.1', port)).ok).toBe(true);
  });
});
