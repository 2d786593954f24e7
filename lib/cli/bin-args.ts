// How every bin/ executable reads its arguments: the flags it declares and how many positionals it takes,
// parsed exactly as the `paas` command specs are (lib/cli/command.ts: `string: ['_']`, so a commit SHA
// stays a string; an undeclared flag is a usage error that shows the bin's usage).
import { UsageError } from '../core/errors.js';
import { CommandSpec, Flags, parseArgs } from './command.js';

export interface BinSpec {
  /** The executable, e.g. "paas-build". */
  name: string;
  /** What follows the name in its usage line, e.g. "[--check] APP < ref-updates". */
  usage: string;
  boolean?: string[];
  string?: string[];
  /** How many positional arguments: exactly n, or [min, max]. */
  args: number | [number, number];
}

export interface BinArgs {
  args: string[];
  flags: Flags;
}

/** "Usage: NAME USAGE", the one-line error of a bin called the wrong way. */
export function binUsage(spec: Pick<BinSpec, 'name' | 'usage'>): string {
  return `Usage: ${spec.name} ${spec.usage}`;
}

export function parseBinArgs(spec: BinSpec, argv: string[]): BinArgs {
  const command: CommandSpec = {
    name: spec.name,
    usage: spec.usage,
    summary: '',
    boolean: spec.boolean,
    string: spec.string,
    run: async () => undefined,
  };
  const parsed = parseArgs(command, argv);
  const [min, max] = typeof spec.args === 'number' ? [spec.args, spec.args] : spec.args;
  if (parsed.args.length < min || parsed.args.length > max) throw new UsageError(binUsage(spec));
  return parsed;
}
