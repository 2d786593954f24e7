// config, config:show/get/set/unset/keys/clear/export/import, each for an app or --global.
import fs from 'node:fs';
import { CommandContext, CommandSpec, flagString } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, out, step } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { restartForConfig } from '../lifecycle/apps.js';
import { GLOBAL } from '../state/paths.js';
import { validateEnvKey } from '../state/validate.js';
import { Env, readEnv, effectiveEnv, shellQuote } from './env-file.js';
import { exportEnv, parseExportFormat, prettyEnv } from './formats.js';
import { parsePairs, updateEnv } from './change.js';
import { parseImport, parseImportFormat } from './import.js';

interface Target {
  /** An app name or GLOBAL. */
  scope: string;
  /** Arguments after the app (or all of them with --global). */
  rest: string[];
}

/** `(<app>|--global) ARGS...`, as Dokku's getCommonArgs. */
function target(ctx: CommandContext, name: string, usage: string): Target {
  if (ctx.flags.global === true) return { scope: GLOBAL, rest: ctx.args };
  if (ctx.args.length === 0) throw new UsageError(`Please specify an app or --global (usage: paas ${name} ${usage})`);
  return { scope: requireApp(ctx.args[0]), rest: ctx.args.slice(1) };
}

function envOf(t: Target, merged: boolean): Env {
  return merged && t.scope !== GLOBAL ? effectiveEnv(t.scope) : readEnv(t.scope);
}

function noTrailing(t: Target): void {
  if (t.rest.length) throw new UsageError(`Unexpected argument(s): ${t.rest.join(' ')}`);
}

function label(scope: string): string {
  return scope === GLOBAL ? 'global' : scope;
}

/** Restart after a change, unless asked not to; global changes only print how to apply them. */
async function afterChange(scope: string, changed: boolean, ctx: CommandContext): Promise<void> {
  if (ctx.flags['no-restart'] === true) return;
  if (!changed) return void info('No config vars changed; nothing to restart');
  if (scope === GLOBAL) {
    info('Global config changed; running apps get it on their next deploy or restart (paas ps:restart APP)');
    return;
  }
  await restartForConfig(scope);
}

async function show(ctx: CommandContext, name: string): Promise<void> {
  const t = target(ctx, name, '(<app>|--global) [--merged]');
  noTrailing(t);
  const env = envOf(t, ctx.flags.merged === true);
  if (ctx.flags.shell === true && ctx.flags.export === true)
    throw new UsageError('Only one of --shell and --export can be given');
  if (ctx.flags.shell === true) return void process.stdout.write(exportEnv(env, 'shell'));
  if (ctx.flags.export === true) return void process.stdout.write(exportEnv(env, 'exports'));
  out(`=====> ${label(t.scope)} env vars`);
  if (Object.keys(env).length) out(prettyEnv(env));
}

const showFlags = { boolean: ['global', 'merged', 'shell', 'export'] };

/**
 * For the audit trail: the keys that config:set/unset name, never a value. A word that is not a valid
 * key (KEY=VALUE for set) is left out, so a value typed in the wrong place is never recorded.
 */
function keyNames(ctx: CommandContext, pairs: boolean): string[] {
  const words = ctx.flags.global === true ? ctx.args : ctx.args.slice(1);
  return words.flatMap((w) => {
    const eq = w.indexOf('=');
    if (pairs !== eq > 0) return [];
    const key = pairs ? w.slice(0, eq) : w;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? [key] : [];
  });
}

