// Running the checks of new containers before traffic moves to them (paas-deploy calls checkProcesses)
// and against the live containers (checks:run). All targets are checked at the same time.
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { writeFileAtomic } from '../state/atomic.js';
import type { AppContainer } from '../docker/containers.js';
import { failedLogPath, formatLogLine, readContainerLogs } from '../logs/read.js';
import { describeDown, inspectState, probeCommand, probeHttp, probeListening, ProbeResult } from './probe.js';
import { checkSettings, processCheckMode } from './settings.js';
import { isProxyEnabled } from '../proxy/store.js';
import { readPortMappings } from '../ports/store.js';
import { checksForProcess, CheckSpec, describeCheck, ProcessChecks } from './spec.js';

export interface CheckTarget {
  process: string;
  containerId: string;
  /** Container name (APP.PROC.N, or its temporary name during a deploy). */
  name: string;
  /** PROC.N, as logs and messages show it. */
  dyno: string;
  /** Address reachable from the host; looked up when ''. */
  ip: string;
  /** Container port of the process (PORT for web), 0 when it has none. */
  port: number;
}

/** What the checks need of a running container of the app. */
export function checkTargetOf(c: AppContainer, ip = c.ip): CheckTarget {
  return { process: c.process, containerId: c.id, name: c.name, dyno: c.dyno, ip, port: c.port };
}

/** What checks read from a release (a Release satisfies it). */
export interface CheckedRelease {
  appJson?: Record<string, unknown>;
  checksFile?: string;
}

export interface CheckOptions {
  /** Check every target whatever its mode (checks:run). */
  ignoreModes?: boolean;
  /** Skip the uptime window: the deploy watches it after routing (checks:set APP watch). */
  deferUptime?: boolean;
}

