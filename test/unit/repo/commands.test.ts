import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { ensureRepo } from '../../../lib/git/repo.js';
import { commands } from '../../../lib/repo/commands.js';
import { cachePurgeRequested, clearCachePurge } from '../../../lib/repo/store.js';
import { paths } from '../../../lib/state/paths.js';
import { runCommand } from '../cli/capture.js';

const run = (name: string, ...argv: string[]) => runCommand(commands, name, ...argv);

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-repo-'));
  createApp('tr-app');
});

describe('repo:purge-cache (Dokku repo.bats)', () => {
  it('asks the next build to use no cache, until a build clears it', async () => {
    expect(cachePurgeRequested('tr-app')).toBe(false);
    await run('repo:purge-cache', 'tr-app');
    expect(cachePurgeRequested('tr-app')).toBe(true);
    clearCachePurge('tr-app');
    expect(cachePurgeRequested('tr-app')).toBe(false);
  });

  it('refuses an unknown app and writes nothing', async () => {
    await expect(run('repo:purge-cache', 'tr-nope')).rejects.toThrow(/does not exist/);
    expect(cachePurgeRequested('tr-nope')).toBe(false);
  });
});

describe('repo:gc (Dokku repo.bats)', () => {
  it('packs the repository', async () => {
    const repo = await ensureRepo('tr-app');
    // a commit written straight into the bare repo (a push would run the deploy hook)
    const git = async (input: string, ...a: string[]) =>
      (await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', '--git-dir', repo, ...a], { input })).stdout;
    const blob = await git('a', 'hash-object', '-w', '--stdin');
    const tree = await git(`100644 blob ${blob}\ta\n`, 'mktree');
    const commit = await git('', 'commit-tree', tree, '-m', 'a');
    await git('', 'update-ref', 'refs/heads/main', commit);
    await run('repo:gc', 'tr-app');
    expect(fs.readdirSync(path.join(repo, 'objects', 'pack')).some((f) => f.endsWith('.pack'))).toBe(true);
  });

  it('fails with one line for an app never pushed', async () => {
    await expect(run('repo:gc', 'tr-app')).rejects.toThrow(/has no repository yet/);
    expect(fs.existsSync(paths.repo('tr-app'))).toBe(false);
  });
});
