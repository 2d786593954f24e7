// The ENV file format (`export KEY='value'` per line, single quotes escaped as '\''), shared by apps
// and the global config. Values keep every character, newlines included.
import { GLOBAL, paths } from '../state/paths.js';
import { readFileOr, writeFileAtomic } from '../state/atomic.js';

export type Env = Record<string, string>;

export function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

export function serializeEnv(env: Env): string {
  return Object.keys(env)
    .sort()
    .map((k) => `export ${k}=${shellQuote(env[k])}\n`)
    .join('');
}

/** Parse what serializeEnv wrote (single-quoted values, possibly spanning lines). */
export function parseEnv(text: string): Env {
  const env: Env = {};
  let i = 0;
  while (i < text.length) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=/.exec(text.slice(i));
    if (!m) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
      continue;
    }
    i += m[0].length;
    let value = '';
    while (i < text.length && text[i] !== '\n') {
      if (text[i] === "'") {
        const end = text.indexOf("'", i + 1);
        if (end === -1) throw new Error(`ENV file is malformed near ${m[1]}`);
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (text[i] === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    env[m[1]] = value;
    i++;
  }
  return env;
}

function envPath(scope: string): string {
  return scope === GLOBAL ? paths.globalEnv() : paths.appEnv(scope);
}

/** scope is an app name or GLOBAL. */
export function readEnv(scope: string): Env {
  return parseEnv(readFileOr(envPath(scope), ''));
}

export function writeEnv(scope: string, env: Env): void {
  writeFileAtomic(envPath(scope), serializeEnv(env), 0o600);
}

/** What a container of the app gets: global values overridden by the app's own. */
export function effectiveEnv(app: string): Env {
  return { ...readEnv(GLOBAL), ...readEnv(app) };
}
