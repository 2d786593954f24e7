// Output formats of config:export and config:show, byte for byte as Dokku's config plugin prints them
// (plugins/config/environment.go): keys sorted, single-quote shell escaping, godotenv for envfile.
import { UsageError } from '../core/errors.js';
import { Env, shellQuote } from './env-file.js';

export const EXPORT_FORMATS = [
  'exports',
  'envfile',
  'docker-args',
  'docker-args-keys',
  'shell',
  'pretty',
  'json',
  'json-list',
  'pack-keys',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function parseExportFormat(v: string | undefined): ExportFormat {
  const f = v ?? 'exports';
  if (!(EXPORT_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`Unknown export format: ${f} (use ${EXPORT_FORMATS.join(', ')})`);
  return f as ExportFormat;
}

function sortedKeys(env: Env): string[] {
  return Object.keys(env).sort();
}

/** `PREFIXKEY='value'` entries joined by sep: the exports, shell and docker-args formats. */
function quotedEntries(env: Env, prefix: string, sep: string): string {
  return sortedKeys(env)
    .map((k) => `${prefix}${k}=${shellQuote(env[k])}`)
    .join(sep);
}

// godotenv's double-quote escaping: backslash, newline, CR, double quote, !, $ and backtick.
function dotenvQuote(v: string): string {
  return v.replace(/[\\\n\r"!$`]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/**
 * dotenv lines as godotenv.Marshal writes them. godotenv prints anything Atoi accepts as a bare number,
 * which turns "007" into 7; only canonical integers are left bare here, so every value survives.
 */
function envfileLines(env: Env): string {
  return sortedKeys(env)
    .map((k) => (/^-?(0|[1-9][0-9]{0,17})$/.test(env[k]) ? `${k}=${env[k]}` : `${k}="${dotenvQuote(env[k])}"`))
    .join('\n');
}

/** JSON as Go's json.Marshal writes it: compact, with <, >, & and U+2028/2029 escaped. */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Dokku's pretty listing: "KEY:" padded to the longest key plus two spaces, then the value. */
export function prettyEnv(env: Env, prefix = ''): string {
  const keys = sortedKeys(env);
  const width = Math.max(0, ...keys.map((k) => k.length + 1));
  return keys.map((k) => `${prefix}${(k + ':').padEnd(width)}  ${env[k]}`).join('\n');
}

/** What `config:export --format F` prints, trailing separator included (a space for shell, else a newline). */
export function exportEnv(env: Env, format: ExportFormat): string {
  switch (format) {
    case 'exports':
      return quotedEntries(env, 'export ', '\n') + '\n';
    case 'envfile':
      return envfileLines(env) + '\n';
    case 'docker-args':
      return quotedEntries(env, '--env=', ' ') + '\n';
    case 'docker-args-keys':
      return (
        sortedKeys(env)
          .map((k) => `--env=${k}`)
          .join(' ') + '\n'
      );
    case 'pack-keys':
      // The keys as `pack build` takes them (`--env KEY`): pack reads the values from its environment.
      return (
        sortedKeys(env)
          .map((k) => `--env ${k}`)
          .join(' ') + '\n'
      );
    case 'shell':
      return quotedEntries(env, '', ' ') + ' ';
    case 'pretty':
      return prettyEnv(env) + '\n';
    case 'json':
      return goJson(Object.fromEntries(sortedKeys(env).map((k) => [k, env[k]]))) + '\n';
    case 'json-list':
      // Dokku prints `null` for an empty list (a nil Go slice); `[]` is what a JSON consumer expects.
      return goJson(sortedKeys(env).map((k) => ({ name: k, value: env[k] }))) + '\n';
  }
}
