// The server's own git credentials, for git:sync run by an admin: netrc entries (git:auth,
// git:auth-status), known ssh hosts (git:allow-host) and a deploy key (git:generate-deploy-key,
// git:public-key), all under paths.gitHome(), owned by paas and readable by nobody else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PaasError, UsageError } from '../core/errors.js';
import { adoptOwner, ensureDir, readFileOr, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';

export interface NetrcEntry {
  machine: string;
  login: string;
  password: string;
}

const netrcFile = () => path.join(paths.gitHome(), '.netrc');
const sshDir = () => path.join(paths.gitHome(), '.ssh');
export const knownHostsFile = () => path.join(sshDir(), 'known_hosts');

/** A host name or IP address: what netrc and ssh-keyscan get, nothing they could read as more. */
export function checkGitHost(host: string | undefined): string {
  if (!host) throw new UsageError('Please supply a git host');
  if (
    !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host) ||
    host.length > 253
  )
    if (!/^\[?[0-9a-fA-F:.]+\]?$/.test(host)) throw new UsageError(`Invalid git host ${JSON.stringify(host)}`);
  return host;
}

/** A netrc token: netrc separates tokens by whitespace and has no escapes paas writes, so none inside. */
function checkToken(what: string, v: string): string {
  if (/[\s"\\]/.test(v) || /[\x00-\x1f\x7f]/.test(v))
    throw new UsageError(`Invalid ${what}: no whitespace, quotes or backslashes in a netrc entry`);
  return v;
}

export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const entries: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'machine') {
      cur = { machine: tokens[++i] ?? '', login: '', password: '' };
      entries.push(cur);
    } else if (t === 'default') cur = undefined;
    else if (cur && t === 'login') cur.login = tokens[++i] ?? '';
    else if (cur && t === 'password') cur.password = tokens[++i] ?? '';
  }
  return entries.filter((e) => e.machine);
}

export function formatNetrc(entries: NetrcEntry[]): string {
  return entries.map((e) => `machine ${e.machine} login ${e.login} password ${e.password}\n`).join('');
}

export function readNetrc(): NetrcEntry[] {
  return parseNetrc(readFileOr(netrcFile(), ''));
}

/** Set (login and password) or remove (no login) the entry for host; the file is always left 0600. */
export function setNetrcEntry(host: string, login?: string, password?: string): void {
  checkGitHost(host);
  const rest = readNetrc().filter((e) => e.machine !== host);
  if (login !== undefined) {
    if (!password) throw new UsageError('Missing password for netrc auth entry');
    rest.push({ machine: host, login: checkToken('username', login), password: checkToken('password', password) });
  }
  ensureDir(paths.gitHome(), 0o700);
  writeFileAtomic(netrcFile(), formatNetrc(rest), 0o600);
}

/** Does the entry for host match (login and password given), or is there none (nothing given)? */
export function netrcMatches(host: string, login?: string, password?: string): boolean {
  checkGitHost(host);
  const e = readNetrc().find((x) => x.machine === host);
  if (login === undefined) return e === undefined;
  if (!password) throw new UsageError('Missing password for netrc auth entry');
  return e !== undefined && e.login === login && e.password === password;
}

/** Add host's ssh keys to known_hosts (each line once: running it again adds nothing). */
export async function allowHost(host: string): Promise<number> {
  checkGitHost(host);
  const r = await execa('ssh-keyscan', ['-T', '10', '--', host.replace(/^\[(.*)\]$/, '$1')], { reject: false });
  const lines = r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0)
    throw new PaasError(`Could not read the ssh host keys of ${host}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`);
  const known = readFileOr(knownHostsFile(), '').split('\n').filter(Boolean);
  const added = lines.filter((l) => !known.includes(l));
  ensureDir(sshDir(), 0o700);
  writeFileAtomic(knownHostsFile(), [...known, ...added].map((l) => `${l}\n`).join(''), 0o600);
  return added.length;
}

/** The public half of the deploy key, or undefined when there is none. */
export function publicKey(): string | undefined {
  for (const k of ['id_ed25519.pub', 'id_rsa.pub']) {
    const text = readFileOr(path.join(sshDir(), k), '');
    if (text.trim()) return text.trim();
  }
  return undefined;
}

/** Make an ed25519 deploy key with no passphrase; false when one exists already. */
export async function generateDeployKey(): Promise<boolean> {
  if (publicKey() !== undefined) return false;
  ensureDir(sshDir(), 0o700);
  const key = path.join(sshDir(), 'id_ed25519');
  fs.rmSync(key, { force: true });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-C', `paas@${os.hostname()}`, '-N', '', '-f', key], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (const f of [key, `${key}.pub`]) adoptOwner(f);
  return true;
}
