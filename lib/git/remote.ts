// Which git remotes git:sync may fetch from, and the git options and environment that hold it to that.
// An admin key may fetch from anything git can (https, ssh with the server's deploy key, a path on the
// host). A user key is a stranger to the host: only http(s) to public addresses, pinned to the addresses
// checked (so DNS cannot answer differently to git), no redirects, no proxy, none of the server's
// credentials (netrc, deploy key), and never git's command-running transports (ext::, fd::).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { Lookup, resolvePublic } from '../net/addresses.js';
import { paths } from '../state/paths.js';

/** How git is run for one fetch: extra `-c` options, environment, and a temp dir to remove afterwards. */
export interface RemoteAccess {
  url: string;
  config: string[];
  env: Record<string, string | undefined>;
  cleanup(): void;
}

const ADMIN_PROTOCOLS = 'https:http:ssh:git:file';
const USER_PROTOCOLS = 'https:http';

/** The URL as typed, refused when git could take it for an option or a command-running transport. */
export function checkRemoteSyntax(remote: string | undefined): string {
  if (!remote) throw new UsageError('Missing GIT_REMOTE parameter');
  if (remote.startsWith('-')) throw new UsageError(`Invalid git remote ${JSON.stringify(remote)}`);
  if (/[\s\0]/.test(remote)) throw new UsageError(`Invalid git remote ${JSON.stringify(remote)}: no whitespace`);
  if (/^[a-z][a-z0-9+.-]*::/i.test(remote))
    throw new UsageError(`Invalid git remote ${JSON.stringify(remote)}: transport helpers (X::) are not allowed`);
  return remote;
}

/** git's own environment, minus anything a caller's environment could use to redirect or inject. */
function baseEnv(protocols: string): Record<string, string | undefined> {
  return {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: protocols,
    GIT_CONFIG_NOSYSTEM: '1',
    // no ~/.gitconfig either: what git does comes from the -c options here alone
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ASKPASS: undefined,
    SSH_ASKPASS: undefined,
    GIT_SSH: undefined,
    GIT_SSH_COMMAND: undefined,
    GIT_PROXY_COMMAND: undefined,
  };
}

/**
 * The server's own git credentials, used by admin syncs: paths.gitHome() holds .netrc (git:auth) and
 * .ssh/ (git:generate-deploy-key, git:allow-host); git and ssh find them there as HOME.
 */
function adminAccess(url: string): RemoteAccess {
  const home = paths.gitHome();
  const ssh = path.join(home, '.ssh');
  const key = ['id_ed25519', 'id_rsa'].map((k) => path.join(ssh, k)).find((k) => fs.existsSync(k));
  const sshCommand = [
    'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${path.join(ssh, 'known_hosts')}`,
    ...(key ? ['-i', key, '-o', 'IdentitiesOnly=yes'] : []),
  ].join(' ');
  return {
    url,
    config: ['-c', `core.sshCommand=${sshCommand}`],
    env: { ...baseEnv(ADMIN_PROTOCOLS), HOME: home },
    cleanup() {},
  };
}

/**
 * A user key's sync: http(s) only, the host resolved here and refused unless every address is public,
 * git pinned to those addresses (http.curloptResolve), redirects and proxies off, and an empty HOME so no
 * netrc or ssh key of the server's applies.
 */
async function userAccess(url: string, lookup?: Lookup): Promise<RemoteAccess> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`Invalid git remote ${JSON.stringify(url)}: a user key may only sync from an http(s) URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new UsageError(
      `Invalid git remote ${JSON.stringify(url)}: a user key may only sync from an http(s) URL (ssh, git and local paths need an admin key)`,
    );
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const addrs = await resolvePublic(host, lookup);
  const pinned = addrs.map((a) => (a.includes(':') ? `[${a}]` : a)).join(',');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-sync-home-'));
  return {
    url,
    config: [
      '-c',
      `http.curloptResolve=${host}:${port}:${pinned}`,
      '-c',
      'http.followRedirects=false',
      '-c',
      'http.proxy=',
      '-c',
      'credential.helper=',
    ],
    env: {
      ...baseEnv(USER_PROTOCOLS),
      HOME: home,
      XDG_CONFIG_HOME: home,
      http_proxy: undefined,
      https_proxy: undefined,
      HTTP_PROXY: undefined,
      HTTPS_PROXY: undefined,
      all_proxy: undefined,
      ALL_PROXY: undefined,
    },
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** How this caller may fetch from remote; throws (changing nothing) when it may not. */
export async function remoteAccess(remote: string, admin: boolean, lookup?: Lookup): Promise<RemoteAccess> {
  const url = checkRemoteSyntax(remote);
  return admin ? adminAccess(url) : userAccess(url, lookup);
}
