import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { createApp } from '../../../lib/apps/create.js';
import { destroyApp } from '../../../lib/lifecycle/apps.js';
import { cloneApp, renameApp } from '../../../lib/lifecycle/apps.js';
import { appsGranted, grantedKeys, grantKey } from '../../../lib/acl/store.js';
import { setRemoteCaller } from '../../../lib/core/caller.js';
import { addKey, findKey } from '../../../lib/ssh/keys.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';
import { capture } from '../cli/capture.js';

let tmp: string;

function pubKey(name: string): string {
  const file = path.join(tmp, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file, '-C', `${name}@test`]);
  return fs.readFileSync(`${file}.pub`, 'utf8');
}

/** Everything under the state root but the audit trail, to show a refused command changed nothing. */
function snapshot(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (p.includes(`${path.sep}events${path.sep}`) || p.includes(`${path.sep}locks${path.sep}`)) continue;
      if (e.isDirectory()) walk(p);
      else out.push(`${p}=${fs.readFileSync(p, 'utf8')}`);
    }
  };
  walk(process.env.PAAS_ROOT!);
  return out.sort();
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-acl-'));
  process.env.PAAS_ROOT = path.join(tmp, 'root');
  writeProp('ssh-keys', GLOBAL, 'authorized-keys-file', path.join(tmp, 'authorized_keys'));
});

afterEach(() => {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
});

describe('acl:add / acl:remove / acl:list', () => {
  it('grants a user key, lists one name a line, and removes it', async () => {
    createApp('web');
    await addKey('alice', pubKey('alice'), 'user');
    expect((await capture(() => dispatch(['acl:add', 'web', 'alice']))).result).toBe(0);
    const r = await capture(() => dispatch(['acl:list', 'web']));
    expect(r.stdout).toBe('alice\n');
    await dispatch(['acl:remove', 'web', 'alice']);
    expect(grantedKeys('web', 'users')).toEqual([]);
  });

  it('refuses an unknown key, a missing app, a deploy key and an absent entry, storing nothing', async () => {
    createApp('web');
    await addKey('ci', pubKey('ci'), 'deploy');
    const before = snapshot();
    const cases: [string[], RegExp][] = [
      [['acl:add', 'web', 'nobody'], /No key named nobody/],
      [['acl:add', 'nope', 'ci'], /App nope does not exist/],
      [['acl:add', 'web', 'ci'], /ci is a deploy key; use paas deploy:allow web ci/],
      [['acl:add', 'web'], /Usage: paas acl:add/],
      [['acl:remove', 'web', 'ci'], /not in the access list/],
    ];
    for (const [argv, msg] of cases) {
      const r = await capture(() => dispatch(argv));
      expect((r.error as Error).message).toMatch(msg);
      expect((r.error as Error).message).not.toContain('\n');
    }
    expect(snapshot()).toEqual(before);
  });
});

describe('deploy:allow / deploy:revoke / deploy:list', () => {
  it('grants an existing deploy key without reading stdin; revoking its last app removes the key', async () => {
    createApp('web');
    createApp('api');
    await addKey('ci', pubKey('ci'), 'deploy');
    await dispatch(['deploy:allow', 'web', 'ci']);
    await dispatch(['deploy:allow', 'api', 'ci']);
    expect((await capture(() => dispatch(['deploy:list', 'web']))).stdout).toBe('ci\n');
    expect(appsGranted('ci', 'deploy')).toEqual(['api', 'web']);
    await dispatch(['deploy:revoke', 'web', 'ci']);
    expect(findKey('ci')).toBeDefined();
    await dispatch(['deploy:revoke', 'api', 'ci']);
    expect(findKey('ci')).toBeUndefined();
  });

  it('refuses a name taken by a user or admin key and a missing app', async () => {
    createApp('web');
    await addKey('alice', pubKey('alice'), 'user');
    const before = snapshot();
    const r = await capture(() => dispatch(['deploy:allow', 'web', 'alice']));
    expect((r.error as Error).message).toBe('The name alice is taken by a user key; choose another name');
    const r2 = await capture(() => dispatch(['deploy:allow', 'nope', 'alice']));
    expect((r2.error as Error).message).toMatch(/App nope does not exist/);
    expect(snapshot()).toEqual(before);
  });
});

describe('the access list follows the app', () => {
  it('moves with apps:rename and goes with apps:destroy', async () => {
    createApp('web');
    grantKey('web', 'users', 'alice');
    grantKey('web', 'deploy', 'ci');
    await renameApp('web', 'www');
    expect(grantedKeys('www', 'users')).toEqual(['alice']);
    expect(grantedKeys('www', 'deploy')).toEqual(['ci']);
    expect(grantedKeys('web', 'users')).toEqual([]);
    await destroyApp('www');
    expect(appsGranted('alice', 'users')).toEqual([]);
    createApp('www');
    expect(grantedKeys('www', 'users')).toEqual([]);
  });

  it('an app a user key creates or clones is its own; a clone does not inherit the grants', async () => {
    setRemoteCaller('alice', 'user');
    createApp('mine');
    expect(grantedKeys('mine', 'users')).toEqual(['alice']);
    grantKey('mine', 'users', 'bob');
    grantKey('mine', 'deploy', 'ci');
    await cloneApp('mine', 'copy');
    expect(grantedKeys('copy', 'users')).toEqual(['alice']);
    expect(grantedKeys('copy', 'deploy')).toEqual([]);
  });

  it('ssh-keys:remove takes the key out of every list', async () => {
    createApp('web');
    await addKey('alice', pubKey('alice'), 'user');
    grantKey('web', 'users', 'alice');
    await capture(() => dispatch(['ssh-keys:remove', 'alice']));
    expect(grantedKeys('web', 'users')).toEqual([]);
  });
});
