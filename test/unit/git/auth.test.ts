import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkGitHost, netrcMatches, parseNetrc, readNetrc, setNetrcEntry } from '../../../lib/git/auth.js';
import { commands } from '../../../lib/git/commands.js';
import { paths } from '../../../lib/state/paths.js';
import { capture, runCommand } from '../cli/capture.js';

const netrc = () => path.join(paths.gitHome(), '.netrc');

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-gitauth-'));
});

describe('netrc entries (git:auth)', () => {
  it('sets, replaces and removes one host’s entry, the file always 0600', () => {
    setNetrcEntry('github.com', 'user', 'pw');
    setNetrcEntry('other.example.com', 'u2', 'p2');
    setNetrcEntry('github.com', 'user', 'pw2');
    expect(readNetrc()).toEqual([
      { machine: 'other.example.com', login: 'u2', password: 'p2' },
      { machine: 'github.com', login: 'user', password: 'pw2' },
    ]);
    fs.chmodSync(netrc(), 0o644);
    setNetrcEntry('github.com');
    expect(readNetrc().map((e) => e.machine)).toEqual(['other.example.com']);
    expect(fs.statSync(netrc()).mode & 0o777).toBe(0o600);
  });

  it('matches the requested state (git:auth-status)', () => {
    expect(netrcMatches('github.com')).toBe(true);
    setNetrcEntry('github.com', 'user', 'pw');
    expect(netrcMatches('github.com')).toBe(false);
    expect(netrcMatches('github.com', 'user', 'pw')).toBe(true);
    expect(netrcMatches('github.com', 'user', 'wrong')).toBe(false);
    expect(netrcMatches('github.com', 'other', 'pw')).toBe(false);
    expect(() => netrcMatches('github.com', 'user')).toThrow(/Missing password for netrc auth entry/);
  });

  it('refuses a value that would become another netrc token, and writes nothing', () => {
    expect(() => setNetrcEntry('github.com', 'user', 'pw machine evil.com login x password y')).toThrow(
      /no whitespace/,
    );
    expect(() => setNetrcEntry('github.com', 'us\ner', 'pw')).toThrow(/no whitespace/);
    expect(() => setNetrcEntry('github.com', 'user')).toThrow(/Missing password/);
    expect(fs.existsSync(netrc())).toBe(false);
  });

  it.each(['', '-oProxyCommand=x', 'a b', 'host/path', 'a;b', '$(id)'])('refuses the host %j', (h) => {
    expect(() => checkGitHost(h)).toThrow(/git host/);
  });

  it('reads netrc files written by hand', () => {
    expect(parseNetrc('machine a.com\n  login u\n  password p\ndefault login x password y\n')).toEqual([
      { machine: 'a.com', login: 'u', password: 'p' },
    ]);
  });
});

describe('git:auth and git:auth-status commands', () => {
  /** Run a command and keep what it printed (runCommand keeps only stdout). */
  const cmd = (name: string, ...args: string[]) => {
    const spec = commands.find((c) => c.name === name)!;
    return capture(() => spec.run.call(spec, { args, flags: {} }));
  };

  it('print Dokku’s lines and exit 0/1', async () => {
    const set = await cmd('git:auth', 'github.com', 'user', 'pw');
    expect(set.stderr).toContain('Setting netrc auth entry for host github.com');
    expect(await runCommand(commands, 'git:auth-status', 'github.com', 'user', 'pw')).toBe('');
    const spec = commands.find((c) => c.name === 'git:auth-status')!;
    const status = (...a: string[]) => spec.run.call(spec, { args: a, flags: {} });
    await expect(status('github.com', 'user', 'pw')).resolves.toBe(0);
    await expect(status('github.com', 'user', 'bad')).resolves.toBe(1);
    await expect(status('github.com')).resolves.toBe(1);
    const rm = await cmd('git:auth', 'github.com');
    expect(rm.stderr).toContain('Removing netrc auth entry for host github.com');
    await expect(status('github.com')).resolves.toBe(0);
  });

  it('git:public-key says how to make a key when there is none', async () => {
    const r = await cmd('git:public-key');
    expect(r.stderr).toContain('There is no deploy key associated with the paas user.');
    expect(String(r.error)).toMatch(/git:auth/);
  });
});
