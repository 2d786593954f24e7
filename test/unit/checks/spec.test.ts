import { describe, expect, it } from 'vitest';
import { checksForProcess, describeCheck, parseChecksFile, parseHealthcheck } from '../../../lib/checks/spec.js';

const settings = { wait: 3, timeout: 5, attempts: 5, waitToRetire: 60, watch: 10, autoRollback: true };

describe('parseChecksFile', () => {
  it('reads settings, comments and check lines', () => {
    const f = parseChecksFile(
      '# comment\nWAIT=7\nTIMEOUT=9\nATTEMPTS=2\n\n/about  Our Amazing Team\n/health\n//example.com/x ok\nhttps://h.test/y\n',
    );
    expect(f.settings).toEqual({ wait: 7, timeout: 9, attempts: 2 });
    expect(f.checks).toEqual([
      { scheme: 'http', path: '/about', content: 'Our Amazing Team' },
      { scheme: 'http', path: '/health', content: undefined },
      { scheme: 'http', host: 'example.com', path: '/x', content: 'ok' },
      { scheme: 'https', host: 'h.test', path: '/y', content: undefined },
    ]);
  });
  it('rejects bad lines with the line number', () => {
    expect(() => parseChecksFile('/ok\nabout us')).toThrow(/CHECKS line 2/);
    expect(() => parseChecksFile('ATTEMPTS=zero')).toThrow(/ATTEMPTS must be a whole number/);
    expect(() => parseChecksFile('TIMEOUT=0')).toThrow(/TIMEOUT/);
  });
});

describe('parseHealthcheck', () => {
  it('fills defaults from settings and recognises the kind', () => {
    const c = parseHealthcheck(
      { type: 'startup', name: 'ready', path: '/health', content: 'ok', attempts: 2 },
      'w',
      settings,
    );
    expect(c).toMatchObject({
      kind: 'http',
      name: 'ready',
      path: '/health',
      content: 'ok',
      attempts: 2,
      timeout: 5,
      wait: 2,
      initialDelay: 0,
      anyStatus: false,
    });
    expect(parseHealthcheck({ command: ['true'] }, 'w', settings).kind).toBe('command');
    expect(parseHealthcheck({ command: 'test -f /tmp/x' }, 'w', settings).command).toEqual([
      '/bin/sh',
      '-c',
      'test -f /tmp/x',
    ]);
    expect(parseHealthcheck({ listening: true, port: 8080 }, 'w', settings)).toMatchObject({
      kind: 'listening',
      port: 8080,
    });
    expect(parseHealthcheck({ uptime: 10 }, 'w', settings)).toMatchObject({ kind: 'uptime', uptime: 10 });
    expect(parseHealthcheck({ name: 'x' }, 'w', settings)).toMatchObject({ kind: 'uptime', uptime: 3 });
  });
  it('moves a Host header out of the headers', () => {
    const c = parseHealthcheck(
      {
        path: '/',
        httpHeaders: [
          { name: 'Host', value: 'a.test' },
          { name: 'X-Forwarded-Proto', value: 'https' },
        ],
      },
      'w',
      settings,
    );
    expect(c.host).toBe('a.test');
    expect(c.headers).toEqual({ 'X-Forwarded-Proto': 'https' });
  });
  it('rejects invalid fields with where they are', () => {
    expect(() => parseHealthcheck({ type: 'sometimes' }, 'app.json healthchecks.web[0]', settings)).toThrow(
      /healthchecks.web\[0\].type/,
    );
    expect(() => parseHealthcheck({ path: 'health' }, 'w', settings)).toThrow(/path must start/);
    expect(() => parseHealthcheck({ path: '/', attempts: 0 }, 'w', settings)).toThrow(
      /attempts must be a whole number >= 1/,
    );
    expect(() => parseHealthcheck({ path: '/', timeout: 'x' }, 'w', settings)).toThrow(/timeout/);
    expect(() => parseHealthcheck({ command: [] }, 'w', settings)).toThrow(/command/);
    expect(() => parseHealthcheck('x', 'w', settings)).toThrow(/must be an object/);
    expect(() => parseHealthcheck({ path: '/', httpHeaders: [{ name: 'a b', value: '' }] }, 'w', settings)).toThrow(
      /header name/,
    );
  });
});

