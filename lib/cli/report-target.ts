// Dokku's `*:report` arguments, in any order: `[<app>|--global] [--format F] [--INFO-FLAG]`. Info flags
// take no value, so when minimist gave one a value (`resource:report --resource-web.limit.memory APP`)
// that value is the app. Used by report commands declared with `looseFlags`, so that an unknown
// info flag reaches printReport and gets Dokku's "Invalid flag passed" error.
import { CommandContext, Flags } from './command.js';
import { UsageError } from '../core/errors.js';

export interface ReportTarget {
  global: boolean;
  /** The app named, if any (not checked here). */
  app?: string;
  /** Info flags (true) and the string flags the command declared, `global` removed. */
  flags: Flags;
}

/** minimist reads "--resource-web.limit.memory" as nested objects; a report wants the dotted name back. */
function flattenFlags(flags: Record<string, unknown>, prefix = ''): Flags {
  const flat: Flags = {};
  for (const [k, v] of Object.entries(flags)) {
    if (v && typeof v === 'object' && !Array.isArray(v))
      Object.assign(flat, flattenFlags(v as Record<string, unknown>, `${prefix}${k}.`));
    else flat[`${prefix}${k}`] = v as Flags[string];
  }
  return flat;
}

export function reportTarget(ctx: CommandContext, valueFlags: string[] = ['format']): ReportTarget {
  const flags = flattenFlags(ctx.flags as Record<string, unknown>);
  const args = [...ctx.args];
  for (const [k, v] of Object.entries(flags)) {
    if (valueFlags.includes(k) || typeof v !== 'string') continue;
    flags[k] = true;
    if (v !== '') args.push(v);
  }
  const global = flags.global === true;
  delete flags.global;
  const infoFlags = Object.keys(flags).filter((k) => !valueFlags.includes(k) && flags[k] === true);
  if (flags.format !== undefined && infoFlags.length)
    throw new UsageError('--format flag cannot be specified when specifying an info flag');
  if (args.length > 1) throw new UsageError(`Unexpected argument(s): ${args.slice(1).join(' ')}`);
  if (global && args.length) throw new UsageError(`Unexpected argument(s) with --global: ${args.join(' ')}`);
  return { global, app: args[0], flags };
}
