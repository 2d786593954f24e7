// Watching a release after routing. A deploy routes as soon as the checks that prove readiness pass;
// the uptime window that used to block the push is watched here instead, by a detached `paas-watch
// --follow APP`: the new containers must keep running (no exit, no restart) and web must keep
// answering its check. If it fails while the previous deploy's containers still exist, nginx goes back
// to them, the old release and its config are live again, and the failed release records why
// (releases:list shows "rolled back"). `checks:set APP watch SECONDS` (0: no watch) and
// `checks:set APP auto-rollback false` (report only) change this.
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { readFileOr, removeFile, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';
import { isStopped, liveDeployId } from '../ps/store.js';
import { markLive, readRelease, writeRelease } from '../release/store.js';
import { listAppContainers } from '../docker/containers.js';
import { docker } from '../docker/client.js';
import { writeEnv } from '../config/env-file.js';
import { withAppLock } from '../apps/store.js';
import { applyAppVhost } from '../nginx/apply.js';
import { emitAppEventWarn } from '../lifecycle/app-events.js';
import { describeDown, inspectState, probeHttp } from '../checks/probe.js';
import { checkSettings, processCheckMode } from '../checks/settings.js';
import { checksForProcess, CheckSpec } from '../checks/spec.js';
import { spawnDetached } from '../state/detach.js';
import { retireDeploy } from './retire.js';
import { settleContainerNames } from './settle-names.js';

export interface WatchRecord {
  app: string;
  /** The deploy (and release) being watched. */
  deploy: string;
  release: number;
  /** What was live before: where a rollback goes. */
  previousDeploy?: string;
  previousRelease?: number;
  /** Epoch ms: the watch ends here. */
  until: number;
}

export type WatchOutcome = 'watching' | 'passed' | 'rolled-back' | 'failed' | 'superseded' | 'not-watched';

/** Probes in a row that must fail before a routed process counts as not answering. */
const FAILED_PROBES_IN_A_ROW = 3;
const POLL_MS = 500;

export function readWatchRecord(app: string): WatchRecord | undefined {
  const text = readFileOr(paths.watchRecord(app), '');
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as WatchRecord;
    return typeof r.deploy === 'string' && typeof r.until === 'number' ? r : undefined;
  } catch {
    return undefined;
  }
}

export function clearWatchRecord(app: string): void {
  removeFile(paths.watchRecord(app));
}

/**
 * Whether the deploy of a release defers its uptime window to the watch: only when there is a previous
 * deploy to go back to and a watch to do it (a first deploy keeps the blocking window).
 */
export function watchesAfterRouting(app: string, previousDeploy: string | undefined): boolean {
  const s = checkSettings(app);
  return !!previousDeploy && s.watch > 0 && s.autoRollback && s.waitToRetire > 0;
}

/** Called by the deploy once release n is live under deployId (callers hold the app lock). */
export function recordWatch(app: string, rec: Omit<WatchRecord, 'app' | 'until'>): void {
  const s = checkSettings(app);
  if (s.watch <= 0) return clearWatchRecord(app);
  // The old containers must still exist for the whole watch: never watch past wait-to-retire.
  const seconds = Math.min(s.watch, Math.max(1, s.waitToRetire));
  const record: WatchRecord = { app, ...rec, until: Date.now() + seconds * 1000 };
  writeFileAtomic(paths.watchRecord(app), JSON.stringify(record) + '\n');
}

/**
 * Say what is watched and start the detached watcher (the deploy calls this right after the release
 * went live; routing follows in the same push, and a rollback waits for the push's app lock).
 */
export function startWatch(app: string): WatchOutcome {
  const rec = readWatchRecord(app);
  if (!rec || rec.deploy !== liveDeployId(app)) return 'not-watched';
  const s = checkSettings(app);
  const seconds = Math.max(0, Math.round((rec.until - Date.now()) / 1000));
  const fallback =
    s.autoRollback && rec.previousRelease
      ? `a failure hands ${app} back to release ${rec.previousRelease}`
      : 'a failure is reported (auto-rollback is off or there is no earlier release)';
  step(`Watching release ${rec.release} for ${seconds}s after routing; ${fallback}`);
  if (!spawnDetached('paas-watch', ['--follow', app], 'watch')) warn('The release is not watched');
  return 'watching';
}

interface Watched {
  id: string;
  dyno: string;
  restartCount: number;
  startedAt: number;
  ip: string;
  port: number;
  check?: CheckSpec;
  failedProbes: number;
}

async function watchedContainers(app: string, rec: WatchRecord): Promise<Watched[]> {
  const release = readRelease(app, rec.release);
  const settings = checkSettings(app);
  const out: Watched[] = [];
  for (const c of await listAppContainers(app, { kind: 'deploy', deploy: rec.deploy })) {
    const state = await inspectState(c.id);
    let check: CheckSpec | undefined;
    if (release && processCheckMode(app, c.process) === 'enabled') {
      const pc = checksForProcess(release, c.process, settings);
      check = pc.checks.find((k) => k.kind === 'http');
    }
    out.push({
      id: c.id,
      dyno: c.dyno || c.name,
      restartCount: state.restartCount,
      startedAt: state.startedAt,
      ip: state.ip || c.ip,
      port: check?.port ?? c.port,
      check,
      failedProbes: 0,
    });
  }
  return out;
}

