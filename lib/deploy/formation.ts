// Formation: how many containers each process type runs. Stored as props ps/APP/scale, one "proc=n" a
// line (Dokku's DOKKU_SCALE format). Until an app has a stored scale, the release's DOKKU_SCALE file and
// app.json formation seed it; otherwise web=1 and every other type 0.
import { UsageError } from '../core/errors.js';
import { validateProcessType } from '../state/validate.js';
import { liveRelease } from '../release/store.js';
import { Release } from '../release/types.js';
import { storedScaleText, writeScaleText } from '../ps/store.js';

export type Scale = Record<string, number>;

/** At most this many containers per process type: a typo like web=1000 should not fork-bomb the host. */
const MAX_SCALE = 100;

/** Parse "proc=n" lines (DOKKU_SCALE, the stored prop). Blank lines and # comments are skipped. */
export function parseScale(text: string, what = 'scale'): Scale {
  const scale: Scale = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^([^=\s]+)\s*=\s*([0-9]+)$/.exec(line);
    if (!m) throw new UsageError(`Invalid ${what} line ${JSON.stringify(line)}: use PROCESS=COUNT`);
    scale[validateProcessType(m[1])] = checkCount(m[1], Number(m[2]));
  }
  return scale;
}

function checkCount(proc: string, n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SCALE)
    throw new UsageError(`Invalid count for ${proc}: use a whole number from 0 to ${MAX_SCALE}`);
  return n;
}

/**
 * A ps:scale request checked against the live release's process types. A type the release lacks may be
 * scaled to 0 (a no-op, as in Dokku: scripts scale every type they know down) but not up. Pure.
 */
export function checkScaleChanges(
  changes: Scale,
  processes: readonly string[],
): { changes: Scale; ignored: string[]; unknown: string[] } {
  const known: Scale = {};
  const ignored: string[] = [];
  const unknown: string[] = [];
  for (const [p, n] of Object.entries(changes)) {
    if (processes.includes(p)) known[p] = n;
    else if (n === 0) ignored.push(p);
    else unknown.push(p);
  }
  return { changes: known, ignored, unknown };
}

export function serializeScale(scale: Scale): string {
  return Object.keys(scale)
    .sort(procOrder)
    .map((p) => `${p}=${scale[p]}`)
    .join('\n');
}

/** web first, then alphabetical: the order Dokku lists process types in. */
export function procOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'web') return -1;
  if (b === 'web') return 1;
  return a.localeCompare(b);
}

/** app.json `formation: {web: {quantity: 2}}` as a scale; bad entries are refused, not guessed. */
export function formationFromAppJson(appJson: Record<string, unknown> | undefined): Scale {
  const f = appJson?.formation;
  if (f === undefined || f === null) return {};
  if (typeof f !== 'object' || Array.isArray(f)) throw new UsageError('app.json formation must be an object');
  const scale: Scale = {};
  for (const [proc, v] of Object.entries(f as Record<string, unknown>)) {
    validateProcessType(proc);
    const q = (v as { quantity?: unknown } | null)?.quantity;
    if (q === undefined) continue;
    scale[proc] = checkCount(proc, Number(q));
  }
  return scale;
}

/** The initial scale of a release: DOKKU_SCALE, then app.json formation (which wins, as in Dokku). */
export function seedFormation(dokkuScale: string | undefined, appJson: Record<string, unknown> | undefined): Scale {
  return { ...(dokkuScale ? parseScale(dokkuScale, 'DOKKU_SCALE') : {}), ...formationFromAppJson(appJson) };
}

/**
 * What runs for a release: every Procfile type of the release, with the stored count, else the seed,
 * else web=1 / others 0. Types absent from the Procfile are dropped.
 */
export function effectiveScale(processes: Record<string, string>, stored: Scale | undefined, seed: Scale = {}): Scale {
  const out: Scale = {};
  for (const proc of Object.keys(processes).sort(procOrder)) {
    if (stored && proc in stored) out[proc] = stored[proc];
    else if (!stored && proc in seed) out[proc] = seed[proc];
    else out[proc] = proc === 'web' ? 1 : 0;
  }
  return out;
}

function readStoredScale(app: string): Scale | undefined {
  const text = storedScaleText(app);
  return text === undefined ? undefined : parseScale(text);
}

/** The app's scale: what is stored, else what its live release would start with, else web=1. */
export function readScale(app: string): Scale {
  const stored = readStoredScale(app);
  const live = liveRelease(app);
  if (live) return effectiveScale(live.processes, stored, live.formation);
  return stored ?? { web: 1 };
}

export function writeScale(app: string, scale: Scale): void {
  for (const [proc, n] of Object.entries(scale)) {
    validateProcessType(proc);
    checkCount(proc, n);
  }
  writeScaleText(app, serializeScale(scale));
}

/** The formation a deploy of this release starts (stored by the deploy once it went live). */
export function formationForDeploy(app: string, release: Release): Scale {
  return effectiveScale(release.processes, readStoredScale(app), release.formation);
}
