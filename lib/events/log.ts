// The audit trail: who (key name over ssh, local account otherwise), with which role, ran which
// state-changing command or push, on which app, when, and how it ended. One JSON line per event,
// appended with a single write to a file opened O_APPEND, so concurrent writers never interleave.
// Only names are recorded: never arguments, key material or config values.
import fs from 'node:fs';
import path from 'node:path';
import { Caller, Role } from '../core/caller.js';
import { adoptOwner, ensureDir, readFileOr } from '../state/atomic.js';
import { paths } from '../state/paths.js';

export interface AppEvent {
  time: string;
  user: string;
  role: Role;
  /** A paas command name, or "git-push". */
  command: string;
  app?: string;
  global?: boolean;
  /** Names that say what changed without values, e.g. the keys of config:set. */
  names?: string[];
  exit: number;
}

export function makeEvent(
  caller: Caller,
  what: { command: string; app?: string; global?: boolean; names?: string[] },
  exit: number,
  now = new Date(),
): AppEvent {
  return {
    time: now.toISOString(),
    user: caller.name,
    role: caller.role,
    command: what.command,
    ...(what.app ? { app: what.app } : {}),
    ...(what.global ? { global: true } : {}),
    ...(what.names?.length ? { names: what.names } : {}),
    exit,
  };
}

/** Append one event. The trail must never make a command fail, so a write error is only reported. */
export function recordEvent(event: AppEvent): string | undefined {
  const file = paths.eventsLog();
  try {
    ensureDir(path.dirname(file), 0o700);
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(event) + '\n');
    } finally {
      fs.closeSync(fd);
    }
    adoptOwner(file);
    return undefined;
  } catch (e) {
    return `Cannot write the audit trail ${file}: ${(e as Error).message}`;
  }
}

export function readEvents(): AppEvent[] {
  return readFileOr(paths.eventsLog(), '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as AppEvent];
      } catch {
        return [];
      }
    });
}

/** One line for people: `TIME USER (ROLE) COMMAND [APP|--global] [NAMES] exit N`. */
export function formatEvent(e: AppEvent): string {
  const target = e.global ? '--global' : (e.app ?? '-');
  const names = e.names?.length ? ` ${e.names.join(',')}` : '';
  return `${e.time.replace(/\.\d+Z$/, 'Z')} ${e.user} (${e.role}) ${e.command} ${target}${names} exit ${e.exit}`;
}
