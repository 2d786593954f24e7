// Recording a build or deploy run as it happens: the record (running, then succeeded/failed/canceled) and
// a copy of everything the run prints. No process is started for it: the process's own stdout and stderr
// writes are copied to the log file (build output reaches us through them: lib/build/docker-build.ts).
// builds:cancel sends SIGTERM to the recorded pid; the handler here finishes the record as canceled.
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../state/paths.js';
import { adoptOwner, ensureDir } from '../state/atomic.js';
import {
  BuildRecord,
  BuildSource,
  clearCurrent,
  generateBuildId,
  kindOf,
  pruneBuilds,
  readBuild,
  writeBuild,
  writeCurrent,
} from './store.js';

type Write = typeof process.stdout.write;

/** A copy of this process's output: kept in memory until a log file is given, then appended to it. */
export class Tee {
  private chunks: Buffer[] = [];
  private fd: number | undefined;
  private readonly restore: (() => void)[] = [];

  constructor(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]) {
    for (const s of streams) {
      const orig = s.write;
      const copy = (chunk: unknown, encoding?: unknown) => {
        try {
          const buf =
            typeof chunk === 'string'
              ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
              : Buffer.from(chunk as Uint8Array);
          if (this.fd === undefined) this.chunks.push(buf);
          else fs.writeSync(this.fd, buf);
        } catch {
          /* the log is a copy: losing it never breaks the run */
        }
      };
      s.write = function (this: NodeJS.WriteStream, ...args: Parameters<Write>) {
        copy(args[0], args[1]);
        return orig.apply(this, args);
      } as Write;
      this.restore.push(() => {
        s.write = orig;
      });
    }
  }

  /** Append from now on to this file (0600), starting with what was printed so far. */
  attach(file: string): void {
    ensureDir(path.dirname(file));
    const fd = fs.openSync(file, 'a', 0o600);
    adoptOwner(file);
    for (const c of this.chunks) fs.writeSync(fd, c);
    this.chunks = [];
    this.fd = fd;
  }

  /** A line for the log only (the error that ends a run is printed after the record is closed). */
  note(line: string): void {
    if (this.fd !== undefined) fs.writeSync(this.fd, line.endsWith('\n') ? line : line + '\n');
  }

  stop(): void {
    for (const r of this.restore.splice(0)) r();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.chunks = [];
  }
}

/** Apps with a run recorded by this process (a rebuild inside a tracked run is part of it). */
const tracking = new Set<string>();

export function isTracking(app: string): boolean {
  return tracking.has(app);
}

/** The record and log of a new run of the app; the caller finishes it with finishRun. */
export function startRun(app: string, source: BuildSource, tee: Tee): BuildRecord {
  const b: BuildRecord = {
    id: generateBuildId(),
    app,
    kind: kindOf(source),
    pid: process.pid,
    started_at: new Date().toISOString(),
    status: 'running',
    source,
  };
  writeBuild(b);
  tee.attach(paths.buildLog(app, b.id));
  writeCurrent(app, b.id);
  return b;
}

/** Close the record with the run's outcome (unless builds:cancel closed it first), then apply retention. */
export function finishRun(b: BuildRecord, exitCode: number, status?: 'canceled'): void {
  const now = readBuild(b.app, b.id);
  if (!now || now.status === 'running')
    writeBuild({
      ...b,
      finished_at: new Date().toISOString(),
      status: status ?? (exitCode === 0 ? 'succeeded' : 'failed'),
      exit_code: exitCode,
    });
  clearCurrent(b.app, b.id);
  pruneBuilds(b.app);
}

/**
 * Run fn as a recorded build or deploy of the app. The record is written before fn starts; fn's outcome
 * (or a SIGTERM from builds:cancel) finishes it. `tee` is one started earlier (a push starts copying
 * before it knows whether it deploys anything).
 */
export async function trackBuild<T>(
  app: string,
  source: BuildSource,
  fn: () => Promise<T>,
  tee: Tee = new Tee(),
): Promise<T> {
  if (tracking.has(app)) {
    tee.stop();
    return fn();
  }
  let b: BuildRecord;
  try {
    b = startRun(app, source, tee);
  } catch (e) {
    tee.stop();
    throw e;
  }
  tracking.add(app);
  const onTerm = () => {
    tee.note(' !     Build canceled (builds:cancel)');
    try {
      finishRun(b, -1, 'canceled');
    } finally {
      tee.stop();
      process.exit(143);
    }
  };
  process.once('SIGTERM', onTerm);
  try {
    const r = await fn();
    finishRun(b, 0);
    return r;
  } catch (e) {
    tee.note(` !     ${e instanceof Error ? e.message : String(e)}`);
    const code = (e as { exitCode?: unknown }).exitCode;
    finishRun(b, typeof code === 'number' && code !== 0 ? code : 1);
    throw e;
  } finally {
    process.removeListener('SIGTERM', onTerm);
    tracking.delete(app);
    tee.stop();
  }
}
