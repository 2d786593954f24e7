// Which commands go into the audit trail, and running one so that it is recorded whatever its outcome.
import { Caller } from '../core/caller.js';
import { PaasError } from '../core/errors.js';
import { warn } from '../core/log.js';
import { makeEvent, recordEvent } from './log.js';

/** Verbs that only read (the last part of the name, or the whole bare name). */
const READ_VERBS = new Set([
  'config',
  'events',
  'exists',
  'export',
  'failed',
  'get',
  'help',
  'info',
  'inspect',
  'keys',
  'linked',
  'links',
  'list',
  'locked',
  'logs',
  'access-logs',
  'error-logs',
  'releases',
  'report',
  'show',
  'show-config',
  'url',
  'urls',
  'validate-config',
  'active',
]);

export function isReadOnly(spec: { name: string; readOnly?: boolean }): boolean {
  return spec.readOnly ?? READ_VERBS.has(spec.name.slice(spec.name.indexOf(':') + 1));
}

export function exitCodeOf(e: unknown): number {
  return e instanceof PaasError ? e.exitCode : 1;
}

/** Run fn and record who ran what and how it ended (an exception's exit code included), then pass it on. */
export async function recording(
  caller: Caller,
  what: { command: string; app?: string; global?: boolean; names?: () => string[] | undefined },
  fn: () => Promise<number>,
): Promise<number> {
  let exit = 1;
  try {
    exit = await fn();
    return exit;
  } catch (e) {
    exit = exitCodeOf(e);
    throw e;
  } finally {
    const problem = recordEvent(makeEvent(caller, { ...what, names: what.names?.() }, exit));
    if (problem) warn(problem);
  }
}
