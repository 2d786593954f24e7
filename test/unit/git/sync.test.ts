import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { branchHead } from '../../../lib/git/repo.js';
import { remoteAccess } from '../../../lib/git/remote.js';
import { checkGitRef, printableRemote, syncApp } from '../../../lib/git/sync.js';
import { paths } from '../../../lib/state/paths.js';
import { hasProp, readProp, writeProp } from '../../../lib/state/props.js';
import { capture } from '../cli/capture.js';

const pushes: string[] = [];
let failDeploy = false;
vi.mock('../../../lib/lifecycle/push.js', () => ({
  pushDeploy: async (app: string, refs: string) => {
    pushes.push(`${app} ${refs.trim()}`);
    if (failDeploy) throw new Error('deploy failed');
    return 0;
  },
}));

let remote: string;
const sha: Record<string, string> = {};
const run = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** A remote shaped like Dokku's smoke-test-app: master, another-branch, tags 1.0.0, 2.0.0, 2.0.0-annotated. */
function makeRemote(tmp: string): string {
  const work = path.join(tmp, 'remote');
  fs.mkdirSync(work);
  const g = (...a: string[]) => run(work, ...a);
  g('init', '-q', '-b', 'master');
  g('config', 'user.email', 't@example.com');
  g('config', 'user.name', 't');
  const commit = (msg: string) => {
    fs.writeFileSync(path.join(work, 'f'), msg);
    g('add', 'f');
    g('commit', '-q', '-m', msg);
    return g('rev-parse', 'HEAD');
  };
  sha['1.0.0'] = commit('one');
  g('tag', '1.0.0');
  sha['2.0.0'] = commit('two');
  g('tag', '2.0.0');
  g('tag', '-a', '-m', 'annotated', '2.0.0-annotated');
  g('branch', 'another-branch');
  sha['another-branch'] = sha['2.0.0'];
  sha.master = commit('three');
  return work;
}

const admin = { admin: true };
const head = (b: string) => branchHead('app', b);
const syncRefs = () => run(paths.repo('app'), 'for-each-ref', 'refs/paas-sync');

beforeEach(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-sync-'));
  process.env.PAAS_ROOT = path.join(tmp, 'root');
  delete process.env.PAAS_LOCKED_APP;
  remote = makeRemote(tmp);
  createApp('app');
  pushes.length = 0;
  failDeploy = false;
});

const quiet = async (fn: () => Promise<unknown>) => {
  const r = await capture(fn);
  if ('error' in r) throw r.error;
  return r.stderr;
};

describe('syncApp on a new app', () => {
  it('with no ref clones the deploy branch (master)', async () => {
    const log = await quiet(() => syncApp('app', remote, undefined, admin));
    expect(log).toContain(`Cloning app from ${remote}#`);
    expect(head('master')).toBe(sha.master);
    expect(syncRefs()).toBe('');
    expect(pushes).toEqual([]);
  });

  it('with a branch makes it the deploy branch, unless --skip-deploy-branch', async () => {
    const log = await quiet(() => syncApp('app', remote, 'another-branch', admin));
    expect(log).toContain('Detected branch, setting deploy-branch to another-branch');
    expect(readProp('git', 'app', 'deploy-branch')).toBe('another-branch');
    expect(head('another-branch')).toBe(sha['another-branch']);
  });

  it('--skip-deploy-branch keeps master and points it at the branch', async () => {
    const log = await quiet(() => syncApp('app', remote, 'another-branch', { ...admin, skipDeployBranch: true }));
    expect(log).toContain('Detected branch another-branch, skipping deploy-branch setting');
    expect(hasProp('git', 'app', 'deploy-branch')).toBe(false);
    expect(head('master')).toBe(sha['another-branch']);
  });

  it('with a tag or a commit points master at that commit', async () => {
    await quiet(() => syncApp('app', remote, '1.0.0', admin));
    expect(head('master')).toBe(sha['1.0.0']);
    expect(hasProp('git', 'app', 'deploy-branch')).toBe(false);
  });

  it('with a commit id', async () => {
    await quiet(() => syncApp('app', remote, sha['2.0.0'], admin));
    expect(head('master')).toBe(sha['2.0.0']);
  });
});

