// A command is a spec (name, usage, flags) plus one run function; parsing is shared.
import minimist from 'minimist';
import type { Access } from '../core/caller.js';
import { UsageError } from '../core/errors.js';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  /** Positional arguments after the command name (the app first when the command takes one). */
  args: string[];
  flags: Flags;
}

export type { Access };

export interface CommandSpec {
  /** Full name, e.g. "config:set". A name equal to the namespace ("config") is its bare form. */
  name: string;
  /** Argument synopsis for help, e.g. "<app> KEY=VALUE...". */
  usage: string;
  summary: string;
  /** More about the command than the one-line summary (help and docs/commands). */
  description?: string;
  /** Example command lines (help and docs/commands). */
  examples?: string[];
  /** Takes an app as its first positional argument (so the global --app fills it). */
  app?: boolean;
  boolean?: string[];
  string?: string[];
  /** Flags whose value can repeat (collected into arrays). */
  repeat?: string[];
  /** Stop flag parsing at the first positional after the app (for `run APP cmd --flags`). */
  stopEarly?: boolean;
  /** A `--` is a positional argument (git:from-archive's "read stdin"), not the end of the flags. */
  dashDashArg?: boolean;
  /** Accepts flags that are not declared (passed through in flags). */
  looseFlags?: boolean;
  /** Who may run it (see Access); absent means admins only. */
  access?: Access;
  /** Changes nothing, so it is not written to the audit trail (default: guessed from the name). */
  readOnly?: boolean;
  /** Names (never values) the audit trail records with the command, e.g. the keys of config:set. */
  auditNames?(ctx: CommandContext): string[];
  run(ctx: CommandContext): Promise<number | void>;
}

/**
 * `--flag -1` for a flag that takes a value: minimist would read -1 as a flag of its own; the command
 * should see the value (and say what is wrong with it) instead.
 */
function negativeValuesJoined(argv: string[], strings: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...out, ...argv.slice(i)];
    if (a.startsWith('--') && strings.includes(a.slice(2)) && /^-[0-9]/.test(argv[i + 1] ?? '')) {
      out.push(`${a}=${argv[i + 1]}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parse argv for one command. Unknown flags are a usage error, not silently ignored. */
export function parseArgs(spec: CommandSpec, argv: string[]): CommandContext {
  const booleans = spec.boolean ?? [];
  const strings = [...(spec.string ?? []), ...(spec.repeat ?? [])];
  const unknown: string[] = [];
  // minimist reads `--no-X` as "X is false"; a declared boolean named no-X (--no-restart) is meant instead.
  const negated: string[] = [];
  const DASH_DASH = '\0--';
  const input = spec.dashDashArg ? argv.map((a) => (a === '--' ? DASH_DASH : a)) : argv;
  const parsed = minimist(negativeValuesJoined(input, strings), {
    boolean: booleans,
    string: ['_', ...strings],
    stopEarly: spec.stopEarly,
    unknown: (arg) => {
      if (arg.startsWith('--no-') && booleans.includes(arg.slice(2))) {
        negated.push(arg.slice(2));
        return false;
      }
      if (arg.startsWith('-') && arg !== '-' && !spec.looseFlags) {
        unknown.push(arg);
        return false;
      }
      return true;
    },
  });
  if (unknown.length)
    throw new UsageError(`${spec.name}: unknown flag ${unknown[0]} (usage: ${spec.name} ${spec.usage})`);
  const flags: Flags = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (k === '_' || k === '--') continue;
    if ((spec.repeat ?? []).includes(k)) flags[k] = ([] as string[]).concat(v as string | string[]);
    else if (Array.isArray(v)) flags[k] = String(v[v.length - 1]);
    else flags[k] = v as string | boolean;
  }
  for (const n of negated) flags[n] = true;
  for (const s of spec.string ?? []) if (flags[s] === '' && !argv.some((a) => a.startsWith(`--${s}`))) delete flags[s];
  const args = (parsed._ as string[]).map(String).concat(parsed['--'] ?? []);
  return { args: spec.dashDashArg ? args.map((a) => (a === DASH_DASH ? '--' : a)) : args, flags };
}

export function flagString(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (v === undefined || v === false) return undefined;
  if (Array.isArray(v)) return v[v.length - 1];
  return v === true ? '' : v;
}

export function requireArgs(ctx: CommandContext, spec: Pick<CommandSpec, 'name' | 'usage'>, n: number): void {
  if (ctx.args.length < n) throw new UsageError(`Usage: paas ${spec.name} ${spec.usage}`);
}

/** More positional arguments than the command takes is a usage error, not silently ignored. */
export function noExtraArgs(ctx: CommandContext, n: number): void {
  if (ctx.args.length > n) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(n).join(' ')}`);
}
