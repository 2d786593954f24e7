import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { setDeployLocked } from '../../../lib/apps/deploy-lock.js';
import { appExists } from '../../../lib/apps/store.js';
import { readEnv } from '../../../lib/config/env-file.js';
import { NOT_A_DEPLOY, parseRefUpdates, planReceive, receiveApp } from '../../../lib/git/receive.js';
import { ensureRepo, hooksSourceDir } from '../../../lib/git/repo.js';
import { extractSource, lastPushedRev, revFile, sourceDir } from '../../../lib/git/source.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, readProp, writeProp } from '../../../lib/state/props.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseRefUpdates', () => {
  it('reads OLD NEW REF lines', () => {
    expect(parseRefUpdates(`${Z} ${A} refs/heads/main\n${A} ${B} refs/tags/v1\n`)).toEqual([
      { old: Z, new: A, ref: 'refs/heads/main' },
      { old: A, new: B, ref: 'refs/tags/v1' },
    ]);
    expect(parseRefUpdates('')).toEqual([]);
  });
  it('refuses anything else', () => {
    expect(() => parseRefUpdates('main')).toThrow(/Invalid ref update line/);
    expect(() => parseRefUpdates(`${Z} xyz refs/heads/main`)).toThrow(/Invalid ref update line/);
    expect(() => parseRefUpdates(`${Z} ${A} refs/heads/main extra`)).toThrow(/Invalid ref update line/);
  });
});

describe('planReceive', () => {
  const u = (ref: string, sha = A) => ({ old: Z, new: sha, ref });
  it('deploys a push to the deploy branch', () => {
    expect(planReceive('app', [u('refs/heads/main')], ['main', 'master'])).toEqual({
      deploy: true,
      rev: A,
      branch: 'main',
    });
    expect(planReceive('app', [u('refs/heads/master')], ['main', 'master'])).toEqual({
      deploy: true,
      rev: A,
      branch: 'master',
    });
    expect(planReceive('app', [u('refs/heads/master', B), u('refs/heads/main')], ['main', 'master'])).toMatchObject({
      rev: A,
    });
    expect(planReceive('app', [u('refs/tags/v1'), u('refs/heads/prod', B)], ['prod'])).toEqual({
      deploy: true,
      rev: B,
      branch: 'prod',
    });
  });
  it('gives the hint for another branch, and deploys nothing', () => {
    expect(planReceive('app', [u('refs/heads/feature')], ['main', 'master'])).toEqual({
      deploy: false,
      reject: false,
      message:
        'Pushed branch feature is not the deploy branch main; push with git push paas feature:main or run paas git:set app deploy-branch feature',
    });
    expect(planReceive('app', [u('refs/heads/main')], ['prod'])).toMatchObject({
      deploy: false,
      message: expect.stringMatching(/main:prod/),
    });
  });
  it('accepts tags and other deletions without deploying, refuses deleting the deploy branch', () => {
    expect(planReceive('app', [u('refs/tags/v1')], ['main'])).toMatchObject({ deploy: false, reject: false });
    expect(planReceive('app', [u('refs/heads/old', Z)], ['main'])).toMatchObject({ deploy: false, reject: false });
    expect(planReceive('app', [u('refs/heads/main', Z)], ['main'])).toMatchObject({ deploy: false, reject: true });
  });
});