/** The next step after a failed check: declare the right checks, or turn them off. */
function checksHint(app: string): string {
  return (
    'Declare checks that fit the app in app.json "healthchecks" (or a CHECKS file), ' +
    `or disable them with: paas checks:disable ${app} [PROCESS]`
  );
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

class CheckFailure extends Error {}

async function runOne(c: CheckSpec, t: CheckTarget, ip: string): Promise<ProbeResult> {
  const port = c.port ?? t.port;
  if ((c.kind === 'http' || c.kind === 'listening') && !port)
    return { ok: false, reason: 'no port to probe (set "port" in the check)' };
  if (c.kind === 'http') return probeHttp(c, ip, port);
  if (c.kind === 'listening') return probeListening(c, ip, port);
  if (c.kind === 'command') return probeCommand(c, t.containerId);
  return { ok: true }; // uptime: judged by the uptime window below
}

async function checkTarget(app: string, t: CheckTarget, pc: ProcessChecks, deferUptime = false): Promise<void> {
  const dyno = t.dyno;
  const first = await inspectState(t.containerId);
  if (!first.running) throw new CheckFailure(`${dyno} ${describeDown(first)} right after it started`);
  const ip = t.ip || first.ip;
  const uptime = Math.max(pc.uptime, ...pc.checks.map((c) => c.uptime ?? 0));
  for (const c of pc.checks.filter((x) => x.kind !== 'uptime')) {
    if ((c.kind === 'http' || c.kind === 'listening') && !ip)
      throw new CheckFailure(`${dyno} has no IP address reachable from the host, so ${c.name} cannot run`);
    const where = describeCheck(c, ip, t.port);
    step(`Running checks for ${dyno} (${where})${c.source === 'default' ? '' : ` [${c.name}]`}`);
    if (c.initialDelay) await sleep(c.initialDelay);
    let last: ProbeResult = { ok: false, reason: 'not run' };
    // A process that is still starting is polled fast (50 ms, doubling up to the check's wait) for as
    // long as the attempts would have taken; a counted attempt is one a whole `wait` apart.
    const deadline = Date.now() + Math.max(0, c.attempts - 1) * c.wait * 1000;
    let attempt = 0;
    let nextCounted = Date.now();
    for (let pause = 0.05; ; pause = Math.min(pause * 2, c.wait)) {
      const state = await inspectState(t.containerId);
      if (!state.running) throw new CheckFailure(`${dyno} ${describeDown(state)} while being checked`);
      last = await runOne(c, t, ip);
      if (last.ok) break;
      if (Date.now() >= nextCounted) {
        attempt++;
        nextCounted = Date.now() + c.wait * 1000;
        info(`Attempt ${attempt}/${c.attempts} for ${dyno} failed: ${last.reason}`);
      }
      if (attempt >= c.attempts || Date.now() >= deadline) break;
      await sleep(Math.min(pause, Math.max(0.01, (deadline - Date.now()) / 1000)));
    }
    if (!last.ok) {
      const msg = `Check ${JSON.stringify(c.name)} failed for ${dyno} (${where}): ${last.reason}${last.excerpt ? `; got: ${last.excerpt}` : ''}`;
      if (c.warnOnly) warn(`${msg} (warn only, continuing)`);
      else throw new CheckFailure(msg);
    }
  }
  // With a watch after routing (lib/deploy/watch.ts), the uptime window is watched there instead.
  if (deferUptime) return;
  // Every process must stay up for the uptime window, counted from its start: a crash loop fails here.
  if (pc.checks.every((c) => c.kind === 'uptime')) step(`Running checks for ${dyno} (uptime ${uptime}s)`);
  const remaining = first.startedAt + uptime * 1000 - Date.now();
  if (remaining > 0) await sleep(remaining / 1000);
  const last = await inspectState(t.containerId);
  if (!last.running) throw new CheckFailure(`${dyno} ${describeDown(last)} within ${uptime}s of starting`);
  if (last.restartCount !== first.restartCount || last.startedAt !== first.startedAt)
    throw new CheckFailure(`${dyno} restarted within ${uptime}s of starting (last exit code ${last.exitCode})`);
}

/** Keep the failing containers' output for `logs:failed` and show its end to the person deploying. */
async function saveFailedLogs(app: string, targets: CheckTarget[]): Promise<void> {
  const lines: string[] = [];
  for (const t of targets) {
    try {
      const dyno = t.dyno;
      for (const l of await readContainerLogs(t.containerId, { tail: 200 })) lines.push(formatLogLine(l, dyno, false));
    } catch {
      /* the container may already be gone */
    }
  }
  writeFileAtomic(failedLogPath(app), lines.join('\n') + (lines.length ? '\n' : ''), 0o600);
  if (lines.length) {
    info('Last output of the failed containers (paas logs:failed shows more):');
    for (const l of lines.slice(-20)) info(l);
  }
}

/**
 * Check new (or live) containers of a release. Resolves when every checked container passed; throws
 * PaasError with the first failure's reason otherwise. Disabled and skipped process types are not checked.
 */
export async function checkProcesses(
  app: string,
  release: CheckedRelease,
  targets: CheckTarget[],
  opts: CheckOptions = {},
): Promise<void> {
  const settings = checkSettings(app);
  // Only a process nginx routes to has to speak HTTP by default (ports always hold an http mapping).
  const routed = isProxyEnabled(app) && readPortMappings(app).some((m) => m.scheme === 'http' || m.scheme === 'https');
  const plans: { t: CheckTarget; pc: ProcessChecks }[] = [];
  const announced = new Set<string>();
  for (const t of targets) {
    const mode = opts.ignoreModes ? 'enabled' : processCheckMode(app, t.process);
    if (mode !== 'enabled') {
      if (!announced.has(t.process)) step(`Zero downtime checks for ${t.process} are ${mode}; not checking it`);
      announced.add(t.process);
      continue;
    }
    plans.push({ t, pc: checksForProcess(release, t.process, settings, routed) });
  }
  if (plans.length === 0) return;
  const results = await Promise.allSettled(plans.map(({ t, pc }) => checkTarget(app, t, pc, opts.deferUptime)));
  const failed = results
    .map((r, i) => ({ r, t: plans[i].t }))
    .filter((x): x is { r: PromiseRejectedResult; t: CheckTarget } => x.r.status === 'rejected');
  if (failed.length === 0) {
    step(`Checks passed for ${plans.length} container${plans.length === 1 ? '' : 's'}`);
    return;
  }
  await saveFailedLogs(
    app,
    failed.map((f) => f.t),
  );
  const reasons = failed.map((f) => (f.r.reason instanceof Error ? f.r.reason.message : String(f.r.reason)));
  const more =
    reasons.length > 1 ? ` (and ${reasons.length - 1} more failing container${reasons.length > 2 ? 's' : ''})` : '';
  for (const r of reasons.slice(1)) warn(r);
  throw new PaasError(`${reasons[0]}${more}. ${checksHint(app)}`);
}