/** One look at every watched container: the reason it failed, or undefined. */
async function lookOnce(w: Watched[]): Promise<string | undefined> {
  for (const c of w) {
    const s = await inspectState(c.id).catch(() => undefined);
    if (!s) return `${c.dyno} was removed`;
    if (!s.running) return `${c.dyno} ${describeDown(s)} after routing`;
    if (s.restartCount !== c.restartCount || s.startedAt !== c.startedAt)
      return `${c.dyno} restarted after routing (exit code ${s.exitCode})`;
    if (!c.check || !c.port) continue;
    const r = await probeHttp({ ...c.check, timeout: Math.min(c.check.timeout, 2) }, s.ip || c.ip, c.port);
    // What the router would pass on: a 5xx is a failure even where the readiness check took any answer.
    const ok = r.ok && (r.status ?? 0) < 500;
    c.failedProbes = ok ? 0 : c.failedProbes + 1;
    const why = r.ok ? `HTTP status ${r.status}` : r.reason;
    if (c.failedProbes >= FAILED_PROBES_IN_A_ROW)
      return `${c.dyno} stopped answering its check ${c.check.name} after routing: ${why}`;
  }
  return undefined;
}

/** The detached watcher's body: watch until the record's end, then clear it or roll back. */
export async function followWatch(app: string): Promise<WatchOutcome> {
  const rec = readWatchRecord(app);
  if (!rec || rec.deploy !== liveDeployId(app)) return 'not-watched';
  // ps:stop within the window: stopped containers are not a failed release; the watch just ends
  const stopped = async (): Promise<WatchOutcome> => {
    await endWatch(app, rec);
    return 'superseded';
  };
  if (isStopped(app)) return stopped();
  info(`${new Date().toISOString()} watching ${app} release ${rec.release} (deploy ${rec.deploy})`);
  const watched = await watchedContainers(app, rec);
  let reason: string | undefined;
  while (Date.now() < rec.until) {
    if (liveDeployId(app) !== rec.deploy) return 'superseded';
    if (isStopped(app)) return stopped();
    reason = await lookOnce(watched);
    if (reason) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (!reason) {
    await endWatch(app, rec);
    info(`${app} release ${rec.release} passed its watch`);
    return 'passed';
  }
  warn(`${app} release ${rec.release}: ${reason}`);
  return withAppLock(app, () => rollBackWatched(app, rec, reason));
}

/** Forget the watch record if it is still this deploy's, under the app lock. */
function endWatch(app: string, rec: WatchRecord): Promise<void> {
  return withAppLock(app, async () => {
    if (readWatchRecord(app)?.deploy === rec.deploy) clearWatchRecord(app);
  });
}

/** Go back to the previous deploy (callers hold the app lock). */
async function rollBackWatched(app: string, rec: WatchRecord, reason: string): Promise<WatchOutcome> {
  if (liveDeployId(app) !== rec.deploy) return 'superseded';
  clearWatchRecord(app);
  // ps:stop marks the app stopped before it stops the containers: stopped containers are not a failed
  // release, and a rollback would start the previous deploy's containers again behind the user's back
  if (isStopped(app)) return 'superseded';
  const failed = readRelease(app, rec.release);
  if (!failed) throw new PaasError(`Release ${rec.release} of ${app} has no record`);
  const previous = rec.previousRelease ? readRelease(app, rec.previousRelease) : undefined;
  const old = rec.previousDeploy
    ? await listAppContainers(app, { kind: 'deploy', deploy: rec.previousDeploy, all: true })
    : [];
  if (!checkSettings(app).autoRollback || !previous || !rec.previousDeploy || old.length === 0) {
    failed.failure = `failed after routing: ${reason}`;
    writeRelease(failed);
    warn(`Release ${rec.release} of ${app} stays live: nothing to roll back to (${failed.failure})`);
    return 'failed';
  }
  // Stopped old containers (host ports) can only start once the new ones are gone.
  if (old.some((c) => !c.running)) await retireDeploy(app, rec.deploy);
  for (const c of old.filter((x) => !x.running)) await docker().getContainer(c.id).start();
  markLive(app, previous.number, rec.previousDeploy);
  writeEnv(app, previous.appConfig ?? previous.config);
  // Recorded before routing: whoever sees the old page served again also sees why in releases:list.
  const again = readRelease(app, rec.release) ?? failed;
  again.rolledBack = { at: new Date().toISOString(), reason, to: previous.number };
  again.failure = reason;
  writeRelease(again);
  await applyAppVhost(app);
  await retireDeploy(app, rec.deploy);
  // The old containers serve again under their APP.PROC.N names.
  await settleContainerNames(app).catch((e) => warn(`Could not rename containers: ${(e as Error).message}`));
  await emitAppEventWarn('releaseLive', app, previous.number);
  warn(`Rolled ${app} back to release ${previous.number}: release ${rec.release} ${reason}`);
  return 'rolled-back';
}
