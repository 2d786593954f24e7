// Validators for every name that reaches a path, a container name, an nginx file or a docker flag.
import path from 'node:path';
import { UsageError } from '../core/errors.js';

const APP_RE = /^[a-z0-9][a-z0-9-]*$/;
const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PROC_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

function show(v: string): string {
  return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
}

export function validateAppName(name: string | undefined): string {
  if (name === undefined || name === '') throw new UsageError('Please specify an app name');
  if (name.length > 63)
    throw new UsageError(`App name ${show(name)} is too long (${name.length} characters, at most 63)`);
  if (!APP_RE.test(name))
    throw new UsageError(
      `App name ${show(name)} is invalid: use lowercase letters, digits and dashes, starting with a letter or digit`,
    );
  return name;
}

export function validateEnvKey(key: string): string {
  if (!ENV_KEY_RE.test(key))
    throw new UsageError(
      `Invalid env key ${show(key)}: use letters, digits and underscores, not starting with a digit`,
    );
  return key;
}

export function validateProcessType(p: string): string {
  if (!PROC_RE.test(p))
    throw new UsageError(`Invalid process type ${show(p)}: use letters, digits, dashes and underscores`);
  return p;
}

/** Generic name for keys, networks, volumes: letters, digits, dot, dash, underscore. */
export function validateName(kind: string, v: string | undefined): string {
  if (!v) throw new UsageError(`Please specify a ${kind}`);
  if (!NAME_RE.test(v))
    throw new UsageError(
      `Invalid ${kind} ${show(v)}: use letters, digits, dots, dashes and underscores (at most 63), starting with a letter or digit`,
    );
  return v;
}

export function isValidDomain(d: string): boolean {
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split('.');
  return labels.every((l, i) => (i === 0 && l === '*') || LABEL_RE.test(l));
}

export function validateDomain(d: string | undefined): string {
  if (!d) throw new UsageError('Please specify a domain');
  const lower = d.toLowerCase();
  if (!isValidDomain(lower))
    throw new UsageError(
      `Invalid domain ${show(d)}: use dot-separated labels of letters, digits and dashes (a leading "*." is allowed)`,
    );
  return lower;
}

export function validatePort(p: string | number, what = 'port'): number {
  const s = String(p);
  const n = Number(s);
  if (!/^[0-9]{1,5}$/.test(s) || n < 1 || n > 65535)
    throw new UsageError(`Invalid ${what} ${show(s)}: use a number from 1 to 65535`);
  return n;
}

/** An absolute path with no `..`, no NUL and nothing a shell or docker flag could misread. */
export function validateAbsolutePath(p: string | undefined, what = 'path'): string {
  if (!p) throw new UsageError(`Please specify a ${what}`);
  if (!p.startsWith('/')) throw new UsageError(`Invalid ${what} ${show(p)}: it must be absolute`);
  if (/[\0\n\r,:]/.test(p)) throw new UsageError(`Invalid ${what} ${show(p)}: it contains a forbidden character`);
  if (p.split('/').includes('..')) throw new UsageError(`Invalid ${what} ${show(p)}: ".." is not allowed`);
  return path.posix.normalize(p);
}

export function parseBool(v: string, what: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`Invalid value for ${what}: ${show(v)} (use true or false)`);
}

export function validatePositiveInt(v: string, what: string, min = 0): number {
  if (!/^[0-9]+$/.test(v) || Number(v) < min)
    throw new UsageError(`Invalid value for ${what}: ${show(v)} (use a whole number${min ? ` >= ${min}` : ''})`);
  return Number(v);
}
