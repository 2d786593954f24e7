import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { destroyApp } from '../../../lib/lifecycle/apps.js';
import { assertDeployAllowed, isAppLocked, isDeployLocked, setDeployLocked } from '../../../lib/apps/deploy-lock.js';
import { cloneApp, renameApp } from '../../../lib/lifecycle/apps.js';
import { appGlobalReportRows, appReportRows } from '../../../lib/apps/report.js';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { UsageError } from '../../../lib/core/errors.js';
import { hasRuntimeTraces, isDeployed } from '../../../lib/apps/runtime.js';
import { isAutocreationDisabled, readDeploySource, writeDeploySource } from '../../../lib/apps/settings.js';
import { appExists, listApps } from '../../../lib/apps/store.js';
import { readEnv, writeEnv } from '../../../lib/config/env-file.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, hasProp, readListProp, readProp, writeProp } from '../../../lib/state/props.js';
import { capture } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-apps-'));
  delete process.env.PAAS_LOCKED_APP;
  delete process.env.PAAS_NO_WAIT;
});

function snapshot(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (p.startsWith(paths.locksDir())) continue;
      out.push(`${path.relative(paths.root(), p)}${e.isFile() ? '=' + fs.readFileSync(p, 'utf8') : ''}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(paths.root());
  return out.sort();
}

describe('createApp', () => {
  it('makes the app dir and stamps the creation time', () => {
    createApp('a1');
    expect(appExists('a1')).toBe(true);
    expect(listApps()).toEqual(['a1']);
    expect(Number(readProp('apps', 'a1', 'created-at'))).toBeGreaterThan(1_600_000_000);
  });
  it('refuses an existing app and bad names, changing nothing', () => {
    createApp('a1');
    const before = snapshot();
    expect(() => createApp('a1')).toThrow('App a1 already exists');
    for (const n of ['test;id', 'TestApp', 'test/app', 'test_app', '..', '', 'a'.repeat(200)])
      expect(() => createApp(n), n).toThrow();
    expect(snapshot()).toEqual(before);
  });
  it('refuses at once with PAAS_NO_WAIT while another process (a push) holds that name', async () => {
    const { spawn } = await import('node:child_process');
    fs.mkdirSync(paths.locksDir(), { recursive: true });
    const c = spawn('flock', ['-o', '-x', paths.appLock('a2'), 'sh', '-c', 'echo held; sleep 20'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((r) => c.stdout!.once('data', r));
    process.env.PAAS_NO_WAIT = '1';
    try {
      expect(() => createApp('a2')).toThrow(/locked/);
      expect(appExists('a2')).toBe(false);
    } finally {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
    expect(createApp('a2')).toBe('a2');
  });
});

describe('destroyApp', () => {
  it('removes the app dir, its props, repo and build dir, and nothing of other apps', async () => {
    createApp('a1');
    createApp('keep');
    writeEnv('a1', { A: '1' });
    writeProp('nginx', 'a1', 'x', '1');
    writeProp('nginx', 'keep', 'x', '1');
    writeProp('nginx', GLOBAL, 'x', 'g');
    fs.mkdirSync(path.join(paths.repo('a1'), 'refs'), { recursive: true });
    await destroyApp('a1');
    expect(appExists('a1')).toBe(false);
    expect(hasProp('nginx', 'a1', 'x')).toBe(false);
    expect(hasProp('apps', 'a1', 'created-at')).toBe(false);
    expect(fs.existsSync(paths.repo('a1'))).toBe(false);
    expect(readProp('nginx', 'keep', 'x')).toBe('1');
    expect(readProp('nginx', GLOBAL, 'x')).toBe('g');
    await expect(destroyApp('a1')).rejects.toThrow('App a1 does not exist');
  });
});

describe('renameApp', () => {
  it('moves config, props, repo and default domains to the new name', async () => {
    createApp('old');
    writeEnv('old', { A: 'x y' });
    writeProp('domains', GLOBAL, 'vhosts', 'paas.test');
    writeProp('domains', 'old', 'vhosts', 'old.paas.test\ncustom.example.com');
    writeProp('nginx', 'old', 'k', 'v');
    fs.mkdirSync(path.join(paths.repo('old'), 'refs'), { recursive: true });
    const created = readProp('apps', 'old', 'created-at');
    await capture(() => renameApp('old', 'new'));
    expect(appExists('old')).toBe(false);
    expect(readEnv('new')).toEqual({ A: 'x y' });
    expect(readProp('nginx', 'new', 'k')).toBe('v');
    expect(hasProp('nginx', 'old', 'k')).toBe(false);
    expect(readListProp('domains', 'new', 'vhosts')).toEqual(['new.paas.test', 'custom.example.com']);
    expect(readProp('apps', 'new', 'created-at')).toBe(created);
    expect(fs.existsSync(path.join(paths.repo('new'), 'refs'))).toBe(true);
    expect(fs.existsSync(paths.repo('old'))).toBe(false);
  });
  it('refuses an existing target, a missing source and the same name, changing nothing', async () => {
    createApp('a');
    createApp('b');
    writeEnv('a', { A: '1' });
    const before = snapshot();
    await expect(renameApp('a', 'b')).rejects.toThrow('App b already exists');
    await expect(renameApp('nope', 'c')).rejects.toThrow('App nope does not exist');
    await expect(renameApp('a', 'a')).rejects.toThrow(/same/);
    await expect(renameApp('a', 'Bad_Name')).rejects.toThrow(/invalid/);
    expect(snapshot()).toEqual(before);
  });
});

describe('cloneApp', () => {
  it('copies config and settings, not the deploy state, lock or custom domains', async () => {
    createApp('src');
    writeEnv('src', { A: '1' });
    writeProp('domains', GLOBAL, 'vhosts', 'paas.test');
    writeProp('domains', 'src', 'vhosts', 'src.paas.test\nshop.example.com');
    writeProp('nginx', 'src', 'k', 'v');
    setDeployLocked('src', true);
    fs.mkdirSync(path.join(paths.repo('src'), 'hooks'), { recursive: true });
    fs.symlinkSync('/opt/paas/current/hooks/pre-receive', path.join(paths.repo('src'), 'hooks', 'pre-receive'));
    const r = await capture(() => cloneApp('src', 'dst'));
    expect(r.result).toBe(true);
    expect(r.stderr).toContain('shop.example.com stays with src');
    expect(readEnv('dst')).toEqual({ A: '1' });
    expect(readEnv('src')).toEqual({ A: '1' });
    expect(readProp('nginx', 'dst', 'k')).toBe('v');
    expect(isDeployLocked('dst')).toBe(false);
    expect(isDeployLocked('src')).toBe(true);
    expect(readListProp('domains', 'dst', 'vhosts')).toEqual(['dst.paas.test']);
    expect(readListProp('domains', 'src', 'vhosts')).toEqual(['src.paas.test', 'shop.example.com']);
    expect(fs.readlinkSync(path.join(paths.repo('dst'), 'hooks', 'pre-receive'))).toBe(
      '/opt/paas/current/hooks/pre-receive',
    );
  });
  it('refuses an existing target unless told to ignore it', async () => {
    createApp('a');
    createApp('b');
    writeEnv('a', { A: '1' });
    await expect(cloneApp('a', 'b')).rejects.toThrow('App b already exists');
    const r = await capture(() => cloneApp('a', 'b', { ignoreExisting: true }));
    expect(r.result).toBe(false);
    expect(readEnv('b')).toEqual({});
  });
});

describe('deploy lock, settings and report', () => {
  it('apps:lock blocks deploys until unlocked', () => {
    createApp('a');
    expect(() => assertDeployAllowed('a')).not.toThrow();
    setDeployLocked('a', true);
    expect(() => assertDeployAllowed('a')).toThrow('App a is locked for deploys; run paas apps:unlock a');
    expect(isAppLocked('a')).toBe(true);
    setDeployLocked('a', false);
    expect(isAppLocked('a')).toBe(false);
  });
  it('a running deploy shows as locked', async () => {
    createApp('a');
    const { spawn } = await import('node:child_process');
    const c = spawn('flock', ['-o', '-x', paths.appLock('a'), 'sh', '-c', 'echo held; sleep 20'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((r) => c.stdout!.once('data', r));
    try {
      expect(isAppLocked('a')).toBe(true);
      expect(isDeployLocked('a')).toBe(false);
    } finally {
      c.kill('SIGKILL');
    }
  });
  it('autocreation follows the global setting', () => {
    expect(isAutocreationDisabled()).toBe(false);
    writeProp('apps', GLOBAL, 'disable-autocreation', 'true');
    expect(isAutocreationDisabled()).toBe(true);
    expect(isAutocreationDisabled('x')).toBe(true);
    writeProp('apps', 'x', 'disable-autocreation', 'false');
    expect(isAutocreationDisabled('x')).toBe(false);
  });
  it('report rows carry Dokku keys and the live state', () => {
    createApp('a');
    writeDeploySource('a', 'git', 'abc123');
    expect(readDeploySource('a')).toEqual({ source: 'git', metadata: 'abc123' });
    const rows = Object.fromEntries(appReportRows('a').map((r) => [r.key, r.value]));
    expect(rows).toMatchObject({
      'app-deploy-source': 'git',
      'app-deploy-source-metadata': 'abc123',
      'app-dir': paths.appDir('a'),
      'app-locked': 'false',
      'app-deployed': 'false',
      'app-live-release': '',
    });
    expect(isDeployed('a')).toBe(false);
    expect(hasRuntimeTraces('a')).toBe(false);
    writeProp('ps', 'a', 'live-release', '3');
    expect(isDeployed('a')).toBe(true);
    expect(Object.fromEntries(appReportRows('a').map((r) => [r.key, r.value]))['app-live-release']).toBe('3');
  });
});

describe("apps commands (Dokku's apps_1.bats)", () => {
  it('apps:list warns when there are no apps, and lists them without the warning', async () => {
    let r = await capture(() => dispatch(['apps:list']));
    expect(r.stdout).toBe('=====> My Apps\n');
    expect(r.stderr).toContain("You haven't deployed any applications yet");
    createApp('a');
    r = await capture(() => dispatch(['apps:list']));
    expect(r.stdout).toBe('=====> My Apps\na\n');
    expect(r.stderr).not.toContain("haven't");
  });
  it('report rows and the global report carry global-disable-autocreation, "" when unset', () => {
    createApp('a');
    const row = () => appReportRows('a').find((x) => x.key === 'app-global-disable-autocreation')?.value;
    expect(row()).toBe('');
    expect(appGlobalReportRows()).toEqual([{ key: 'app-global-disable-autocreation', value: '' }]);
    writeProp('apps', GLOBAL, 'disable-autocreation', 'true');
    expect(row()).toBe('true');
    expect(appGlobalReportRows()[0].value).toBe('true');
  });
  it('apps:set refuses dead writes (per-app disable-autocreation, global deploy-source) and stores nothing', async () => {
    createApp('a');
    const props = () => snapshot().filter((l) => l.startsWith('props'));
    const before = props();
    let r = await capture(() => dispatch(['apps:set', '--global', 'deploy-source', 'git']));
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as Error).message).toBe('Property cannot be specified globally');
    r = await capture(() => dispatch(['apps:set', 'a', 'disable-autocreation', 'true']));
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as Error).message).toBe('Property can only be specified globally');
    expect(props()).toEqual(before);
    r = await capture(() => dispatch(['apps:set', 'a', 'deploy-source', 'git']));
    expect(r.result).toBe(0);
    expect(readProp('apps', 'a', 'deploy-source')).toBe('git');
  });
});