describe('syncApp on an existing app', () => {
  beforeEach(async () => {
    await quiet(() => syncApp('app', remote, '1.0.0', admin));
  });

  it('fetches the deploy branch again with no ref', async () => {
    const log = await quiet(() => syncApp('app', remote, undefined, admin));
    expect(log).toContain('Fetching remote code for app');
    expect(head('master')).toBe(sha.master);
  });

  it('moves the deploy branch to an annotated tag’s commit (not the tag object)', async () => {
    await quiet(() => syncApp('app', remote, '2.0.0-annotated', admin));
    expect(head('master')).toBe(sha['2.0.0']);
  });

  it('moves master to a branch without changing the deploy-branch, and sets that branch too', async () => {
    await quiet(() => syncApp('app', remote, 'another-branch', admin));
    expect(head('master')).toBe(sha['another-branch']);
    expect(head('another-branch')).toBe(sha['another-branch']);
    expect(hasProp('git', 'app', 'deploy-branch')).toBe(false);
  });

  it('--build deploys the new commit through the push, --build-if-changes only when it moved', async () => {
    await quiet(() => syncApp('app', remote, undefined, { ...admin, build: 'always' }));
    expect(pushes).toEqual([`app ${sha['1.0.0']} ${sha.master} refs/heads/master`]);
    const log = await quiet(() => syncApp('app', remote, undefined, { ...admin, build: 'if-changes' }));
    expect(log).toContain('Skipping build as no changes were detected');
    expect(pushes).toHaveLength(1);
  });

  it('a failed deploy leaves the deploy branch where it was', async () => {
    failDeploy = true;
    const r = await capture(() => syncApp('app', remote, undefined, { ...admin, build: 'always' }));
    expect(String(r.error)).toMatch(/deploy failed/);
    expect(head('master')).toBe(sha['1.0.0']);
    expect(syncRefs()).toBe('');
  });

  it('an unknown ref fails and changes nothing', async () => {
    writeProp('git', 'app', 'deploy-branch', 'master');
    const r = await capture(() => syncApp('app', remote, 'no-such-ref', admin));
    expect(String(r.error)).toMatch(/Could not find no-such-ref in .*not a branch, tag or commit/);
    expect(head('master')).toBe(sha['1.0.0']);
    expect(readProp('git', 'app', 'deploy-branch')).toBe('master');
    expect(syncRefs()).toBe('');
  });
});

describe('a failed first sync of a branch', () => {
  it('does not keep the deploy-branch it set', async () => {
    failDeploy = true;
    const r = await capture(() => syncApp('app', remote, 'another-branch', { ...admin, build: 'always' }));
    expect(String(r.error)).toMatch(/deploy failed/);
    expect(hasProp('git', 'app', 'deploy-branch')).toBe(false);
    expect(head('another-branch')).toBeUndefined();
  });
});

describe('input that could reach git as something else', () => {
  it.each(['-x', '--upload-pack=touch /tmp/pwned', 'a..b', 'a b', 'x/', 'x.lock', '@{-1}', 'HEAD~1', 'a^'])(
    'refuses the ref %j',
    (ref) => {
      expect(() => checkGitRef(ref)).toThrow(/Invalid git reference/);
    },
  );

  it.each(['--upload-pack=touch /tmp/pwned', 'ext::sh -c touch% /tmp/pwned', 'fd::17', 'a b'])(
    'refuses the remote %j for an admin too, before fetching anything',
    async (url) => {
      const r = await capture(() => syncApp('app', url, undefined, admin));
      expect(String(r.error)).toMatch(/Invalid git remote/);
      expect(fs.existsSync(path.join(paths.repo('app'), 'HEAD'))).toBe(false);
    },
  );
});

describe('what a user key may sync from', () => {
  const lookup = (table: Record<string, string[]>) => async (host: string) =>
    (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    ['a local path', '/var/lib/paas/repos/other.git', /only sync from an http\(s\) URL/],
    ['file://', 'file:///etc', /only sync from an http\(s\) URL/],
    ['ssh (the server’s deploy key)', 'ssh://git@github.com/x/y.git', /only sync from an http\(s\) URL/],
    ['scp-style ssh', 'git@github.com:x/y.git', /only sync from an http\(s\) URL/],
    ['loopback', 'http://127.0.0.1:8080/x.git', /not a public address/],
    ['the metadata address', 'http://169.254.169.254/latest', /not a public address/],
    ['a name that resolves inside', 'https://internal.example/x.git', /not a public address/],
  ])('refuses %s', async (_what, url, why) => {
    await expect(remoteAccess(url, false, lookup({ 'internal.example': ['10.0.0.5'] }))).rejects.toThrow(why);
  });

  it('pins git to the checked addresses, with redirects, proxies and the server’s credentials off', async () => {
    const a = await remoteAccess(
      'https://github.com/heroku/x.git',
      false,
      lookup({ 'github.com': ['140.82.121.4', '2606:50c0::1'] }),
    );
    try {
      expect(a.config).toContain('http.curloptResolve=github.com:443:140.82.121.4,[2606:50c0::1]');
      expect(a.config).toContain('http.followRedirects=false');
      expect(a.config).toContain('http.proxy=');
      expect(a.env.GIT_ALLOW_PROTOCOL).toBe('https:http');
      expect(a.env.HOME).not.toBe(paths.gitHome());
      expect(fs.readdirSync(a.env.HOME as string)).toEqual([]);
      expect(a.env.https_proxy).toBeUndefined();
    } finally {
      a.cleanup();
    }
  });

  it('an admin key fetches with the server’s credentials home and git’s usual transports', async () => {
    const a = await remoteAccess('git@github.com:x/y.git', true);
    expect(a.env.HOME).toBe(paths.gitHome());
    expect(a.env.GIT_ALLOW_PROTOCOL).toBe('https:http:ssh:git:file');
    // a .gitconfig the paas user could write there is not read by root's git
    expect(a.env.GIT_CONFIG_GLOBAL).toBe('/dev/null');
  });
});

describe('printableRemote', () => {
  it('hides the password of a URL and leaves the rest', () => {
    expect(printableRemote('https://bot:ghp_secret@github.com/x/y.git')).toBe('https://bot:***@github.com/x/y.git');
    expect(printableRemote('https://github.com/x/y.git')).toBe('https://github.com/x/y.git');
    expect(printableRemote('git@github.com:x/y.git')).toBe('git@github.com:x/y.git');
  });
});
