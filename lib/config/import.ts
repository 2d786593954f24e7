// config:import reads what config:export writes (exports, envfile, shell, docker-args, json, json-list)
// and ordinary .env files, so an export piped into an import on another host gives the same values.
import { UsageError } from '../core/errors.js';
import { validateEnvKey } from '../state/validate.js';
import { Env } from './env-file.js';

const KEY_CHAR = /[A-Za-z0-9_]/;
const DQ_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
  $: '$',
  '!': '!',
  '`': '`',
};

function fail(line: number, msg: string): never {
  throw new UsageError(`Cannot import config, line ${line}: ${msg}`);
}

function checkKey(key: string, line: number): string {
  try {
    return validateEnvKey(key);
  } catch (e) {
    return fail(line, (e as Error).message);
  }
}

function fromJson(text: string): Env {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`Cannot import config: invalid JSON (${(e as Error).message})`);
  }
  const env: Env = {};
  const put = (k: unknown, v: unknown, where: string) => {
    if (typeof k !== 'string') throw new UsageError(`Cannot import config: ${where} has no string name`);
    validateEnvKey(k);
    if (typeof v === 'string') env[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') env[k] = String(v);
    else throw new UsageError(`Cannot import config: the value of ${k} is not a string`);
  };
  if (Array.isArray(data)) {
    data.forEach((item, i) => {
      if (!item || typeof item !== 'object')
        throw new UsageError(`Cannot import config: item ${i + 1} is not an object`);
      const o = item as Record<string, unknown>;
      put(o.name, o.value, `item ${i + 1}`);
    });
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) put(k, v, k);
  } else if (data !== null) {
    throw new UsageError('Cannot import config: JSON must be an object of KEY: value or a list of {name, value}');
  }
  return env;
}

/** Parse assignments: `[export |--env=]KEY=value`, values quoted '..' or ".." (concatenable) or bare. */
function fromText(text: string): Env {
  const env: Env = {};
  let i = 0;
  let line = 1;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r';
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('export', i) && isSpace(text[i + 6] ?? '')) {
      i += 7;
      while (i < n && isSpace(text[i])) i++;
    } else if (text.startsWith('--env=', i)) i += 6;
    const startLine = line;
    let key = '';
    while (i < n && KEY_CHAR.test(text[i])) key += text[i++];
    if (text[i] !== '=') {
      const rest = text.slice(i).split('\n')[0];
      fail(
        startLine,
        key ? `expected "=" after ${key}` : `expected KEY=VALUE, found ${JSON.stringify((key + rest).slice(0, 40))}`,
      );
    }
    checkKey(key, startLine);
    i++;
    let value = '';
    let segments = 0;
    for (;;) {
      const ch = text[i];
      if (i >= n || ch === '\n' || isSpace(ch)) break;
      if (ch === "'") {
        const end = text.indexOf("'", i + 1);
        if (end === -1) fail(startLine, `unterminated single quote in the value of ${key}`);
        const part = text.slice(i + 1, end);
        line += part.split('\n').length - 1;
        value += part;
        i = end + 1;
      } else if (ch === '"') {
        i++;
        for (;;) {
          if (i >= n) fail(startLine, `unterminated double quote in the value of ${key}`);
          const d = text[i];
          if (d === '"') break;
          if (d === '\\' && i + 1 < n) {
            const e = text[i + 1];
            value += DQ_ESCAPES[e] ?? `\\${e}`;
            if (e === '\n') line++;
            i += 2;
            continue;
          }
          if (d === '\n') line++;
          value += d;
          i++;
        }
        i++;
      } else if (segments === 0) {
        // A bare value, dotenv style: the rest of the line, without a trailing " # comment".
        let end = text.indexOf('\n', i);
        if (end === -1) end = n;
        value += text
          .slice(i, end)
          .replace(/\s+#.*$/, '')
          .replace(/\s+$/, '');
        i = end;
        break;
      } else if (ch === '\\' && i + 1 < n) {
        // Shell style after a quoted part, as in 'it'\''s'.
        value += text[i + 1];
        i += 2;
      } else {
        while (i < n && !/[\s'"\\]/.test(text[i])) value += text[i++];
      }
      segments++;
    }
    env[key] = value;
  }
  return env;
}

/** Dokku's config:import formats; without one, the format is recognised from the text. */
const IMPORT_FORMATS = ['envfile', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function parseImportFormat(v: string | undefined): ImportFormat | undefined {
  if (v === undefined) return undefined;
  if (!(IMPORT_FORMATS as readonly string[]).includes(v))
    throw new UsageError(`Invalid --format value ${JSON.stringify(v)} (use ${IMPORT_FORMATS.join(' or ')})`);
  return v as ImportFormat;
}

export function parseImport(text: string, format?: ImportFormat): Env {
  const t = text.trim();
  if (format === 'json') return fromJson(t);
  if (format === 'envfile') return fromText(text);
  // `null` is what Dokku's --format json-list prints for an empty environment.
  if (t.startsWith('{') || t.startsWith('[') || t === 'null') return fromJson(t);
  return fromText(text);
}
