// The builds namespace's state: one record per build or deploy run of an app (apps/APP/builds/ID.json,
// its output ID.log beside it, both 0600) and the retention setting (props/builds/APP|--global/retention).
// The same layout and fields as Dokku's builds plugin, so a script reading Dokku's records reads ours.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { UsageError } from '../core/errors.js';
import { warn } from '../core/log.js';
import { paths } from '../state/paths.js';
import { readFileOr, removeFile, writeFileAtomic } from '../state/atomic.js';
import { GLOBAL, readProp } from '../state/props.js';

export const BUILDS_NS = 'builds';
export const DEFAULT_RETENTION = 20;

export const KINDS = ['build', 'deploy'] as const;
export type BuildKind = (typeof KINDS)[number];
/** What is stored; 'abandoned' is only ever computed (a running record whose process is gone). */
export const STATUSES = ['running', 'succeeded', 'failed', 'canceled'] as const;
export type BuildStatus = (typeof STATUSES)[number];
export type DisplayStatus = BuildStatus | 'abandoned';
export const DISPLAY_STATUSES: readonly DisplayStatus[] = [...STATUSES, 'abandoned'];

/** What started the run (Dokku's sources); sources that make a new image are builds, the rest deploys. */
export const BUILD_SOURCES = [
  'git-hook',
  'ps:rebuild',
  'git:sync',
  'git:from-archive',
  'git:from-image',
  'git:load-image',
] as const;
export const DEPLOY_SOURCES = ['ps:restart', 'ps:start', 'deploy', 'config-redeploy', 'unknown'] as const;
export type BuildSource = (typeof BUILD_SOURCES)[number] | (typeof DEPLOY_SOURCES)[number];

export function kindOf(source: BuildSource): BuildKind {
  return (BUILD_SOURCES as readonly string[]).includes(source) ? 'build' : 'deploy';
}

