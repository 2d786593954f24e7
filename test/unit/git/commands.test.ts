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
