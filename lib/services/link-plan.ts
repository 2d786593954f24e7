// Which env var a link sets, and which an unlink removes: pure decisions, tested by comparing values.
import { PaasError, UsageError } from '../core/errors.js';
import type { Env } from '../config/env-file.js';
import { validateEnvKey } from '../state/validate.js';
import type { KindDefinition } from './kinds.js';

/** DATABASE_URL / REDIS_URL, or ALIAS_URL with --alias (Dokku upper-cases the alias and maps dashes). */
export function linkEnvKey(def: KindDefinition, alias?: string): string {
  if (alias === undefined) return def.envVar;
  if (alias === '') throw new UsageError('--alias needs a value, e.g. --alias BLUE_DATABASE');
  const base = alias.toUpperCase().replace(/-/g, '_').replace(/_URL$/, '');
  return validateEnvKey(`${base}_URL`);
}

/** The env after linking; refuses to overwrite a variable another service (or the person) set. */
export function envWithLink(env: Env, key: string, url: string, what: string): Env {
  const current = env[key];
  if (current !== undefined && current !== url)
    throw new PaasError(
      `${key} is already set on this app (another service?); link ${what} under another name with --alias NAME`,
    );
  return { ...env, [key]: url };
}

/** The env after unlinking: every variable that holds this service's URL goes. */
export function envWithoutLink(env: Env, url: string): { env: Env; removed: string[] } {
  const out: Env = {};
  const removed: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === url) removed.push(k);
    else out[k] = v;
  }
  return { env: out, removed };
}

/** attach-post-create networks with the services network added or taken out, others kept in order. */
export function networksWith(current: string[], network: string, present: boolean): string[] {
  const rest = current.filter((n) => n !== network);
  return present ? [...rest, network] : rest;
}
