// Who is running this command: a key over ssh (its name and role, set by paas-ssh-command from the
// stored key, never from anything the client sends) or a local account (always admin: reading the state
// root already needs root or the paas account).
import os from 'node:os';

export const ROLES = ['admin', 'user', 'deploy'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may run a command besides admin keys (local accounts are admin). 'admin' (the default): admins only.
 * 'app': user keys, on an app they may use (the first positional); with no app, only `*:report`, which
 * then covers their apps. 'any': user keys, with no app check (apps:create, apps:list, events).
 * 'deploy': as 'app', and deploy keys too, on an app they may push to: deploying code another way
 * (git:from-archive) and seeing or stopping their own builds (builds:list, info, output, cancel).
 * Deploy keys run no other command; they push.
 */
export type Access = 'admin' | 'app' | 'any' | 'deploy';

export interface Caller {
  /** The key's name over ssh, else the local account's name. */
  name: string;
  role: Role;
  /** True when the command came in over ssh (a key), false for a local account. */
  remote: boolean;
}

export function isRole(v: string | undefined): v is Role {
  return (ROLES as readonly string[]).includes(v ?? '');
}

/** Set once by paas-ssh-command; inherited by the hooks and bins it runs. */
export function setRemoteCaller(name: string, role: Role): void {
  process.env.PAAS_USER = name;
  process.env.PAAS_ROLE = role;
}

export function currentCaller(): Caller {
  const name = process.env.PAAS_USER;
  if (name) return { name, role: isRole(process.env.PAAS_ROLE) ? process.env.PAAS_ROLE : 'deploy', remote: true };
  let local = process.env.SUDO_USER || '';
  if (!local) {
    try {
      local = os.userInfo().username;
    } catch {
      local = `uid ${process.getuid?.() ?? '?'}`;
    }
  }
  return { name: local, role: 'admin', remote: false };
}

/** Admins may reach the host (binds anywhere, privileged options, log paths); others may not. */
export function callerIsAdmin(): boolean {
  return currentCaller().role === 'admin';
}
