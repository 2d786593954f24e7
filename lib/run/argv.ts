// Argument handling shared by `run` and `enter`: options may come before the app (parsed by the CLI)
// or right after it (parsed here); everything from the first non-option on is the command, untouched.
import { UsageError } from '../core/errors.js';
import { validateEnvKey } from '../state/validate.js';

export interface LeadingOptions {
  env: string[];
  noTty: boolean;
  detach: boolean;
  containerId?: string;
  cronId?: string;
  rest: string[];
}

/** Take `--env K=V`, `-e K=V`, `--env=K=V`, `--no-tty`, `--detach`, `--container-id ID`, `--cron-id ID`, `--` off the front. */
export function takeLeadingOptions(args: string[], allowed: Set<string>): LeadingOptions {
  const o: LeadingOptions = { env: [], noTty: false, detach: false, rest: [] };
  let i = 0;
  const value = (flag: string) => {
    const v = args[++i];
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (!flag.startsWith('-') || !allowed.has(flag)) {
      if (flag.startsWith('-') && flag.length > 1)
        throw new UsageError(`Unknown option ${flag} (put the command after the options)`);
      break;
    }
    if (flag === '--env' || flag === '-e') o.env.push(inline ?? value(flag));
    else if (flag === '--no-tty') o.noTty = true;
    else if (flag === '--detach') o.detach = true;
    else if (flag === '--container-id') o.containerId = inline ?? value(flag);
    else if (flag === '--cron-id') o.cronId = inline ?? value(flag);
  }
  o.rest = args.slice(i);
  return o;
}

/** `K=V` pairs from --env, validated; later ones win. */
export function parseEnvPairs(pairs: string[]): string[] {
  const env = new Map<string, string>();
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`Invalid --env ${JSON.stringify(p)}: use KEY=VALUE`);
    env.set(validateEnvKey(p.slice(0, i)), p.slice(i + 1));
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/**
 * The container command: a Procfile process name runs its command (with any further words as its
 * arguments); a single argument with spaces is a
 * shell line (what arrives over ssh); otherwise the words are run as they are.
 */
export function resolveCommand(words: string[], processes: Record<string, string>): string[] {
  const proc = Object.prototype.hasOwnProperty.call(processes, words[0]) ? processes[words[0]] : '';
  if (proc && words.length === 1) return ['/bin/sh', '-c', proc];
  // As Dokku: more words after a process name are appended to its command (as arguments, never parsed).
  if (proc) return ['/bin/sh', '-c', `${proc} "$@"`, words[0], ...words.slice(1)];
  if (words.length === 1 && /\s/.test(words[0].trim())) return ['/bin/sh', '-c', words[0]];
  return words;
}
