// Which runtime version an app asks for (package.json engines.node, .nvmrc, .python-version,
// runtime.txt) and so which base image the built-in builders start FROM.
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';

export const DEFAULT_NODE_MAJOR = 20;
export const DEFAULT_PYTHON = '3.11';
export const DEFAULT_STATIC_IMAGE = 'paas/busybox';

interface Span {
  min: number;
  max: number;
}

function majorOf(v: string): number | undefined {
  const m = /^v?(\d+)/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** True when the version names only a major ("18", "18.x", "18.*"), so "<18" means below 18. */
function majorOnly(v: string): boolean {
  return /^v?\d+(\.[x*])*$/i.test(v);
}

function spanOf(alt: string): Span | undefined {
  const s = alt.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1');
  if (s === '' || s === '*' || s.toLowerCase() === 'x') return { min: 0, max: Infinity };
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(s);
  if (hyphen) {
    const a = majorOf(hyphen[1]);
    const b = majorOf(hyphen[2]);
    return a === undefined || b === undefined ? undefined : { min: a, max: b };
  }
  const span: Span = { min: 0, max: Infinity };
  for (const tok of s.split(/\s+/)) {
    const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(tok)!;
    const op = m[1] ?? '';
    const major = majorOf(m[2]);
    if (major === undefined) return undefined;
    if (op === '>=') span.min = Math.max(span.min, major);
    else if (op === '>') span.min = Math.max(span.min, majorOnly(m[2]) ? major + 1 : major);
    else if (op === '<=') span.max = Math.min(span.max, major);
    else if (op === '<')
      span.max = Math.min(span.max, majorOnly(m[2]) || /^v?\d+\.0(\.0)?$/.test(m[2]) ? major - 1 : major);
    else {
      span.min = Math.max(span.min, major);
      span.max = Math.min(span.max, major);
    }
  }
  return span.min <= span.max ? span : undefined;
}

/**
 * The Node major a semver range asks for: the default when the range allows it (">=18" on a host
 * defaulting to 20 gives 20), else the highest major the range names. undefined when unreadable.
 */
export function nodeMajorFor(range: string, fallback = DEFAULT_NODE_MAJOR): number | undefined {
  const spans = range.split('||').map(spanOf);
  if (spans.some((s) => s === undefined)) return undefined;
  const ok = spans as Span[];
  if (ok.some((s) => s.min <= fallback && fallback <= s.max)) return fallback;
  return Math.max(...ok.map((s) => (Number.isFinite(s.max) ? s.max : s.min)));
}

export interface RuntimeChoice {
  /** "20", "3.13": the major (Node) or minor (Python) the image is chosen by. */
  version: string;
  /** Where the version came from, for messages: 'package.json engines.node ">=18"', 'default'. */
  source: string;
  /** What the app asked for, as written (a semver range for Node); undefined for the default. */
  wanted?: string;
  /** Why the version differs from what was asked for (Python: Debian carries only some minors). */
  note?: string;
}

/** The first line that says something: blank lines and `#` comments skipped (pyenv, uv, nvm all allow them). */
export function firstValueLine(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s#.*$/, '').trim();
    if (line && !line.startsWith('#')) return line;
  }
  return undefined;
}

