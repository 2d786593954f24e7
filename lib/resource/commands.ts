// resource:limit/reserve/limit-clear/reserve-clear/report with Dokku's flags and units.
import { CommandContext, CommandSpec, flagString } from '../cli/command.js';
import { reportTarget } from '../cli/report-target.js';
import { UsageError } from '../core/errors.js';
import { heading, info, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { isDeployed } from '../apps/runtime.js';
import { GLOBAL } from '../state/props.js';
import { validateProcessType } from '../state/validate.js';
import { parseBytes } from '../docker-options/units.js';
import {
  clearResources,
  DEFAULT_PROCESS,
  listResources,
  propertyKey,
  RequestType,
  resolveResource,
  RESOURCE_KEYS,
  ResourceKey,
  setResources,
} from './limits.js';
import { readProp } from '../state/props.js';

const UNSUPPORTED = ['network', 'network-ingress', 'network-egress', 'nvidia-gpu'];
const NOUN: Record<RequestType, string> = { limit: 'limits', reserve: 'reservation' };

function scopeOf(ctx: CommandContext, usage: string): string {
  if (ctx.flags.global === true) {
    if (ctx.args.length) throw new UsageError(`Unexpected argument(s) with --global: ${ctx.args.join(' ')}`);
    return GLOBAL;
  }
  if (ctx.args.length === 0) throw new UsageError(`Please specify an app or --global (usage: paas ${usage})`);
  if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
  return requireApp(ctx.args[0]);
}

function processTypeOf(ctx: CommandContext): string {
  const p = flagString(ctx.flags, 'process-type');
  if (p === undefined || p === '' || p === DEFAULT_PROCESS) return DEFAULT_PROCESS;
  return validateProcessType(p);
}

function label(scope: string): string {
  return scope === GLOBAL ? 'global' : scope;
}

function restartHint(scope: string): void {
  if (scope !== GLOBAL && isDeployed(scope))
    info(`Restart required: run "paas ps:restart ${scope}" to apply the change`);
}

/** Docker refuses a swap limit below the memory limit; catch it now rather than at the next deploy. */
function checkSwap(scope: string, proc: string, values: Partial<Record<ResourceKey, string>>): void {
  const pick = (k: ResourceKey) => {
    const v = values[k];
    if (v === 'clear') return '';
    if (v) return v;
    return scope === GLOBAL
      ? readProp('resource', GLOBAL, propertyKey(proc, 'limit', k))
      : resolveResource(scope, proc, 'limit', k);
  };
  const memory = pick('memory');
  const swap = pick('memory-swap');
  if (!swap || swap === '-1') return;
  if (!memory) throw new UsageError('A memory-swap limit needs a memory limit too (--memory)');
  if (parseBytes(swap, '--memory-swap', 'm') < parseBytes(memory, '--memory', 'm'))
    throw new UsageError(`memory-swap (${swap}) must be at least the memory limit (${memory}); it is memory plus swap`);
}

function showRequestType(scope: string, proc: string, type: RequestType): void {
  const suffix = proc === DEFAULT_PROCESS ? ' [defaults]' : ` (${proc})`;
  heading(`resource ${NOUN[type]} ${label(scope)} information${suffix}`);
  for (const key of RESOURCE_KEYS) {
    if (type === 'reserve' && (key === 'memory-swap' || key === 'pids')) continue;
    out(`       ${key}: ${readProp('resource', scope, propertyKey(proc, type, key))}`.trimEnd());
  }
}

async function setRequestType(ctx: CommandContext, type: RequestType, usage: string): Promise<void> {
  const scope = scopeOf(ctx, usage);
  const proc = processTypeOf(ctx);
  for (const u of UNSUPPORTED)
    if (ctx.flags[u] !== undefined)
      throw new UsageError(
        `--${u} is not supported: paas runs on docker, which has no such ${type === 'limit' ? 'limit' : 'reservation'}`,
      );
  const values: Partial<Record<ResourceKey, string>> = {};
  for (const key of RESOURCE_KEYS) {
    const v = flagString(ctx.flags, key);
    if (v === undefined) continue;
    if (v === '') throw new UsageError(`--${key} needs a value (or "clear")`);
    values[key] = v;
  }
  if (Object.keys(values).length === 0) return showRequestType(scope, proc, type);
  if (type === 'limit') checkSwap(scope, proc, values);
  setResources(scope, proc, type, values);
  step(`Setting resource ${NOUN[type]} for ${label(scope)}${proc === DEFAULT_PROCESS ? '' : ` (${proc})`}`);
  for (const [k, v] of Object.entries(values)) info(`${k}: ${v === 'clear' ? 'cleared' : v}`);
  restartHint(scope);
}

function clearRequestType(ctx: CommandContext, type: RequestType, usage: string): void {
  const scope = scopeOf(ctx, usage);
  const p = flagString(ctx.flags, 'process-type');
  const proc = p ? processTypeOf(ctx) : undefined;
  clearResources(scope, type, proc);
  step(`Clearing ${label(scope)} ${NOUN[type]}${proc && proc !== DEFAULT_PROCESS ? ` (${proc})` : ''}`);
  restartHint(scope);
}

function report(scope: string, ctx: CommandContext): void {
  printReport(
    `${label(scope)} resource information`,
    listResources(scope).map((r) => ({ key: `resource-${r.key}`, label: r.key, value: r.value })),
    ctx.flags,
  );
}

const valueFlags = [...RESOURCE_KEYS, ...UNSUPPORTED, 'process-type'];

export const commands: CommandSpec[] = [
  {
    name: 'resource:limit',
    access: 'app',
    usage: '[--process-type TYPE] [--cpu N] [--memory SIZE] [--memory-swap SIZE] [--pids N] (<app>|--global)',
    summary: 'Limit resources for an app/process-type combination',
    app: true,
    boolean: ['global'],
    string: valueFlags,
    run(ctx) {
      return setRequestType(ctx, 'limit', `resource:limit ${this.usage}`);
    },
  },
  {
    name: 'resource:reserve',
    access: 'app',
    usage: '[--process-type TYPE] [--cpu N] [--memory SIZE] (<app>|--global)',
    summary: 'Reserve resources for an app/process-type combination',
    app: true,
    boolean: ['global'],
    string: valueFlags,
    run(ctx) {
      return setRequestType(ctx, 'reserve', `resource:reserve ${this.usage}`);
    },
  },
  {
    name: 'resource:limit-clear',
    access: 'app',
    usage: '[--process-type TYPE] (<app>|--global)',
    summary: 'Clear resource limits (of one process type, or all)',
    app: true,
    boolean: ['global'],
    string: ['process-type'],
    async run(ctx) {
      clearRequestType(ctx, 'limit', `resource:limit-clear ${this.usage}`);
    },
  },
  {
    name: 'resource:reserve-clear',
    access: 'app',
    usage: '[--process-type TYPE] (<app>|--global)',
    summary: 'Clear resource reservations (of one process type, or all)',
    app: true,
    boolean: ['global'],
    string: ['process-type'],
    async run(ctx) {
      clearRequestType(ctx, 'reserve', `resource:reserve-clear ${this.usage}`);
    },
  },
  {
    name: 'resource:report',
    access: 'app',
    usage: '[<app>|--global] [--resource-PROC.TYPE.KEY] [--format json]',
    summary: 'Display a resource report for one or more apps',
    app: true,
    looseFlags: true,
    string: ['format'],
    async run(ctx) {
      const t = reportTarget(ctx);
      const rctx = { ...ctx, flags: t.flags };
      if (t.global) return void report(GLOBAL, rctx);
      if (t.app) return void report(requireApp(t.app), rctx);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) report(app, rctx);
    },
  },
];
