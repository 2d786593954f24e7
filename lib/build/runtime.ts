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
  /** "20", "3.12" */
  version: string;
  /** Where the version came from, for messages: 'package.json engines.node ">=18"', 'default'. */
  source: string;
}

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/)[0].trim();
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
    return { version: String(major), source: `package.json engines.node ${JSON.stringify(range)}` };
  }
  for (const f of ['.nvmrc', '.node-version']) {
    const v = readTrimmed(path.join(dir, f));
    if (!v) continue;
    // "lts/*" and "node" mean "a current one": the default.
    const major = /^v?\d/.test(v) ? majorOf(v) : undefined;
    if (major !== undefined) return { version: String(major), source: `${f} ${JSON.stringify(v)}` };
  }
  return { version: String(DEFAULT_NODE_MAJOR), source: 'default' };
}

/** "3.11.4", "python-3.11.4", "3.12" -> "3.11" / "3.12"; undefined when it is not a Python 3 version. */
export function pythonMinorOf(v: string): string | undefined {
  const m = /^(?:python-?)?(3\.\d+)(?:\.\d+)?(?:[a-z]+\d*)?$/i.exec(v.trim());
  return m ? m[1] : undefined;
}

/** Python version: .python-version, else runtime.txt, else the default. */
export function choosePythonVersion(dir: string): RuntimeChoice {
  for (const f of ['.python-version', 'runtime.txt']) {
    const v = readTrimmed(path.join(dir, f));
    if (v === undefined || v === '') continue;
    const minor = pythonMinorOf(v);
    if (!minor)
      throw new PaasError(`${f}: ${JSON.stringify(v)} is not a Python 3 version (use e.g. 3.11 or python-3.11.4)`);
    return { version: minor, source: `${f} ${JSON.stringify(v)}` };
  }
  return { version: DEFAULT_PYTHON, source: 'default' };
}
