import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch, splitGlobal } from '../../../lib/cli/dispatch.js';
import { UsageError } from '../../../lib/core/errors.js';
import { editDistance, suggest } from '../../../lib/cli/suggest.js';
import { confirmByName } from '../../../lib/cli/confirm.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from './capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-dispatch-'));
});

describe('dispatch', () => {
  it('refuses an unknown command with exit 64 and a suggestion', async () => {
    const r = await capture(() => dispatch(['confg:set', 'a', 'A=1']));
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as UsageError).exitCode).toBe(64);
    expect((r.error as Error).message).toMatch(/`confg:set` is not a paas command; did you mean .*"config:set"/);
    const r2 = await capture(() => dispatch(['apps:destory', 'a']));
    expect((r2.error as Error).message).toMatch(/did you mean .*"apps:destroy"/);
    const r3 = await capture(() => dispatch(['zzzzzzzzzzzz']));
    expect((r3.error as Error).message).toMatch(/run "paas help"/);
  });
  it('prints namespace help for NS:help and for a bare namespace without an app', async () => {
    const r = await capture(() => dispatch(['config:help']));
    expect(r.result).toBe(0);
    expect(r.stdout).toMatch(/^Usage: paas config\[:COMMAND\]/);
    for (const c of [
      'config:get',
      'config:set',
      'config:unset',
      'config:export',
      'config:import',
      'config:keys',
      'config:clear',
    ])
      expect(r.stdout).toContain(`    ${c} `);
    const r2 = await capture(() => dispatch(['apps']));
    expect(r2.stdout).toContain('apps:create <app>');
  });
  // dokku tests/unit/core_2.bats "(core) cleanup:help", scheduler.bats "(scheduler) scheduler:help"
  it('has cleanup and scheduler, with their help', async () => {
    const c = await capture(() => dispatch(['cleanup:help']));
    expect(c.stdout).toContain('Cleans up exited/dead Docker containers and removes dangling images');
    const bare = await capture(() => dispatch(['scheduler']));
    const help = await capture(() => dispatch(['scheduler:help']));
    expect(help.stdout).toContain('Manage scheduler settings');
    expect(bare.stdout).toBe(help.stdout);
    // `paas cleanup APP` is the command, never help: an unknown app is an error
    const r = await capture(() => dispatch(['cleanup', 'nosuch']));
    expect((r.error as Error).message).toMatch(/nosuch/);
  });
  it('prints the main help and the version', async () => {
    expect((await capture(() => dispatch([]))).stdout).toMatch(/^Usage: paas/);
    expect((await capture(() => dispatch(['version']))).stdout).toMatch(/^paas \S+\n$/);
  });
  it('fills the app from --app', async () => {
    fs.mkdirSync(paths.appDir('a1'), { recursive: true });
    await capture(() => dispatch(['--app', 'a1', 'config:set', '--no-restart', 'A=from-app-flag']));
    const r = await capture(() => dispatch(['--app=a1', 'config:get', 'A']));
    expect(r.stdout).toBe('from-app-flag\n');
    expect((await capture(() => dispatch(['--app', 'a1', 'config']))).stdout).toContain('=====> a1 env vars');
  });
  it('refuses unknown flags of a command with exit 64', async () => {
    const r = await capture(() => dispatch(['config:get', '--bogus', 'a1', 'A']));
    expect((r.error as UsageError).exitCode).toBe(64);
  });
  it('splits global flags from the command', () => {
    expect(splitGlobal(['--quiet', '--trace', '--app', 'x', 'ps:report', '--app', 'y'])).toEqual({
      global: { quiet: true, trace: true, force: false, app: 'x' },
      rest: ['ps:report', '--app', 'y'],
    });
    expect(() => splitGlobal(['--app=', 'x'])).toThrow(/--app needs an app name/);
    expect(splitGlobal(['--force', 'apps:destroy', 'a']).global.force).toBe(true);
  });
});

describe('suggest', () => {
  it('ranks by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggest('confg', ['config', 'certs', 'apps'])).toEqual(['config']);
    expect(suggest('apps:creat', ['apps:create', 'apps:clone', 'ps:report'])).toEqual(['apps:create']);
    expect(suggest('apps:lock', ['apps:locked', 'apps:unlock', 'apps:lock'])).toEqual([
      'apps:lock',
      'apps:locked',
      'apps:unlock',
    ]);
    expect(suggest('xyz', ['config'])).toEqual([]);
  });
});

describe('confirmByName', () => {
  it('goes ahead with force and asks nothing', async () => {
    const r = await capture(() => confirmByName('app', 'a1', true));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
  });
});

describe("Dokku's report.bats and version.bats", () => {
  it('every NS:report exits 0 with Dokku\'s "no apps" warning when there are no apps', async () => {
    const namespaces = ['app-json', 'apps', 'builder', 'builder-dockerfile', 'buildpacks', 'certs', 'checks'];
    namespaces.push('cron', 'docker-options', 'domains', 'git', 'network', 'nginx', 'ports', 'proxy', 'ps');
    namespaces.push('resource', 'storage');
    for (const ns of namespaces) {
      const r = await capture(() => dispatch([`${ns}:report`]));
      expect([ns, r.error, r.result ?? 0]).toEqual([ns, undefined, 0]);
      expect(r.stderr).toContain("You haven't deployed any applications yet");
    }
  });
  it('version, -v and --version print the version', async () => {
    for (const v of ['version', '-v', '--version']) {
      const r = await capture(() => dispatch([v]));
      expect([r.result, r.stdout]).toEqual([0, expect.stringMatching(/^paas \S+\n$/)]);
    }
  });
});