describe('checksForProcess', () => {
  it('gives web a default HTTP check that accepts any answer and other processes only uptime', () => {
    const web = checksForProcess({}, 'web', settings);
    expect(web.source).toBe('default');
    expect(web.uptime).toBe(3);
    expect(web.checks).toHaveLength(1);
    expect(web.checks[0]).toMatchObject({ kind: 'http', path: '/', anyStatus: true, attempts: 5, timeout: 5 });
    expect(checksForProcess({}, 'worker', settings)).toEqual({ checks: [], uptime: 3, source: 'default' });
  });
  it('gives a web process nginx does not route (proxy:disable) only the uptime wait, as Dokku', () => {
    expect(checksForProcess({}, 'web', settings, false)).toEqual({ checks: [], uptime: 3, source: 'default' });
    expect(checksForProcess({ checksFile: 'WAIT=7\n' }, 'web', settings, false)).toEqual({
      checks: [],
      uptime: 7,
      source: 'default',
    });
    // Declared checks still run when not routed.
    const declared = checksForProcess({ checksFile: '/health ok\n' }, 'web', settings, false);
    expect(declared.checks[0]).toMatchObject({ kind: 'http', path: '/health', source: 'CHECKS' });
  });
  it('prefers app.json healthchecks over CHECKS and leaves out liveness checks', () => {
    const r = {
      appJson: {
        healthchecks: {
          web: [
            { type: 'startup', path: '/a' },
            { type: 'liveness', path: '/live' },
            { type: 'readiness', path: '/r' },
          ],
        },
      },
      checksFile: '/from-checks-file',
    };
    const pc = checksForProcess(r, 'web', settings);
    expect(pc.source).toBe('app.json');
    expect(pc.checks.map((c) => c.path)).toEqual(['/a', '/r']);
  });
  it('applies app.json checks to any process type', () => {
    const r = { appJson: { healthchecks: { worker: [{ command: ['true'] }] } } };
    expect(checksForProcess(r, 'worker', settings).checks[0].kind).toBe('command');
    expect(checksForProcess(r, 'web', settings).checks[0].anyStatus).toBe(true);
  });
  it('uses the CHECKS file for web only, with its settings', () => {
    const r = { checksFile: 'WAIT=1\nATTEMPTS=2\n/health ok\n' };
    const pc = checksForProcess(r, 'web', settings);
    expect(pc).toMatchObject({ source: 'CHECKS', uptime: 1 });
    expect(pc.checks[0]).toMatchObject({ path: '/health', content: 'ok', attempts: 2, anyStatus: false });
    expect(checksForProcess(r, 'worker', settings).checks).toEqual([]);
  });
  it('keeps the default check when CHECKS has only settings', () => {
    const pc = checksForProcess({ checksFile: 'WAIT=0\n' }, 'web', settings);
    expect(pc.uptime).toBe(0);
    expect(pc.checks[0].anyStatus).toBe(true);
  });
  it('rejects healthchecks of the wrong shape', () => {
    expect(() => checksForProcess({ appJson: { healthchecks: [] } }, 'web', settings)).toThrow(
      /object keyed by process type/,
    );
    expect(() => checksForProcess({ appJson: { healthchecks: { web: {} } } }, 'web', settings)).toThrow(
      /must be a list/,
    );
  });
  it('describes checks the way the deploy output shows them', () => {
    const c = checksForProcess({}, 'web', settings).checks[0];
    expect(describeCheck(c, '172.17.0.5', 5000)).toBe('http://172.17.0.5:5000/');
    expect(describeCheck({ ...c, port: 8080, path: '/h' }, '10.0.0.2', 5000)).toBe('http://10.0.0.2:8080/h');
  });
});