export const commands: CommandSpec[] = [
  {
    name: 'config',
    access: 'app',
    usage: '(<app>|--global) [--merged]',
    summary: 'Pretty-print an app or global environment',
    app: true,
    ...showFlags,
    run: (ctx) => show(ctx, 'config'),
  },
  {
    name: 'config:show',
    access: 'app',
    usage: '(<app>|--global) [--merged]',
    summary: 'Pretty-print an app or global environment',
    app: true,
    ...showFlags,
    run: (ctx) => show(ctx, 'config:show'),
  },
  {
    name: 'config:get',
    access: 'app',
    usage: '(<app>|--global) [--quoted] [--merged] KEY',
    summary: 'Display a global or app-specific config value',
    app: true,
    boolean: ['global', 'quoted', 'merged'],
    async run(ctx) {
      const t = target(ctx, 'config:get', '(<app>|--global) KEY');
      if (t.rest.length === 0) throw new UsageError('Expected: key');
      if (t.rest.length > 1) throw new UsageError(`Unexpected argument(s): ${t.rest.slice(1).join(' ')}`);
      const key = validateEnvKey(t.rest[0]);
      const env = envOf(t, ctx.flags.merged === true);
      // Like Dokku: a missing key prints nothing and exits 1.
      if (!Object.prototype.hasOwnProperty.call(env, key)) return 1;
      out(ctx.flags.quoted === true ? shellQuote(env[key]) : env[key]);
    },
  },
  {
    name: 'config:keys',
    access: 'app',
    usage: '(<app>|--global) [--merged]',
    summary: 'Show keys set in environment',
    app: true,
    boolean: ['global', 'merged'],
    async run(ctx) {
      const t = target(ctx, 'config:keys', '(<app>|--global) [--merged]');
      noTrailing(t);
      for (const k of Object.keys(envOf(t, ctx.flags.merged === true)).sort()) out(k);
    },
  },
  {
    name: 'config:export',
    access: 'app',
    usage:
      '(<app>|--global) [--merged] [--format exports|envfile|docker-args|docker-args-keys|shell|pretty|json|json-list|pack-keys]',
    summary: 'Export a global or app environment',
    app: true,
    boolean: ['global', 'merged'],
    string: ['format'],
    async run(ctx) {
      const t = target(ctx, 'config:export', '(<app>|--global) [--format FORMAT]');
      noTrailing(t);
      const format = parseExportFormat(flagString(ctx.flags, 'format'));
      process.stdout.write(exportEnv(envOf(t, ctx.flags.merged === true), format));
    },
  },
  {
    name: 'config:set',
    access: 'app',
    auditNames: (ctx) => keyNames(ctx, true),
    usage: '[--encoded] [--no-restart] (<app>|--global) KEY1=VALUE1 [KEY2=VALUE2 ...]',
    summary: 'Set one or more config vars',
    app: true,
    boolean: ['global', 'encoded', 'no-restart'],
    async run(ctx) {
      const t = target(ctx, 'config:set', '(<app>|--global) KEY=VALUE...');
      if (t.rest.length === 0) throw new UsageError('At least one env pair must be given');
      const pairs = parsePairs(t.rest, ctx.flags.encoded === true);
      step('Setting config vars');
      info(prettyEnv(pairs));
      const { changed } = updateEnv(t.scope, (env) => ({ ...env, ...pairs }));
      await afterChange(t.scope, changed, ctx);
    },
  },
  {
    name: 'config:unset',
    access: 'app',
    auditNames: (ctx) => keyNames(ctx, false),
    usage: '[--no-restart] (<app>|--global) KEY1 [KEY2 ...]',
    summary: 'Unset one or more config vars',
    app: true,
    boolean: ['global', 'no-restart'],
    async run(ctx) {
      const t = target(ctx, 'config:unset', '(<app>|--global) KEY...');
      if (t.rest.length === 0) throw new UsageError('At least one key must be given');
      const keys = t.rest.map(validateEnvKey);
      const { changed, before } = updateEnv(t.scope, (env) => {
        for (const k of keys) delete env[k];
        return env;
      });
      for (const k of keys)
        if (Object.prototype.hasOwnProperty.call(before, k)) step(`Unsetting ${k}`);
        else info(`${k} is not set`);
      await afterChange(t.scope, changed, ctx);
    },
  },
  {
    name: 'config:clear',
    access: 'app',
    usage: '[--no-restart] (<app>|--global)',
    summary: 'Clears environment variables',
    app: true,
    boolean: ['global', 'no-restart'],
    async run(ctx) {
      const t = target(ctx, 'config:clear', '(<app>|--global)');
      noTrailing(t);
      step('Clearing config vars');
      const { changed } = updateEnv(t.scope, () => ({}));
      if (!changed) info('No config vars were set');
      await afterChange(t.scope, changed, ctx);
    },
  },
  {
    name: 'config:import',
    access: 'app',
    usage: '[--replace] [--no-restart] [--format envfile|json] (<app>|--global) (FILE|-)',
    summary: 'Set config vars from a file or stdin (any config:export format, or a .env file)',
    app: true,
    boolean: ['global', 'replace', 'no-restart'],
    string: ['format'],
    async run(ctx) {
      const t = target(ctx, 'config:import', '(<app>|--global) (FILE|-)');
      if (t.rest.length !== 1) throw new UsageError('Please specify one file to import, or - for stdin');
      const src = t.rest[0];
      const format = parseImportFormat(flagString(ctx.flags, 'format'));
      let text: string;
      try {
        text = fs.readFileSync(src === '-' ? 0 : src, 'utf8');
      } catch (e) {
        throw new PaasError(
          `Cannot read ${src === '-' ? 'stdin' : src}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const pairs = parseImport(text, format);
      const replace = ctx.flags.replace === true;
      step(replace ? 'Replacing config vars' : 'Setting config vars');
      if (Object.keys(pairs).length) info(prettyEnv(pairs));
      const { changed } = updateEnv(t.scope, (env) => (replace ? { ...pairs } : { ...env, ...pairs }));
      await afterChange(t.scope, changed, ctx);
    },
  },
];
