import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { createApp } from '../../../lib/apps/create.js';
import { AccessError } from '../../../lib/core/errors.js';
import { addKey, keyRole, listKeys, parseRole, roleOfKeyFile } from '../../../lib/ssh/keys.js';
import { runSshCommand } from '../../../lib/ssh/ssh-command.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';
import { capture } from '../cli/capture.js';

let tmp: string;

function pubFile(name: string): string {
  const file = path.join(tmp, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file, '-C', `${name}@test`]);
  return `${file}.pub`;
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-roles-'));
  process.env.PAAS_ROOT = path.join(tmp, 'root');
  writeProp('ssh-keys', GLOBAL, 'authorized-keys-file', path.join(tmp, 'authorized_keys'));
});

afterEach(() => {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
});

describe('roles stored with keys', () => {
  it('parses --role: absent is admin, the three roles, anything else refused', () => {
    expect(parseRole(undefined)).toBe('admin');
    for (const r of ['admin', 'user', 'deploy']) expect(parseRole(r)).toBe(r);
    expect(() => parseRole('root')).toThrow('Invalid role "root" (use admin, user, deploy)');
    expect(() => parseRole('')).toThrow(/Invalid role/);
  });

  it('reads a key file written before roles as admin, and an unknown stored role as deploy', () => {
    expect(roleOfKeyFile('ssh-ed25519 AAAA x@y\n')).toBe('admin');
    expect(roleOfKeyFile('# role: user\nssh-ed25519 AAAA x@y\n')).toBe('user');
    expect(roleOfKeyFile('# role: wizard\nssh-ed25519 AAAA x@y\n')).toBe('deploy');
    expect(keyRole('gone')).toBe('deploy');
  });

  it('ssh-keys:add --role stores the role; ssh-keys:list shows it in text and json', async () => {
    await capture(() => dispatch(['ssh-keys:add', '--role', 'user', 'alice', pubFile('alice')]));
    const rk = await capture(() => dispatch(['ssh-keys:add', 'root-key', pubFile('admin-key')]));
    expect(rk.error).toBeUndefined();
    expect(fs.readFileSync(paths.sshKey('alice'), 'utf8')).toMatch(/^# role: user\nssh-ed25519 /);
    expect(keyRole('alice')).toBe('user');
    expect(keyRole('root-key')).toBe('admin');
    const text = (await capture(() => dispatch(['ssh-keys:list']))).stdout;
    expect(text).toMatch(/^SHA256:\S+ NAME="alice" SSHCOMMAND_ALLOWED_KEYS="[^"]+" ROLE="user"$/m);
    expect(text).toMatch(/NAME="root-key" .* ROLE="admin"$/m);
    const json = JSON.parse((await capture(() => dispatch(['ssh-keys:list', 'alice', '--format', 'json']))).stdout);
    expect(json[0]).toMatchObject({ name: 'alice', role: 'user' });
  });

  it('an unknown role stores nothing', async () => {
    const r = await capture(() => dispatch(['ssh-keys:add', '--role', 'superuser', 'eve', pubFile('eve')]));
    expect((r.error as Error).message).toBe('Invalid role "superuser" (use admin, user, deploy)');
    expect(listKeys()).toEqual([]);
    expect(fs.existsSync(path.join(tmp, 'authorized_keys'))).toBe(false);
  });

  it('a pre-roles key file still lists (as admin)', async () => {
    await addKey('old', fs.readFileSync(pubFile('old'), 'utf8'));
    fs.writeFileSync(paths.sshKey('old'), fs.readFileSync(paths.sshKey('old'), 'utf8').replace(/^# role: .*\n/, ''));
    expect(listKeys().map((k) => [k.name, k.role])).toEqual([['old', 'admin']]);
  });
});

describe('paas-ssh-command takes the role from the stored key', () => {
  it('runs a user key as that user, and refuses every command for a deploy key', async () => {
    createApp('web');
    await addKey('alice', fs.readFileSync(pubFile('alice'), 'utf8'), 'user');
    await addKey('ci', fs.readFileSync(pubFile('ci'), 'utf8'), 'deploy');
    const r = await capture(() => runSshCommand('alice', 'apps:list'));
    expect(r.stdout).toBe('=====> My Apps\n');
    expect(process.env.PAAS_ROLE).toBe('user');
    // The client cannot choose its role: PAAS_ROLE from the environment is overwritten from the key.
    process.env.PAAS_ROLE = 'admin';
    const d = await capture(() => runSshCommand('ci', 'config:get web A'));
    expect(d.error).toBeInstanceOf(AccessError);
    expect((d.error as AccessError).exitCode).toBe(77);
  });

  it('refuses a push by a deploy key to an app not granted to it, before any repository is made', async () => {
    createApp('web');
    await addKey('ci', fs.readFileSync(pubFile('ci'), 'utf8'), 'deploy');
    const r = await capture(() => runSshCommand('ci', "git-receive-pack 'web'"));
    expect((r.error as Error).message).toMatch(/^The key ci \(deploy\) may not push to app web/);
    expect(fs.existsSync(paths.repo('web'))).toBe(false);
    const r2 = await capture(() => runSshCommand('ci', "git-receive-pack 'newapp'"));
    expect((r2.error as AccessError).exitCode).toBe(77);
    expect(fs.existsSync(paths.appDir('newapp'))).toBe(false);
    const events = fs.readFileSync(paths.eventsLog(), 'utf8');
    expect(events).toContain('"command":"git-push","app":"newapp","exit":77');
  });
});
