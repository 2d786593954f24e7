// app.json `env` (Heroku's app.json, as Dokku applies it): defaults and generated secrets written to the
// app's config on its first deploy, before the predeploy task; later deploys only re-set `sync: true`
// values. A variable that already has a value is kept, so `config:set` before the first push wins. The
// values come from the pushed source: they go to the app's config and nowhere else, and every key is
// checked as config:set checks it before anything is written.
import { randomBytes } from 'node:crypto';
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { Env, readEnv } from '../config/env-file.js';
import { updateEnv } from '../config/change.js';
import { GLOBAL } from '../state/paths.js';
import { validateEnvKey } from '../state/validate.js';

export interface AppJsonEnvVar {
  value?: string;
  /** Heroku's default: true. */
  required: boolean;
  generator?: 'secret';
  sync: boolean;
}

function bad(what: string): PaasError {
  return new PaasError(`app.json env: ${what}`);
}

function parseVar(key: string, v: unknown): AppJsonEnvVar {
  if (typeof v === 'string') return { value: v, required: true, sync: false };
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw bad(`${key} must be a string or an object with value, required, generator, sync, description`);
  const o = v as Record<string, unknown>;
  const str = (name: string): string | undefined => {
    if (o[name] === undefined) return undefined;
    if (typeof o[name] !== 'string') throw bad(`${key}.${name} must be a string`);
    return o[name];
  };
  const bool = (name: string, dflt: boolean): boolean => {
    if (o[name] === undefined) return dflt;
    if (typeof o[name] !== 'boolean') throw bad(`${key}.${name} must be true or false`);
    return o[name];
  };
  str('description');
  const generator = str('generator');
  if (generator !== undefined && generator !== 'secret')
    throw bad(`${key}.generator ${JSON.stringify(generator)} is not supported (only "secret")`);
  const value = str('value');
  return {
    ...(value !== undefined ? { value } : {}),
    required: bool('required', true),
    ...(generator ? { generator: 'secret' as const } : {}),
    sync: bool('sync', false),
  };
}

/** The `env` object of an app.json, checked whole (keys as config keys); empty when there is none. */
export function parseAppJsonEnv(appJson: Record<string, unknown> | undefined): Record<string, AppJsonEnvVar> {
  const env = appJson?.env;
  if (env === undefined || env === null) return {};
  if (typeof env !== 'object' || Array.isArray(env)) throw bad('must be an object of NAME: value');
  const out: Record<string, AppJsonEnvVar> = {};
  for (const [key, v] of Object.entries(env)) {
    try {
      validateEnvKey(key);
    } catch (e) {
      throw bad((e as Error).message);
    }
    out[key] = parseVar(key, v);
    if (out[key].value?.includes('\0')) throw bad(`${key} must not contain a NUL byte`);
  }
  return out;
}

/** 64 hex characters (32 random bytes), as Dokku's generator "secret". */
export function generateSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * What to set, given the config the app has now (global values included, as Dokku's merged export): on
 * the first deploy every variable without a value, later only `sync` ones. A required variable with no
 * value, default or generator fails (Dokku prompts on a TTY; a push has none).
 */
export function planAppJsonEnv(
  app: string,
  vars: Record<string, AppJsonEnvVar>,
  current: Env,
  firstDeploy: boolean,
  secret: () => string = generateSecret,
): Env {
  const set: Env = {};
  for (const key of Object.keys(vars).sort()) {
    const v = vars[key];
    if (!firstDeploy && !v.sync) continue;
    if (current[key] && !v.sync) continue;
    if (v.generator === 'secret') set[key] = secret();
    else if (v.value) set[key] = v.value;
    else if (v.required)
      throw new PaasError(
        `required env var ${key} has no value, no default and no generator in app.json: set it first with paas config:set --no-restart ${app} ${key}=VALUE`,
      );
  }
  return set;
}

/** Apply the app.json env to the app's config (one locked write); nothing is written when it fails. */
export function applyAppJsonEnv(app: string, vars: Record<string, AppJsonEnvVar>, firstDeploy: boolean): void {
  if (Object.keys(vars).length === 0) return;
  step('Processing app.json env vars');
  let set: Env = {};
  updateEnv(app, (env) => {
    set = planAppJsonEnv(app, vars, { ...readEnv(GLOBAL), ...env }, firstDeploy);
    return { ...env, ...set };
  });
  const keys = Object.keys(set);
  if (keys.length === 0) return void info('No env vars to set from app.json');
  step(`Setting ${keys.length} env var(s) from app.json`);
  info(keys.join(', '));
}