describe('with a real repository', () => {
  let work: string;

  function git(...args: string[]): string {
    return execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args])
      .toString()
      .trim();
  }
  function commit(files: Record<string, string>): string {
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
      fs.writeFileSync(path.join(work, f), c);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'x');
    return git('rev-parse', 'HEAD');
  }
  /** Put the commit's objects in the app repo without moving a branch, as git does before pre-receive. */
  async function pushObjects(app: string): Promise<string> {
    const repo = await ensureRepo(app);
    // The deploy hooks are not under test here (the e2e tests push for real).
    execFileSync('git', ['--git-dir', repo, 'config', 'core.hooksPath', '/dev/null']);
    git('push', '-q', '-f', repo, 'HEAD:refs/paas-test/incoming');
    return repo;
  }
  /** Move a branch of the app repo the way an accepted push does (without running the deploy hooks). */
  async function pushBranch(app: string, branch: string): Promise<void> {
    const repo = await pushObjects(app);
    execFileSync('git', ['--git-dir', repo, 'update-ref', `refs/heads/${branch}`, git('rev-parse', 'HEAD')]);
  }

  beforeEach(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-git-'));
    process.env.PAAS_ROOT = path.join(tmp, 'root');
    delete process.env.PAAS_LOCKED_APP;
    work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    git('init', '-q', '-b', 'main');
  });

  it('ensureRepo makes a bare repo with the paas hooks linked, and is idempotent', async () => {
    const repo = await ensureRepo('tb-app');
    expect(fs.existsSync(path.join(repo, 'HEAD'))).toBe(true);
    expect(fs.readlinkSync(path.join(repo, 'hooks', 'pre-receive'))).toBe(path.join(hooksSourceDir(), 'pre-receive'));
    // The post-receive link of older installs goes: the push prints its URLs itself.
    fs.symlinkSync(path.join(hooksSourceDir(), 'post-receive'), path.join(repo, 'hooks', 'post-receive'));
    expect(await ensureRepo('tb-app')).toBe(repo);
    expect(fs.existsSync(path.join(repo, 'hooks', 'post-receive'))).toBe(false);
    expect(fs.readdirSync(paths.reposDir())).toEqual(['tb-app.git']);
  });

  it('extractSource unpacks a commit into src atomically and records rev', async () => {
    const one = commit({ 'index.html': 'one', 'sub/a.txt': 'a' });
    await pushObjects('tb-app');
    expect(await extractSource('tb-app', one)).toBe(sourceDir('tb-app'));
    expect(fs.readFileSync(path.join(sourceDir('tb-app'), 'sub/a.txt'), 'utf8')).toBe('a');
    expect(fs.readFileSync(revFile('tb-app'), 'utf8')).toBe(one + '\n');
    git('rm', '-q', 'sub/a.txt');
    const two = commit({ 'index.html': 'two' });
    await pushObjects('tb-app');
    await extractSource('tb-app', two.slice(0, 10));
    expect(fs.readFileSync(path.join(sourceDir('tb-app'), 'index.html'), 'utf8')).toBe('two');
    expect(fs.existsSync(path.join(sourceDir('tb-app'), 'sub'))).toBe(false);
    expect(fs.readdirSync(paths.buildDir('tb-app')).sort()).toEqual(['rev', 'src']);
    await expect(extractSource('tb-app', 'c'.repeat(40))).rejects.toThrow(/is not in the git repository/);
    await expect(extractSource('tb-app', '--output=/tmp/x')).rejects.toThrow(/Invalid git revision/);
    expect(fs.readFileSync(path.join(sourceDir('tb-app'), 'index.html'), 'utf8')).toBe('two');
  });

  it('extractSource gives the same modes whoever runs it (a push as paas, ps:rebuild as root), whatever the umask', async () => {
    // git archive writes 0664/0775 (its tar.umask 002): root's tar kept those while the paas user's umask
    // made 0644/0755, so a rebuild by root copied files that differed from the push's and missed the cache.
    commit({ 'index.html': 'one', 'bin/run': '#!/bin/sh\n' });
    git('update-index', '--chmod=+x', 'bin/run');
    git('commit', '-q', '-m', 'exec');
    const c = git('rev-parse', 'HEAD');
    await pushObjects('tb-app');
    const mode = (f: string) => (fs.statSync(path.join(sourceDir('tb-app'), f)).mode & 0o7777).toString(8);
    for (const mask of [0o022, 0o077, 0o002]) {
      const old = process.umask(mask);
      try {
        await extractSource('tb-app', c);
      } finally {
        process.umask(old);
      }
      expect([mode('index.html'), mode('bin/run'), mode('bin')]).toEqual(['644', '755', '755']);
    }
  });

  it('keep-git-dir gives src a .git at the pushed commit with a clean work tree', async () => {
    commit({ 'index.html': 'one' });
    const two = commit({ 'index.html': 'two', 'lib/x.js': 'x' });
    await pushObjects('tb-app');
    writeProp('git', 'tb-app', 'keep-git-dir', 'true');
    const src = await extractSource('tb-app', two);
    const inSrc = (...a: string[]) =>
      execFileSync('git', ['-C', src, ...a], { env: { PATH: process.env.PATH } })
        .toString()
        .trim();
    expect(inSrc('rev-parse', 'HEAD')).toBe(two);
    expect(inSrc('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(inSrc('status', '--porcelain')).toBe('');
    expect(inSrc('rev-list', '--count', 'HEAD')).toBe('2');
    writeProp('git', 'tb-app', 'keep-git-dir', 'false');
    expect(fs.existsSync(path.join(await extractSource('tb-app', two), '.git'))).toBe(false);
  });

  it('lastPushedRev follows the deploy branch', async () => {
    const one = commit({ f: '1' });
    await ensureRepo('tb-app');
    expect(lastPushedRev('tb-app')).toBeUndefined();
    await pushBranch('tb-app', 'master');
    expect(lastPushedRev('tb-app')).toBe(one);
    const two = commit({ f: '2' });
    await pushBranch('tb-app', 'main');
    expect(lastPushedRev('tb-app')).toBe(two);
    writeProp('git', 'tb-app', 'deploy-branch', 'master');
    expect(lastPushedRev('tb-app')).toBe(one);
    writeProp('git', 'tb-app', 'deploy-branch', 'prod');
    expect(lastPushedRev('tb-app')).toBeUndefined();
  });

  it('receiveApp creates the app, unpacks the source, sets GIT_REV and clears a source image', async () => {
    const rev = commit({ 'index.html': 'hi' });
    await pushObjects('tb-new');
    expect(appExists('tb-new')).toBe(false);
    writeProp('git', 'tb-new', 'source-image', 'paas/busybox');
    expect(await receiveApp('tb-new', `${Z} ${rev} refs/heads/main\n`)).toBe(0);
    expect(appExists('tb-new')).toBe(true);
    expect(fs.readFileSync(path.join(sourceDir('tb-new'), 'index.html'), 'utf8')).toBe('hi');
    expect(readEnv('tb-new').GIT_REV).toBe(rev);
    expect(readProp('git', 'tb-new', 'source-image')).toBe('');
    expect(readProp('apps', 'tb-new', 'deploy-source')).toBe('git');
    writeProp('git', GLOBAL, 'rev-env-var', 'SOURCE_VERSION');
    await receiveApp('tb-new', `${Z} ${rev} refs/heads/main\n`);
    expect(readEnv('tb-new').SOURCE_VERSION).toBe(rev);
  });

  it('receiveApp: other branch -> 3 and nothing unpacked; autocreation disabled and deploy lock refuse', async () => {
    const rev = commit({ 'index.html': 'hi' });
    await pushObjects('tb-app');
    createApp('tb-app');
    expect(await receiveApp('tb-app', `${Z} ${rev} refs/heads/feature\n`)).toBe(NOT_A_DEPLOY);
    expect(fs.existsSync(sourceDir('tb-app'))).toBe(false);
    expect(await receiveApp('tb-app', `${Z} ${rev} refs/heads/main\n`, { check: true })).toBe(0);
    expect(await receiveApp('tb-app', `${Z} ${rev} refs/heads/feature\n`, { check: true })).toBe(NOT_A_DEPLOY);
    expect(fs.existsSync(sourceDir('tb-app'))).toBe(false);
    await expect(receiveApp('tb-app', `${rev} ${Z} refs/heads/main\n`)).rejects.toThrow(/Refusing to delete main/);

    setDeployLocked('tb-app', true);
    await expect(receiveApp('tb-app', `${Z} ${rev} refs/heads/main\n`)).rejects.toThrow(/locked for deploys/);
    expect(fs.existsSync(sourceDir('tb-app'))).toBe(false);

    writeProp('apps', GLOBAL, 'disable-autocreation', 'true');
    await pushObjects('tb-other');
    await expect(receiveApp('tb-other', `${Z} ${rev} refs/heads/main\n`)).rejects.toThrow(/autocreation is disabled/);
    expect(appExists('tb-other')).toBe(false);
    await expect(receiveApp('Bad_Name', '')).rejects.toThrow(/App name/);
  });
});
