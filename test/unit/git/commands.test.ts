import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands, validateImageRef } from '../../../lib/git/commands.js';
import { deployBranches, revEnvVar } from '../../../lib/git/settings.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { GLOBAL, readProp } from '../../../lib/state/props.js';

async function run(name: string, ...argv: string[]): Promise<void> {
  const spec = commands.find((c) => c.name === name)!;
  await spec.run.call(spec, parseArgs(spec, argv));
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-gitcmd-'));
  createApp('tb-app');
});

describe('git:set', () => {
  it('sets and clears the deploy branch for an app or globally', async () => {
    expect(deployBranches('tb-app')).toEqual(['main', 'master']);
    await run('git:set', '--global', 'deploy-branch', 'trunk');
    expect(deployBranches('tb-app')).toEqual(['trunk']);
    await run('git:set', 'tb-app', 'deploy-branch', 'release/v2');
    expect(deployBranches('tb-app')).toEqual(['release/v2']);
    await run('git:set', 'tb-app', 'deploy-branch');
    expect(deployBranches('tb-app')).toEqual(['trunk']);
    expect(readProp('git', GLOBAL, 'deploy-branch')).toBe('trunk');
  });

  it('validates keys and values and changes nothing on bad input', async () => {
    await expect(run('git:set', 'tb-app', 'deploy-branch', 'a..b')).rejects.toThrow(/Invalid branch name/);
    await expect(run('git:set', 'tb-app', 'deploy-branch', 'bad~name')).rejects.toThrow(/Invalid branch name/);
    await expect(run('git:set', 'tb-app', 'rev-env-var', 'A-B')).rejects.toThrow(/Invalid env key/);
    await expect(run('git:set', 'tb-app', 'nope', 'x')).rejects.toThrow(/Invalid git property/);
    await expect(run('git:set', 'tb-missing', 'deploy-branch', 'x')).rejects.toThrow(/does not exist/);
    expect(readProp('git', 'tb-app', 'deploy-branch')).toBe('');
    await run('git:set', 'tb-app', 'rev-env-var', 'SOURCE_VERSION');
    expect(revEnvVar('tb-app')).toBe('SOURCE_VERSION');
  });
  it('an empty rev-env-var turns the variable off, for the app or globally (Dokku)', async () => {
    expect(revEnvVar('tb-app')).toBe('GIT_REV');
    await run('git:set', '--global', 'rev-env-var');
    expect(revEnvVar('tb-app')).toBe('');
    await run('git:set', 'tb-app', 'rev-env-var', 'GIT_REV');
    expect(revEnvVar('tb-app')).toBe('GIT_REV');
    await run('git:set', 'tb-app', 'rev-env-var', '');
    expect(revEnvVar('tb-app')).toBe('');
  });
});

describe('validateImageRef', () => {
  it('accepts image references and refuses the rest', () => {
    for (const ok of [
      'paas/busybox',
      'paas/node:20',
      'registry.example.com:5000/team/app:v1.2',
      `app@sha256:${'a'.repeat(64)}`,
    ])
      expect(validateImageRef(ok)).toBe(ok);
    for (const bad of ['', 'Bad', '-rm', 'a b', 'app;id', 'app:tag with space', 'x'.repeat(300)])
      expect(() => validateImageRef(bad)).toThrow();
  });
});

describe('git:report (Dokku raw, global and computed keys)', () => {
  const report = async (...argv: string[]) => {
    const { capture } = await import('../cli/capture.js');
    const r = await capture(() => run('git:report', ...argv));
    if (r.error) throw r.error;
    return r.stdout.trim();
  };
  it('shows the raw deploy branch empty and the computed one as master until set', async () => {
    expect(await report('tb-app', '--git-deploy-branch')).toBe('');
    expect(await report('--git-computed-deploy-branch', 'tb-app')).toBe('master');
    await run('git:set', 'tb-app', 'deploy-branch', 'main');
    expect(await report('tb-app', '--git-computed-deploy-branch')).toBe('main');
  });
  it('computes keep-git-dir from the app, then the global setting, then false', async () => {
    const { keepGitDir } = await import('../../../lib/git/settings.js');
    expect(await report('tb-app', '--git-computed-keep-git-dir')).toBe('false');
    await run('git:set', '--global', 'keep-git-dir', 'true');
    expect(keepGitDir('tb-app')).toBe(true);
    expect(await report('tb-app', '--git-keep-git-dir')).toBe('');
    await run('git:set', 'tb-app', 'keep-git-dir', 'false');
    expect(keepGitDir('tb-app')).toBe(false);
  });
  it('--global has only global and computed keys', async () => {
    const json = JSON.parse(await report('--global', '--format', 'json'));
    expect(json['global-deploy-branch']).toBe('');
    expect(json['computed-deploy-branch']).toBe('master');
    expect(json).not.toHaveProperty('deploy-branch');
    await expect(report('--global', '--git-sha')).rejects.toThrow(/Invalid flag passed/);
  });
});

describe('git:report of every app (Dokku: one report per app, a warning when there is none)', () => {
  it('prints one JSON object per app', async () => {
    const { capture } = await import('../cli/capture.js');
    createApp('tb-two');
    const r = await capture(() => run('git:report', '--format', 'json'));
    expect(r.error).toBeUndefined();
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(JSON.parse(l)['computed-deploy-branch']).toBe('master');
  });
  it('warns and succeeds with no app at all', async () => {
    const { capture } = await import('../cli/capture.js');
    process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-gitcmd-empty-'));
    const r = await capture(() => run('git:report'));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toContain("You haven't deployed any applications yet");
  });
});
