import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { planRun } from '../../../lib/run/commands.js';
import { writeRelease } from '../../../lib/release/store.js';
import { writeProp } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';
import { Release } from '../../../lib/release/types.js';

const release: Release = {
  app: 'tk-a',
  number: 3,
  image: 'paas/tk-a:v3',
  builder: 'dockerfile',
  config: { A: '1' },
  processes: { web: 'httpd', console: 'node repl.js' },
  rev: 'abc',
  pushedBy: 't',
  createdAt: '',
  live: true,
};
const base = (app: string, r: Release) => ({
  Image: r.image,
  Env: ['A=1', 'DYNO=run.1'],
  Labels: { 'paas.app': app, 'paas.kind': 'run' },
  HostConfig: { Init: true },
});

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-run-'));
  fs.mkdirSync(paths.appDir('tk-a'), { recursive: true });
});

describe('planRun', () => {
  it('needs a deployed app and a command', () => {
    expect(() => planRun({ args: ['tk-a', 'ls'], flags: {} }, base, false)).toThrow(/has not been deployed/);
    writeRelease(release);
    writeProp('ps', 'tk-a', 'live-release', '3');
    expect(() => planRun({ args: ['tk-a'], flags: {} }, base, false)).toThrow(/Usage: paas run/);
    expect(() => planRun({ args: ['tk-nope', 'ls'], flags: {} }, base, false)).toThrow(/does not exist/);
  });
  it('merges --env over the release config, keeps the labels, and attaches a TTY only when asked for and present', () => {
    writeRelease(release);
    writeProp('ps', 'tk-a', 'live-release', '3');
    const p = planRun({ args: ['tk-a', '-e', 'A=2', 'console'], flags: { env: ['B=x'] } }, base, true);
    expect(p.options.Env).toEqual(['A=2', 'DYNO=run.1', 'B=x']);
    expect(p.options.Cmd).toEqual(['/bin/sh', '-c', 'node repl.js']);
    expect(p.options.Labels).toEqual({
      'paas.app': 'tk-a',
      'paas.kind': 'run',
      'paas.active-deadline-seconds': '86400',
    });
    expect(p.options.name).toMatch(/^tk-a\.run\.[0-9a-f]{6}$/);
    expect(p.options).toMatchObject({
      Image: 'paas/tk-a:v3',
      Tty: true,
      OpenStdin: true,
      StdinOnce: true,
      HostConfig: { Init: true },
    });
    expect(planRun({ args: ['tk-a', '--no-tty', 'ls'], flags: {} }, base, true).tty).toBe(false);
    expect(planRun({ args: ['tk-a', 'ls'], flags: {} }, base, false).tty).toBe(false);
    const d = planRun({ args: ['tk-a', 'sleep', '9'], flags: {} }, base, true, true);
    expect(d).toMatchObject({ detach: true, tty: false, options: { OpenStdin: false, Cmd: ['sleep', '9'] } });
  });
  it('labels the container with --ttl-seconds (Dokku: a positive whole number) before looking at the release', () => {
    expect(() => planRun({ args: ['tk-a', 'ls'], flags: { 'ttl-seconds': '$(id)' } }, base, false)).toThrow(
      '--ttl-seconds must be a positive integer',
    );
    expect(() => planRun({ args: ['tk-a', 'ls'], flags: { 'ttl-seconds': '0' } }, base, false)).toThrow(/positive/);
    writeRelease(release);
    writeProp('ps', 'tk-a', 'live-release', '3');
    const p = planRun({ args: ['tk-a', 'ls'], flags: { 'ttl-seconds': '60' } }, base, false);
    expect(p.ttl).toBe(60);
    expect(p.options.Labels?.['paas.active-deadline-seconds']).toBe('60');
  });
});

describe('run --cron-id', () => {
  it('labels the one-off container with the cron id (before or after the app) and refuses other ids', () => {
    writeRelease(release);
    writeProp('ps', 'tk-a', 'live-release', '3');
    const before = planRun({ args: ['tk-a', 'ls'], flags: { 'cron-id': 'abc1' } }, base, false);
    expect(before.options.Labels).toEqual({
      'paas.app': 'tk-a',
      'paas.kind': 'run',
      'paas.process': 'cron',
      'paas.cron-id': 'abc1',
      // Dokku gives cron tasks the same default time to live as any one-off container.
      'paas.active-deadline-seconds': '86400',
    });
    const after = planRun({ args: ['tk-a', '--cron-id', 'xyz', 'ls'], flags: {} }, base, false);
    expect(after.options.Labels?.['paas.cron-id']).toBe('xyz');
    expect(after.options.Cmd).toEqual(['ls']);
    expect(() => planRun({ args: ['tk-a', 'ls'], flags: { 'cron-id': 'a b' } }, base, false)).toThrow(
      /Invalid --cron-id/,
    );
  });
});
