// `paas [--app APP] [--quiet] [--trace] NAMESPACE[:COMMAND] [ARGS...]`, as Dokku parses it.
import { CommandContext, CommandSpec, parseArgs } from './command.js';
import { checkAccess, DEPLOY_KEY_COMMANDS, visibleApps } from '../acl/access.js';
import { currentCaller } from '../core/caller.js';
import { UsageError } from '../core/errors.js';
import { out, setQuiet, warn } from '../core/log.js';
import { isReadOnly, recording } from '../events/audit.js';
import { resolveAlias } from './aliases.js';
import { printAllHelp, printCommandHelp, printHelp, printNamespaceHelp, wantsHelp } from './help.js';
import { loadNamespace, namespaceOf, namespaces } from './registry.js';
import { suggest } from './suggest.js';
import { COMMAND_NAMES } from './command-names.js';
import { VERSION } from './version.js';

export interface GlobalOptions {
  app?: string;
  quiet: boolean;
  trace: boolean;
  /** Dokku's `paas --force apps:destroy APP`: the command's own --force. */
  force: boolean;
}

/** Global flags come before the command name. */
export function splitGlobal(argv: string[]): { global: GlobalOptions; rest: string[] } {
  const global: GlobalOptions = { quiet: false, trace: false, force: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quiet') global.quiet = true;
    else if (a === '--trace') global.trace = true;
    else if (a === '--force') global.force = true;
    else if (a === '--app') global.app = argv[++i];
    else if (a.startsWith('--app=')) global.app = a.slice(6);
    else break;
  }
  if (global.app === '') throw new UsageError('--app needs an app name');
  return { global, rest: argv.slice(i) };
}

/** Suggestions come from the generated name list: an unknown command loads no command module. */
function unknownCommand(name: string): never {
  const near = suggest(name, [...COMMAND_NAMES]);
  const hint = near.length ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '; run "paas help"';
  throw new UsageError(`\`${name}\` is not a paas command${hint}`);
}

/** The app a command acts on, for the access check and the audit trail: its first positional. */
function appOf(spec: CommandSpec, ctx: CommandContext): string | undefined {
  if (!(spec.app || spec.access === 'app' || spec.access === 'deploy') || ctx.flags.global === true) return undefined;
  if (ctx.args[0] !== undefined) return ctx.args[0];
  // `NS:report --info-flag APP` (Dokku takes the info flag first): the flag took the app as its value.
  if (spec.name.endsWith(':report'))
    for (const [k, v] of Object.entries(ctx.flags)) if (k !== 'format' && typeof v === 'string' && v) return v;
  return undefined;
}

/** Check the caller may run it, then run it (a user key's `NS:report` with no app covers its apps). */
async function runCommand(spec: CommandSpec, ctx: CommandContext): Promise<number> {
  const caller = currentCaller();
  const app = appOf(spec, ctx);
  const run = async () => {
    checkAccess({ command: spec.name, access: spec.access ?? 'admin', app, global: ctx.flags.global === true }, caller);
    if (caller.role === 'admin' || app !== undefined || (spec.access !== 'app' && spec.access !== 'deploy'))
      return (await spec.run(ctx)) ?? 0;
    const apps = visibleApps(caller);
    if (apps.length === 0) warn("You haven't deployed any applications yet");
    for (const a of apps) {
      const code = (await spec.run({ ...ctx, args: [a, ...ctx.args] })) ?? 0;
      if (code !== 0) return code;
    }
    return 0;
  };
  // What changes state is recorded in the audit trail whatever its outcome (refusals included).
  if (isReadOnly(spec)) return run();
  const names = spec.auditNames && (() => spec.auditNames?.(ctx));
  return recording(caller, { command: spec.name, app, global: ctx.flags.global === true, names }, run);
}

export async function dispatch(argv: string[]): Promise<number> {
  const { global, rest } = splitGlobal(argv);
  setQuiet(global.quiet);
  if (global.trace) process.env.PAAS_TRACE = '1';
  let [name, ...args] = rest;
  // Deploy keys only deploy (a push, git:from-archive) and look at or cancel their builds: not even help or version.
  const caller = currentCaller();
  if (!(caller.role === 'deploy' && DEPLOY_KEY_COMMANDS.includes(name ?? '')))
    checkAccess({ command: name ?? 'help', access: 'any', global: false }, caller);
  const alias = name ? resolveAlias(name, args) : undefined;
  if (alias) {
    warn(alias.hint);
    ({ name, args } = alias);
  }
  if (name === 'help' && args[0] === '--all') {
    await printAllHelp();
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp();
    return 0;
  }
  if (name === 'version' || name === '--version' || name === '-v') {
    out(`paas ${VERSION}`);
    return 0;
  }
  const ns = namespaceOf(name);
  if (!namespaces[ns]) return unknownCommand(name);
  if (name === `${ns}:help` || (name === ns && args[0] === '--help')) {
    await printNamespaceHelp(ns);
    return 0;
  }
  const specs = (await loadNamespace(ns)) ?? [];
  const spec = specs.find((s) => s.name === name);
  if (!spec) {
    if (name === ns) {
      await printNamespaceHelp(ns);
      return 0;
    }
    return unknownCommand(name);
  }
  if (wantsHelp(spec, args)) {
    printCommandHelp(spec);
    return 0;
  }
  if (name === ns && args.length === 0 && !global.app && spec.app) {
    await printNamespaceHelp(ns);
    return 0;
  }
  if (global.force && (spec.boolean ?? []).includes('force')) args.push('--force');
  const withApp = spec.app && global.app ? [global.app, ...args] : args;
  return runCommand(spec, parseArgs(spec, withApp));
}