/** A record as stored (Dokku's field names and order). Times are ISO 8601 UTC. */
export interface BuildRecord {
  id: string;
  app: string;
  kind: BuildKind;
  pid: number;
  started_at: string;
  finished_at?: string;
  status: BuildStatus;
  source: string;
  exit_code?: number;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A build id reaches a path: letters, digits, dash and underscore only. */
export function validateBuildId(id: string | undefined): string {
  if (!id) throw new UsageError('Please specify a build id');
  if (!ID_RE.test(id))
    throw new UsageError(
      `Invalid build id ${JSON.stringify(id.slice(0, 64))}: use letters, digits, dashes and underscores`,
    );
  return id;
}

function base36(n: bigint, width: number): string {
  return n.toString(36).padStart(width, '0').slice(-width);
}

/** Dokku's sortable id: 8 base36 characters of the millisecond clock, then 6 random ones. */
export function generateBuildId(now = Date.now()): string {
  const rand = BigInt('0x' + crypto.randomBytes(6).toString('hex'));
  return base36(BigInt(now), 8) + base36(rand, 6);
}

/** Alive, or not ours to signal (EPERM): either way the run it recorded is still going. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started (ms since the epoch), from /proc; undefined when it cannot be read. */
export function processStartedAt(pid: number): number | undefined {
  try {
    // Field 22 of /proc/PID/stat is the start time in clock ticks after boot; the name (field 2) may hold
    // spaces, so count from its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return btime * 1000 + (ticks * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Is the process a running record names still the one that started it? A record left "running" by a
 * killed push keeps its pid, and the kernel may give that pid to another process since (another app's
 * push, a root daemon): one that started after the record did is not the build, and must not be signalled.
 */
export function buildProcessAlive(
  b: Pick<BuildRecord, 'pid' | 'started_at'>,
  startedAt: (pid: number) => number | undefined = processStartedAt,
): boolean {
  if (!pidAlive(b.pid)) return false;
  const started = startedAt(b.pid);
  const recorded = Date.parse(b.started_at);
  // 2 s of slack: the record is written just after the process starts, and clock ticks are coarse.
  return started === undefined || !Number.isFinite(recorded) || started <= recorded + 2000;
}

export function displayStatus(b: BuildRecord, alive: (pid: number) => boolean = pidAlive): DisplayStatus {
  return b.status === 'running' && !alive(b.pid) ? 'abandoned' : b.status;
}

/** Seconds between start and finish (or now for a run in progress), Go's Duration format: 1m14s. */
export function formatDuration(b: BuildRecord, now = Date.now()): string {
  const end = b.finished_at ? Date.parse(b.finished_at) : now;
  let s = Math.max(0, Math.round((end - Date.parse(b.started_at)) / 1000));
  if (!Number.isFinite(s)) s = 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

/** RFC 3339 to the second, as Dokku prints times. */
export function rfc3339(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A record read from disk (maybe written by hand): the fields checked, the rest dropped. */
export function parseRecord(text: string, app: string, id: string): BuildRecord {
  const j = JSON.parse(text) as Record<string, unknown>;
  const status = j.status as BuildStatus;
  const kind = j.kind as BuildKind;
  if (!STATUSES.includes(status)) throw new Error(`unknown status ${JSON.stringify(j.status)}`);
  if (!KINDS.includes(kind)) throw new Error(`unknown kind ${JSON.stringify(j.kind)}`);
  if (typeof j.started_at !== 'string' || Number.isNaN(Date.parse(j.started_at)))
    throw new Error('started_at is not a time');
  const r: BuildRecord = {
    id,
    app,
    kind,
    pid: Number.isInteger(j.pid) ? (j.pid as number) : 0,
    started_at: j.started_at,
    status,
    source: typeof j.source === 'string' ? j.source : 'unknown',
  };
  if (typeof j.finished_at === 'string') r.finished_at = j.finished_at;
  if (Number.isInteger(j.exit_code)) r.exit_code = j.exit_code as number;
  return ordered(r);
}

/** Dokku's field order, so `cat ID.json` reads the same as Dokku's. */
function ordered(r: BuildRecord): BuildRecord {
  return {
    id: r.id,
    app: r.app,
    kind: r.kind,
    pid: r.pid,
    started_at: r.started_at,
    ...(r.finished_at !== undefined && { finished_at: r.finished_at }),
    status: r.status,
    source: r.source,
    ...(r.exit_code !== undefined && { exit_code: r.exit_code }),
  };
}

export function writeBuild(b: BuildRecord): void {
  writeFileAtomic(paths.buildRecord(b.app, b.id), JSON.stringify(ordered(b), null, 2) + '\n', 0o600);
}

/** The record, or undefined when there is none. */
export function readBuild(app: string, id: string): BuildRecord | undefined {
  const text = readFileOr(paths.buildRecord(app, validateBuildId(id)), '');
  if (!text) return undefined;
  return parseRecord(text, app, id);
}

/** Every readable record of the app, newest first (an unreadable one is skipped with a warning). */
export function listBuilds(app: string): BuildRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(paths.buildRecordsDir(app));
  } catch {
    return [];
  }
  const builds: BuildRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    const id = name.slice(0, -'.json'.length);
    if (!ID_RE.test(id)) continue;
    try {
      builds.push(parseRecord(fs.readFileSync(paths.buildRecord(app, id), 'utf8'), app, id));
    } catch (e) {
      warn(`Skipping unreadable build record ${app}/${name}: ${(e as Error).message}`);
    }
  }
  return builds.sort(newestFirst);
}

export function newestFirst(a: BuildRecord, b: BuildRecord): number {
  return Date.parse(b.started_at) - Date.parse(a.started_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The id of the run in progress, as its process wrote it ('' when none). */
export function readCurrent(app: string): string | undefined {
  const v = readFileOr(paths.buildCurrent(app), '\0');
  return v === '\0' ? undefined : v.trim();
}

export function writeCurrent(app: string, id: string): void {
  writeFileAtomic(paths.buildCurrent(app), id + '\n', 0o600);
}

/** Clear the pointer, unless a later run has taken it over meanwhile. */
export function clearCurrent(app: string, id?: string): void {
  if (id !== undefined && readCurrent(app) !== id) return;
  removeFile(paths.buildCurrent(app));
}

/** Check a retention value (builds:set): a whole number of at least 1. */
export function validateRetention(value: string): string {
  if (!/^[0-9]+$/.test(value))
    throw new UsageError(`Invalid retention ${JSON.stringify(value)}: must be a positive integer`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`Invalid retention ${value}: must be >= 1`);
  return String(n);
}

function retentionOf(raw: string): number | undefined {
  if (!raw) return undefined;
  try {
    return Number(validateRetention(raw));
  } catch {
    return undefined;
  }
}

/** The app's retention, else the global one, else 20 (a hand-edited bad value falls through). */
export function computedRetention(app: string): number {
  return (
    (app !== GLOBAL ? retentionOf(readProp(BUILDS_NS, app, 'retention')) : undefined) ??
    retentionOf(readProp(BUILDS_NS, GLOBAL, 'retention')) ??
    DEFAULT_RETENTION
  );
}

/** Mark a running record failed (exit -1): its process is gone without finishing it. */
export function markFailed(b: BuildRecord, status: BuildStatus = 'failed'): BuildRecord {
  const done: BuildRecord = { ...b, finished_at: new Date().toISOString(), status, exit_code: -1 };
  writeBuild(done);
  return done;
}

/** Which finished records go: all but the newest `retention`; runs in progress always stay. Pure. */
export function prunable(builds: BuildRecord[], retention: number, alive: (pid: number) => boolean): BuildRecord[] {
  const finished = [...builds].sort(newestFirst).filter((b) => !(b.status === 'running' && alive(b.pid)));
  return finished.slice(retention);
}

/** Finish abandoned records as failed, then trim the app's records to its retention. */
export function pruneBuilds(app: string, alive: (pid: number) => boolean = pidAlive): number {
  for (const b of listBuilds(app)) if (b.status === 'running' && !alive(b.pid)) markFailed(b);
  const gone = prunable(listBuilds(app), computedRetention(app), alive);
  for (const b of gone) {
    removeFile(paths.buildRecord(app, b.id));
    removeFile(paths.buildLog(app, b.id));
  }
  return gone.length;
}
