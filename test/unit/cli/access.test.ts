import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { createApp } from '../../../lib/apps/create.js';
import { appExists } from '../../../lib/apps/store.js';
import { grantKey } from '../../../lib/acl/store.js';
import { setRemoteCaller } from '../../../lib/core/caller.js';
import { AccessError } from '../../../lib/core/errors.js';
import { readEnv } from '../../../lib/config/env-file.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from './capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-access-'));
  createApp('alice-app');
  createApp('bob-app');
  grantKey('alice-app', 'users', 'alice');
  grantKey('bob-app', 'deploy', 'ci');
});

afterEach(() => {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
});

async function refused(argv: string[]): Promise<string> {
  const r = await capture(() => dispatch(argv));
  expect(r.error).toBeInstanceOf(AccessError);
  expect((r.error as AccessError).exitCode).toBe(77);
  return (r.error as Error).message;
}

describe('a user key through dispatch', () => {
  beforeEach(() => setRemoteCaller('alice', 'user'));

  it('changes its own app and is refused on another, which stays unchanged', async () => {
    await capture(() => dispatch(['config:set', '--no-restart', 'alice-app', 'A=1']));
    expect(readEnv('alice-app')).toEqual({ A: '1' });
    expect(await refused(['config:set', '--no-restart', 'bob-app', 'A=1'])).toBe(
      'The key alice (user) may not use app bob-app',
    );
    expect(readEnv('bob-app')).toEqual({});
    await refused(['--app', 'bob-app', 'config:get', 'A']);
    await refused(['apps:destroy', 'bob-app', '--force']);
    expect(appExists('bob-app')).toBe(true);
  });

  it('is refused global settings and admin commands', async () => {
    await refused(['config:set', '--global', 'A=1']);
    expect(fs.existsSync(paths.globalEnv())).toBe(false);
    await refused(['apps:set', '--global', 'disable-autocreation', 'true']);
    await refused(['ssh-keys:list']);
    await refused(['acl:add', 'alice-app', 'bob']);
    await refused(['network:create', 'net1']);
    await refused(['postgres:create', 'db1']);
    await refused(['ps:restart', '--all']);
    // docker load could overwrite any tag on the engine, even for the key's own app
    await refused(['git:load-image', 'alice-app', 'paas/busybox:latest']);
    // global builder, scheduler and ps settings apply to every app
    await refused(['builder:set', '--global', 'skip-cleanup', 'true']);
    await refused(['scheduler-docker-local:set', '--global', 'init-process', 'false']);
    await refused(['ps:set', '--global', 'procfile-path', 'x.Procfile']);
    expect(fs.existsSync(paths.propsNamespace('scheduler-docker-local'))).toBe(false);
  });

  it('lists and reports only its apps', async () => {
    expect((await capture(() => dispatch(['apps:list']))).stdout).toBe('=====> My Apps\nalice-app\n');
    const r = await capture(() => dispatch(['apps:report']));
    expect(r.stdout).toContain('alice-app app information');
    expect(r.stdout).not.toContain('bob-app');
    await refused(['apps:report', 'bob-app']);
    // Dokku lets the info flag come first; the app it takes as its value is checked all the same.
    await refused(['domains:report', '--domains-app-vhosts', 'bob-app']);
    const own = await capture(() => dispatch(['domains:report', '--domains-app-vhosts', 'alice-app']));
    expect(own.error).toBeUndefined();
  });

  it('owns the app it creates', async () => {
    await capture(() => dispatch(['apps:create', 'alice-two']));
    expect((await capture(() => dispatch(['apps:list', '--format', 'json']))).stdout).toBe(
      '["alice-app","alice-two"]\n',
    );
  });
});

describe('a deploy key through dispatch', () => {
  it('runs no command at all, not even config:get or help on its own app', async () => {
    setRemoteCaller('ci', 'deploy');
    expect(await refused(['config:get', 'bob-app', 'A'])).toBe(
      'The key ci (deploy) may only git push to its apps, not run config:get',
    );
    await refused(['apps:list']);
    await refused(['help']);
    await refused(['apps:create', 'ci-app']);
    expect(appExists('ci-app')).toBe(false);
  });
});

describe('an admin (local account or admin key)', () => {
  it('sees every app', async () => {
    expect((await capture(() => dispatch(['apps:list', '--format', 'json']))).stdout).toBe('["alice-app","bob-app"]\n');
    setRemoteCaller('root-key', 'admin');
    await capture(() => dispatch(['config:set', '--no-restart', 'bob-app', 'B=2']));
    expect(readEnv('bob-app')).toEqual({ B: '2' });
  });
});
