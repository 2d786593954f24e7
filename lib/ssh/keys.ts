// Public keys that may push and run commands: one file per key under ssh-keys/NAME.pub, and the paas
// user's authorized_keys regenerated from them, each key forced through paas-ssh-command.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { isRole, Role, ROLES } from '../core/caller.js';
import { PaasError, UsageError } from '../core/errors.js';
import { ensureDir, readFileOr, removeFile, writeFileAtomic } from '../state/atomic.js';
import { withLockSync } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { GLOBAL, readProp, writeProp } from '../state/props.js';
import { validateName } from '../state/validate.js';

/**
 * OpenSSH's `restrict` turns off every forwarding, ~/.ssh/rc and whatever future sshd adds to it; `pty`
 * comes back so `ssh -t paas@host run APP bash` still gets a terminal.
 */
export const KEY_OPTIONS = 'restrict,pty';
const SSH_COMMAND = '/usr/local/bin/paas-ssh-command';

const KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
];

export interface PublicKey {
  type: string;
  /** The base64 key blob. */
  blob: string;
  comment: string;
}

export interface StoredKey extends PublicKey {
  name: string;
  fingerprint: string;
  role: Role;
}

/** The key file's first line holds the role; a file without one (written before roles) is an admin key. */
const ROLE_LINE = /^# role: (\S+)$/m;

export function parseRole(value: string | undefined): Role {
  if (value === undefined) return 'admin';
  if (!isRole(value)) throw new UsageError(`Invalid role ${JSON.stringify(value)} (use ${ROLES.join(', ')})`);
  return value;
}

export function keyFileText(key: PublicKey, role: Role): string {
  return `# role: ${role}\n${keyLine(key)}\n`;
}

/** The role stored in a key file's text; unknown roles read as deploy, the role that may do least. */
export function roleOfKeyFile(text: string): Role {
  const m = ROLE_LINE.exec(text);
  if (!m) return 'admin';
  return isRole(m[1]) ? m[1] : 'deploy';
}

/**
 * Parse the text of a .pub file: exactly one key, no authorized_keys options (we set our own), never a
 * private key. Throws a UsageError that says what was wrong.
 */
export function parsePublicKey(text: string): PublicKey {
  if (/PRIVATE KEY/.test(text)) throw new UsageError('That is a private key; give the public key (the .pub file)');
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new UsageError('No public key given (the input is empty)');
  if (lines.length > 1) throw new UsageError(`Give one public key at a time (found ${lines.length} lines)`);
  const [type, blob, ...rest] = lines[0].split(/\s+/);
  if (!KEY_TYPES.includes(type))
    throw new UsageError(
      `Invalid public key: it must start with a key type (${KEY_TYPES.slice(0, 3).join(', ')}...), not options or other text`,
    );
  if (!blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob))
    throw new UsageError('Invalid public key: the key data is not base64');
  // The blob starts with its own type as a length-prefixed string; a mismatch means a corrupt paste.
  const raw = Buffer.from(blob, 'base64');
  const len = raw.length >= 4 ? raw.readUInt32BE(0) : -1;
  if (len < 0 || raw.subarray(4, 4 + len).toString('latin1') !== type)
    throw new UsageError(`Invalid public key: the key data does not hold a ${type} key`);
  const comment = rest.join(' ').replace(/[^\x20-\x7e]/g, '');
  return { type, blob, comment };
}

