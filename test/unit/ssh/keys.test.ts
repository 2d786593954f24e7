import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addKey,
  authorizedKeyLine,
  authorizedKeysFile,
  fingerprintOf,
  listKeys,
  parsePublicKey,
  recordAuthorizedKeysFile,
  removeKey,
} from '../../../lib/ssh/keys.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';

let tmp: string;
let authFile: string;

function makeKey(name: string, type = 'ed25519'): { pub: string; fingerprint: string } {
  const file = path.join(tmp, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file, '-C', `${name}@test`]);
  const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`])
    .toString()
    .split(' ')[1];
  return { pub: fs.readFileSync(`${file}.pub`, 'utf8'), fingerprint: fp };
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ssh-'));
  process.env.PAAS_ROOT = path.join(tmp, 'root');
  authFile = path.join(tmp, 'home', '.ssh', 'authorized_keys');
  writeProp('ssh-keys', GLOBAL, 'authorized-keys-file', authFile);
});

describe('parsePublicKey', () => {
  it('accepts a .pub line and computes the same fingerprint as ssh-keygen', () => {
    const k = makeKey('alice');
    const parsed = parsePublicKey(k.pub);
    expect(parsed.type).toBe('ssh-ed25519');
    expect(parsed.comment).toBe('alice@test');
    expect(fingerprintOf(parsed)).toBe(k.fingerprint);
    const rsa = makeKey('bob', 'rsa');
    expect(fingerprintOf(parsePublicKey(rsa.pub))).toBe(rsa.fingerprint);
  });

  it('refuses private keys, options, several keys, garbage and corrupt data', () => {
    const k = makeKey('carol');
    const priv = fs.readFileSync(path.join(tmp, 'carol'), 'utf8');
    expect(() => parsePublicKey(priv)).toThrow(/private key/);
    expect(() => parsePublicKey(`command="sh" ${k.pub}`)).toThrow(/must start with a key type/);
    expect(() => parsePublicKey(k.pub + k.pub)).toThrow(/one public key at a time/);
    expect(() => parsePublicKey('')).toThrow(/empty/);
    expect(() => parsePublicKey('hello world')).toThrow(/key type/);
    expect(() => parsePublicKey('ssh-ed25519 not*base64')).toThrow(/not base64/);
    const [type, blob] = k.pub.split(' ');
    expect(() => parsePublicKey(`ssh-rsa ${blob}`)).toThrow(/does not hold a ssh-rsa key/);
    expect(type).toBe('ssh-ed25519');
  });

  it('forces every key through paas-ssh-command with no shell, tunnels or agent', () => {
    const k = parsePublicKey(makeKey('dave').pub);
    expect(authorizedKeyLine('dave', k)).toBe(
      `command="/usr/local/bin/paas-ssh-command dave",restrict,pty ssh-ed25519 ${k.blob} dave@test`,
    );
  });
});

describe('addKey / removeKey', () => {
  it('stores the key 0600 and regenerates authorized_keys 0600', async () => {
    const a = makeKey('alice');
    const b = makeKey('bob');
    expect(await addKey('alice', a.pub)).toBe(a.fingerprint);
    expect(await addKey('bob', b.pub)).toBe(b.fingerprint);
    expect(fs.statSync(paths.sshKey('alice')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(authFile).mode & 0o777).toBe(0o600);
    const lines = fs
      .readFileSync(authFile, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^command="\/usr\/local\/bin\/paas-ssh-command alice",/);
    expect(lines[1]).toMatch(/paas-ssh-command bob",.* bob@test$/);
    expect(listKeys().map((k) => [k.name, k.fingerprint])).toEqual([
      ['alice', a.fingerprint],
      ['bob', b.fingerprint],
    ]);
  });

  it('refuses a duplicate name, a duplicate key, a bad name and a bad key, storing nothing', async () => {
    const a = makeKey('alice');
    await addKey('alice', a.pub);
    const before = fs.readFileSync(authFile, 'utf8');
    await expect(addKey('alice', makeKey('other').pub)).rejects.toThrow(/already exists/);
    await expect(addKey('alice2', a.pub)).rejects.toThrow(/already added as alice/);
    await expect(addKey('bad name', makeKey('x1').pub)).rejects.toThrow(/Invalid key name/);
    await expect(addKey('../x', makeKey('x2').pub)).rejects.toThrow(/Invalid key name/);
    await expect(addKey('junk', 'ssh-ed25519 AAAA')).rejects.toThrow(/Invalid public key/);
    // The header is right but the key is cut short: only ssh-keygen can tell.
    const cut = makeKey('cut').pub.split(' ')[1].slice(0, 40);
    await expect(addKey('cut', `ssh-ed25519 ${cut}`)).rejects.toThrow(/ssh-keygen cannot read it/);
    expect(fs.readdirSync(paths.sshDir())).toEqual(['alice.pub']);
    expect(fs.readFileSync(authFile, 'utf8')).toBe(before);
  });

  it('removes by name or fingerprint', async () => {
    const a = makeKey('alice');
    const b = makeKey('bob');
    await addKey('alice', a.pub);
    await addKey('bob', b.pub);
    expect(removeKey({ name: 'alice' })).toBe('alice');
    expect(fs.readFileSync(authFile, 'utf8')).not.toContain('alice');
    expect(removeKey({ fingerprint: b.fingerprint })).toBe('bob');
    expect(listKeys()).toEqual([]);
    expect(
      fs
        .readFileSync(authFile, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    ).toEqual([]);
    // Absent keys: nothing to do, nothing changed (the command warns and exits 0, as Dokku's).
    const after = fs.readFileSync(authFile, 'utf8');
    expect(removeKey({ name: 'nobody' })).toBeUndefined();
    expect(removeKey({ fingerprint: 'SHA256:x' })).toBeUndefined();
    expect(fs.readFileSync(authFile, 'utf8')).toBe(after);
  });
});

describe('recordAuthorizedKeysFile (install.sh, through paas-authorized-keys-file)', () => {
  it('records an absolute path that authorizedKeysFile then returns, as install.sh wrote it before', () => {
    const file = path.join(tmp, 'other', '.ssh', 'authorized_keys');
    expect(recordAuthorizedKeysFile(file.replace('/other/', '/other/./'))).toBe(file);
    expect(authorizedKeysFile()).toBe(file);
    expect(fs.readFileSync(paths.prop('ssh-keys', GLOBAL, 'authorized-keys-file'), 'utf8')).toBe(`${file}\n`);
  });

  it('refuses a relative path, a directory or a newline, and keeps the recorded file', () => {
    for (const bad of ['authorized_keys', `${tmp}/`, `${tmp}/a\nb`, ''])
      expect(() => recordAuthorizedKeysFile(bad)).toThrow(/use an absolute file path/);
    expect(authorizedKeysFile()).toBe(authFile);
  });
});

describe("ssh-keys commands (Dokku's ssh_keys.bats)", () => {
  it('list NAME of no key: exit 1 with no output in text, [] in JSON; remove of no key exits 0', async () => {
    const { dispatch } = await import('../../../lib/cli/dispatch.js');
    const { capture } = await import('../cli/capture.js');
    await addKey('alice', makeKey('alice').pub);
    let r = await capture(() => dispatch(['ssh-keys:list', 'nobody']));
    expect([r.result, r.stdout, r.stderr]).toEqual([1, '', '']);
    r = await capture(() => dispatch(['ssh-keys:list', '--format', 'json', 'nobody']));
    expect([r.result, r.stdout]).toEqual([0, '[]\n']);
    r = await capture(() => dispatch(['ssh-keys:remove', 'nobody']));
    expect(r.result).toBe(0);
    expect(r.stderr).toContain('No key named nobody');
    expect(listKeys().map((k) => k.name)).toEqual(['alice']);
  });
});