function readValue(file: string): string | undefined {
  try {
    return firstValueLine(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Node version: engines.node in package.json, else .nvmrc / .node-version, else the default. */
export function chooseNodeVersion(dir: string, pkg: Record<string, unknown> | undefined): RuntimeChoice {
  const engines = pkg?.engines as Record<string, unknown> | undefined;
  const range = typeof engines?.node === 'string' ? engines.node.trim() : '';
  if (range) {
    const major = nodeMajorFor(range);
    if (major === undefined)
      throw new PaasError(`package.json engines.node ${JSON.stringify(range)} is not a version range paas can read`);
    return { version: String(major), source: `package.json engines.node ${JSON.stringify(range)}`, wanted: range };
  }
  for (const f of ['.nvmrc', '.node-version']) {
    const v = readValue(path.join(dir, f));
    if (!v) continue;
    // "lts/*" and "node" mean "a current one": the default.
    const major = /^v?\d/.test(v) ? majorOf(v) : undefined;
    if (major !== undefined)
      return { version: String(major), source: `${f} ${JSON.stringify(v)}`, wanted: v.replace(/^v/, '') };
  }
  return { version: String(DEFAULT_NODE_MAJOR), source: 'default' };
}

/** The Python minors paas can make, and the Debian release that carries each. */
export const PYTHON_RELEASES: Record<string, string> = { '3.11': 'bookworm', '3.13': 'trixie' };

/** "3.11.4", "python-3.11.4", "3.12" -> "3.11" / "3.12"; undefined when it is not a Python 3 version. */
export function pythonMinorOf(v: string): string | undefined {
  const m = /^(?:c?python-?)?(3\.\d+)(?:\.(?:\d+|[x*]))?(?:[a-z]+\d*)?$/i.exec(v.trim());
  return m ? m[1] : undefined;
}

/**
 * Which Python 3 minors a version file value allows: "3.12", "3.12.1", "python-3.12.1" (Heroku's
 * runtime.txt), "3.12.*", "3" and PEP 440 specifiers (">=3.10", ">=3.10,<3.13", "~=3.11", "==3.11.*",
 * "!=3.12"). Only the minor is compared: patch releases are Debian's. undefined when unreadable.
 */
function pythonMinorsAllowed(value: string): ((minor: number) => boolean) | undefined {
  const v = value.trim().replace(/^(?:c?python-?)/i, '');
  if (/^3$/.test(v) || /^3\.[x*]$/i.test(v)) return () => true;
  const exact = pythonMinorOf(v);
  if (exact) return (m) => m === Number(exact.split('.')[1]);
  const tests: ((m: number) => boolean)[] = [];
  for (const clause of v.split(',')) {
    const c = /^\s*(===?|!=|~=|>=|<=|>|<)\s*3(?:\.(\d+))?(?:\.(\d+|\*))?\s*$/.exec(clause);
    if (!c) return undefined;
    const [, op, minorText, patch] = c;
    if (minorText === undefined) {
      if (op === '>=' || op === '==' || op === '===' || op === '~=') continue;
      return undefined;
    }
    const n = Number(minorText);
    const hasPatch = patch !== undefined && patch !== '*';
    if (op === '==' || op === '===') tests.push((m) => m === n);
    else if (op === '!=') tests.push((m) => hasPatch || m !== n);
    else if (op === '~=') tests.push(hasPatch ? (m) => m === n : (m) => m >= n);
    else if (op === '>=') tests.push((m) => m >= n);
    else if (op === '>') tests.push((m) => (hasPatch ? m >= n : m > n));
    else if (op === '<=') tests.push((m) => m <= n);
    else tests.push((m) => (hasPatch && Number(patch) > 0 ? m <= n : m < n));
  }
  return (m) => tests.every((t) => t(m));
}

/**
 * The minor to build with for a version file value: the default when allowed, else the newest minor
 * paas can make that is allowed, else the nearest newer one (or the newest) with a note saying why.
 */
export function pickPythonMinor(
  value: string,
  source: string,
  available = Object.keys(PYTHON_RELEASES),
): RuntimeChoice | undefined {
  const allowed = pythonMinorsAllowed(value);
  if (!allowed) return undefined;
  const minors = available.map((a) => Number(a.split('.')[1])).sort((a, b) => a - b);
  const fmt = (m: number) => `3.${m}`;
  const def = Number(DEFAULT_PYTHON.split('.')[1]);
  const ok = minors.filter(allowed);
  if (ok.includes(def)) return { version: DEFAULT_PYTHON, source, wanted: value };
  if (ok.length) return { version: fmt(ok[ok.length - 1]), source, wanted: value };
  const asked = pythonMinorOf(value.replace(/^[=~<>!]+\s*/, ''));
  const askedMinor = asked ? Number(asked.split('.')[1]) : def;
  const chosen = minors.find((m) => m > askedMinor) ?? minors[minors.length - 1];
  const carried = available.map((a) => `${a} (Debian ${PYTHON_RELEASES[a] ?? '?'})`).join(' and ');
  return {
    version: fmt(chosen),
    source,
    wanted: value,
    note:
      `${source} asks for a Python paas cannot make: the Debian releases it builds from carry ${carried}; ` +
      `building with Python ${fmt(chosen)} instead (choose another image with: paas builder:set APP python-image IMAGE)`,
  };
}

/** Python version: .python-version (pyenv/uv syntax), else runtime.txt (Heroku's), else the default. */
export function choosePythonVersion(dir: string): RuntimeChoice {
  for (const f of ['.python-version', 'runtime.txt']) {
    const v = readValue(path.join(dir, f));
    if (v === undefined) continue;
    const choice = pickPythonMinor(v, `${f} ${JSON.stringify(v)}`);
    if (!choice)
      throw new PaasError(
        `${f}: ${JSON.stringify(v)} is not a Python 3 version (use e.g. 3.13, python-3.11.4 or >=3.11)`,
      );
    return choice;
  }
  return { version: DEFAULT_PYTHON, source: 'default' };
}
