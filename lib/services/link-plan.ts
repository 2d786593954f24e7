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

/** dokku-postgres's service_alternative_alias colours, tried in this order. */
export const LINK_COLORS = [
  'AQUA',
  'BLACK',
  'BLUE',
  'FUCHSIA',
  'GRAY',
  'GREEN',
  'LIME',
  'MAROON',
  'NAVY',
  'OLIVE',
  'PURPLE',
  'RED',
  'SILVER',
  'TEAL',
  'WHITE',
  'YELLOW',
];

/**
 * The variable a link sets, as Dokku's service plugins choose it: --alias NAME gives NAME_URL (refused when
 * set); otherwise DATABASE_URL / REDIS_URL, or, when that is taken, DOKKU_<KIND>_<COLOR>_URL with the
 * first colour not yet used.
 */
export function chooseLinkKey(def: KindDefinition, env: Env, alias?: string): string {
  if (alias !== undefined) {
    const key = linkEnvKey(def, alias);
    if (key in env) throw new PaasError(`Specified alias ${key.replace(/_URL$/, '')} already in use`);
    return key;
  }
  if (!(def.envVar in env)) return def.envVar;
  const alt = `DOKKU_${def.kind.toUpperCase()}`;
  const color = LINK_COLORS.find((c) => !(`${alt}_${c}_URL` in env));
  if (!color) throw new PaasError('Unable to use default or generated URL alias');
  return `${alt}_${color}_URL`;
}

/** `--querystring "sslmode=require"` appended to the URL (a leading `?` is optional, as in Dokku). */
export function urlWithQuery(url: string, query: string | undefined): string {
  if (query === undefined || query === '' || query === '?') return url;
  const q = query.replace(/^\?/, '');
  if (/[\s#]/.test(q)) throw new UsageError(`Invalid --querystring ${JSON.stringify(query)}: no spaces or "#"`);
  return `${url}?${q}`;
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

/** The env after unlinking: every variable that holds this service's URL (with or without a query) goes. */
export function envWithoutLink(env: Env, url: string): { env: Env; removed: string[] } {
  const out: Env = {};
  const removed: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === url || v.startsWith(`${url}?`)) removed.push(k);
    else out[k] = v;
  }
  return { env: out, removed };
}

/** attach-post-create networks with the services network added or taken out, others kept in order. */
export function networksWith(current: string[], network: string, present: boolean): string[] {
  const rest = current.filter((n) => n !== network);
  return present ? [...rest, network] : rest;
}

/** `REDIS_DATABASE_SCHEME` / `POSTGRES_DATABASE_SCHEME`: the app's own scheme for the URL a link sets. */
export function schemeVar(def: KindDefinition): string {
  return `${def.kind.toUpperCase()}_DATABASE_SCHEME`;
}

/** The scheme for this app's URL (Dokku's update_plugin_scheme_for_app), checked so a URL stays a URL. */
export function appScheme(def: KindDefinition, env: Env): string {
  const s = env[schemeVar(def)];
  if (s === undefined || s === '') return def.scheme;
  if (!/^[a-z][a-z0-9+.-]{0,31}$/i.test(s))
    throw new UsageError(`Invalid ${schemeVar(def)} ${JSON.stringify(s)}: use a URL scheme such as ${def.scheme}`);
  return s;
}

/** The variables that hold this service's URL (with or without a query), in the env's order. */
export function keysHoldingUrl(env: Env, url: string): string[] {
  return Object.entries(env)
    .filter(([, v]) => v === url || v.startsWith(`${url}?`))
    .map(([k]) => k);
}

/**
 * dokku-redis's service_promote: the service's URL becomes DATABASE_URL / REDIS_URL; the URL that was
 * there moves to a DOKKU_<KIND>_<COLOR>_URL unless another variable holds it already. Returns the pairs
 * to set.
 */
export function promotePlan(def: KindDefinition, env: Env, url: string, service: string, app: string): Env {
  const keys = keysHoldingUrl(env, url);
  if (keys.length === 0) throw new PaasError(`Not linked to app ${app}`);
  if (keys.includes(def.envVar)) throw new PaasError(`Service ${service} already promoted as ${def.envVar}`);
  const set: Env = {};
  const previous = env[def.envVar];
  if (previous !== undefined && previous !== '') {
    const keptElsewhere = Object.entries(env).some(([k, v]) => k !== def.envVar && v === previous);
    if (!keptElsewhere) {
      const alt = `DOKKU_${def.kind.toUpperCase()}`;
      const color = LINK_COLORS.find((c) => !(`${alt}_${c}_URL` in env));
      if (!color) throw new PaasError('Unable to use default or generated URL alias');
      set[`${alt}_${color}_URL`] = previous;
    }
  }
  set[def.envVar] = env[keys[0]];
  return set;
}