/** OpenSSH's SHA256 fingerprint: base64 of the SHA-256 of the key blob, without padding. */
export function fingerprintOf(key: Pick<PublicKey, 'blob'>): string {
  const digest = crypto.createHash('sha256').update(Buffer.from(key.blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function keyLine(key: PublicKey): string {
  return [key.type, key.blob, key.comment].filter(Boolean).join(' ');
}

/** One authorized_keys line: the key may only run paas-ssh-command, which knows the key's name. */
export function authorizedKeyLine(name: string, key: PublicKey): string {
  return `command="${SSH_COMMAND} ${name}",${KEY_OPTIONS} ${keyLine(key)}`;
}

/** ssh-keygen has the last word on whether the key data is a usable key. */
async function checkWithSshKeygen(key: PublicKey): Promise<void> {
  const r = await execa('ssh-keygen', ['-l', '-f', '-'], { input: keyLine(key) + '\n', reject: false });
  if (r.exitCode !== 0) throw new UsageError('Invalid public key: ssh-keygen cannot read it');
}

export function validateKeyName(name: string | undefined): string {
  return validateName('key name', name);
}

export function listKeys(): StoredKey[] {
  let files: string[];
  try {
    files = fs.readdirSync(paths.sshDir()).filter((f) => f.endsWith('.pub') && !f.startsWith('.'));
  } catch {
    return [];
  }
  return files.sort().map((f) => {
    const text = fs.readFileSync(path.join(paths.sshDir(), f), 'utf8');
    const key = parsePublicKey(text);
    return { ...key, name: f.slice(0, -4), fingerprint: fingerprintOf(key), role: roleOfKeyFile(text) };
  });
}

/** The stored key of that name, or undefined. */
export function findKey(name: string): StoredKey | undefined {
  return listKeys().find((k) => k.name === name);
}

/** The role of the key paas-ssh-command runs for; a key that is gone (removed meanwhile) may do nothing. */
export function keyRole(name: string): Role {
  const text = readFileOr(paths.sshKey(validateKeyName(name)), '');
  return text ? roleOfKeyFile(text) : 'deploy';
}

/** Where the paas user's authorized_keys lives: install.sh records it; else the paas user's home. */
export function authorizedKeysFile(): string {
  const recorded = readProp('ssh-keys', GLOBAL, 'authorized-keys-file');
  if (recorded) return recorded;
  const passwd = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('paas:'));
  const home = passwd?.split(':')[5];
  if (!home) throw new PaasError('There is no paas user on this host; run install.sh first');
  return path.join(home, '.ssh', 'authorized_keys');
}

/** Record where authorized_keys lives (install.sh, through paas-authorized-keys-file): an absolute path. */
export function recordAuthorizedKeysFile(file: string): string {
  if (!path.isAbsolute(file) || /[\n\0]/.test(file) || file.endsWith('/'))
    throw new UsageError(`Invalid authorized_keys file ${JSON.stringify(file)}: use an absolute file path`);
  const normal = path.normalize(file);
  writeProp('ssh-keys', GLOBAL, 'authorized-keys-file', normal);
  return normal;
}

function renderAuthorizedKeys(keys: StoredKey[]): string {
  const header = '# Managed by paas (paas ssh-keys:add/remove); edits here are overwritten.\n';
  return header + keys.map((k) => authorizedKeyLine(k.name, k) + '\n').join('');
}

/**
 * Rewrite authorized_keys from the stored keys: temp file owned like its directory (the paas user's
 * .ssh), 0600, fsync, rename. sshd never sees a half-written file.
 */
function writeAuthorizedKeys(): void {
  const file = authorizedKeysFile();
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  writeFileAtomic(file, renderAuthorizedKeys(listKeys()), 0o600, { uid: st.uid, gid: st.gid });
}

function withKeysLock<T>(fn: () => T): T {
  return withLockSync(paths.namedLock('ssh-keys'), { what: 'The ssh key list', wait: true }, fn);
}

/** Store a key under a new name, with its role, and let it log in. Returns its fingerprint. */
export async function addKey(nameArg: string | undefined, text: string, role: Role = 'admin'): Promise<string> {
  const name = validateKeyName(nameArg);
  const key = parsePublicKey(text);
  await checkWithSshKeygen(key);
  const fingerprint = fingerprintOf(key);
  return withKeysLock(() => {
    const keys = listKeys();
    if (keys.some((k) => k.name === name))
      throw new PaasError(`A key named ${name} already exists; remove it first with paas ssh-keys:remove ${name}`);
    const same = keys.find((k) => k.blob === key.blob);
    if (same) throw new PaasError(`This key (${fingerprint}) is already added as ${same.name}`);
    ensureDir(paths.sshDir(), 0o700);
    writeFileAtomic(paths.sshKey(name), keyFileText(key, role), 0o600);
    try {
      writeAuthorizedKeys();
    } catch (e) {
      removeFile(paths.sshKey(name));
      throw e;
    }
    return fingerprint;
  });
}

/**
 * Remove a key by name or by fingerprint; it can no longer log in. Returns the removed key's name, or
 * undefined when no key matched (nothing changed).
 */
export function removeKey(by: { name?: string; fingerprint?: string }): string | undefined {
  return withKeysLock(() => {
    const keys = listKeys();
    const key = by.fingerprint
      ? keys.find((k) => k.fingerprint === by.fingerprint)
      : keys.find((k) => k.name === validateKeyName(by.name));
    if (!key) return undefined;
    const keep = fs.readFileSync(paths.sshKey(key.name));
    removeFile(paths.sshKey(key.name));
    try {
      writeAuthorizedKeys();
    } catch (e) {
      writeFileAtomic(paths.sshKey(key.name), keep, 0o600);
      throw e;
    }
    return key.name;
  });
}
