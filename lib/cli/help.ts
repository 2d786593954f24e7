// Help text, all of it from the command specs: the main help, a namespace's commands, one command's
// usage, flags and examples, and `help --all`. scripts/gen-docs.mjs renders the same specs to
// docs/commands/*.md and the bash completion.
import { CommandSpec } from './command.js';
import { out } from '../core/log.js';
import { loadNamespace, namespaces } from './registry.js';

function helpLines(specs: CommandSpec[]): string[] {
  const rows = specs.map((s) => [`${s.name} ${s.usage}`.trim(), s.summary]);
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return rows.map(([a, b]) => `    ${a.padEnd(w)}${b}`);
}

export async function printNamespaceHelp(ns: string): Promise<void> {
  const specs = (await loadNamespace(ns)) ?? [];
  out(`Usage: paas ${ns}[:COMMAND]`);
  out('');
  out(namespaces[ns].summary + '.');
  out('');
  out('Additional commands:');
  for (const l of helpLines(specs)) out(l);
}

export function printHelp(): void {
  out('Usage: paas [--quiet|--trace] [--app APP] COMMAND <app> [command-specific-options]');
  out('');
  out('Primary help options, type "paas COMMAND:help" for more details, or paas help --all to see all commands.');
  out('');
  out('Commands:');
  const w = Math.max(...Object.keys(namespaces).map((n) => n.length)) + 4;
  for (const [n, e] of Object.entries(namespaces)) out(`    ${n.padEnd(w)}${e.listed ?? e.summary}`);
  out(`    ${'version'.padEnd(w)}Print the paas version`);
}

/** Every command of every namespace, grouped by namespace (Dokku's `help --all`). */
export async function printAllHelp(): Promise<void> {
  out('Usage: paas [--quiet|--trace] [--app APP] COMMAND <app> [command-specific-options]');
  for (const ns of Object.keys(namespaces)) {
    const specs = (await loadNamespace(ns)) ?? [];
    if (!specs.length) continue;
    out('');
    out(`${ns}: ${namespaces[ns].summary}`);
    for (const l of helpLines(specs)) out(l);
  }
}

/** The flags a command takes, as `--name` (booleans) or `--name VALUE`. */
export function flagList(spec: CommandSpec): string[] {
  return [
    ...(spec.boolean ?? []).map((f) => `--${f}`),
    ...(spec.string ?? []).map((f) => `--${f} VALUE`),
    ...(spec.repeat ?? []).map((f) => `--${f} VALUE (repeatable)`),
  ];
}

export function printCommandHelp(spec: CommandSpec): void {
  out(`Usage: paas ${spec.name} ${spec.usage}`.trimEnd());
  out('');
  out(spec.summary + '.');
  if (spec.description) {
    out('');
    out(spec.description);
  }
  const flags = flagList(spec);
  if (flags.length) {
    out('');
    out('Flags:');
    for (const f of flags) out(`    ${f}`);
  }
  if (spec.examples?.length) {
    out('');
    out('Examples:');
    for (const e of spec.examples) out(`    ${e}`);
  }
}

/** `paas CMD --help` (or -h) as the first argument; anywhere for commands that parse all their flags. */
export function wantsHelp(spec: CommandSpec, args: string[]): boolean {
  if (args[0] === '--help' || args[0] === '-h') return true;
  if (spec.stopEarly || spec.looseFlags) return false;
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--help');
}
