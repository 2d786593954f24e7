// Retiring old deploys: after a deploy went live, the containers of older deploys keep running for
// wait-to-retire seconds (requests in flight finish), then stop with their stop signal and timeout and
// are removed. Each scheduled deploy is a record under retire/ so the work survives the deploying
// process: a detached sleeper does it on time, and cron's `ps:retire` finishes whatever is left.
import fs from 'node:fs';
import path from 'node:path';
import { docker, isNotFound } from '../docker/client.js';
import { AppContainer, listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { info, step, warn } from '../core/log.js';
import { readFileOr, removeFile, writeFileAtomic } from '../state/atomic.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { validateAppName } from '../state/validate.js';
import { liveDeployId } from '../ps/store.js';
import { checkSettings } from '../checks/settings.js';
import { appStopTimeout } from './container-spec.js';
import { spawnDetached } from '../state/detach.js';

export interface RetireRecord {
  app: string;
  deploy: string;
  /** Epoch milliseconds after which the deploy's containers are stopped and removed. */
  due: number;
}

function recordFile(app: string, deploy: string): string {
  return path.join(paths.retireDir(), `${app}.${deploy}.json`);
}

export function readRetireRecords(app?: string): RetireRecord[] {
  let files: string[];
  try {
    files = fs.readdirSync(paths.retireDir());
  } catch {
    return [];
  }
  const out: RetireRecord[] = [];
  for (const f of files) {
    if (!f.endsWith('.json') || f.startsWith('.')) continue;
    try {
      const r = JSON.parse(readFileOr(path.join(paths.retireDir(), f), '')) as RetireRecord;
      if (typeof r.app !== 'string' || typeof r.deploy !== 'string' || typeof r.due !== 'number') continue;
      if (!app || r.app === app) out.push(r);
    } catch {
      warn(`Ignoring unreadable retirement record ${f}`);
    }
  }
  return out.sort((a, b) => a.due - b.due);
}

export function scheduledDeploys(app: string): Set<string> {
  return new Set(readRetireRecords(app).map((r) => r.deploy));
}

/** Record deploys for retirement at `due`; an earlier schedule of the same deploy is kept. */
export function writeRetireRecords(app: string, deploys: string[], due: number): void {
  const existing = scheduledDeploys(app);
  for (const deploy of deploys) {
    if (existing.has(deploy)) continue;
    writeFileAtomic(recordFile(app, deploy), JSON.stringify({ app, deploy, due } satisfies RetireRecord) + '\n');
  }
}

export function removeRetireRecords(app: string): void {
  for (const r of readRetireRecords(app)) removeFile(recordFile(r.app, r.deploy));
}

/** Which records are due now (pure). A record of the live deploy is never acted on, only dropped. */
export function dueRecords(records: RetireRecord[], now: number): RetireRecord[] {
  return records.filter((r) => r.due <= now);
}

/**
 * Schedule every deploy of the app except the live one for retirement after wait-to-retire seconds,
 * and start a detached sleeper to do it. Callers hold the app lock.
 */
export async function scheduleRetire(app: string): Promise<void> {
  validateAppName(app);
  const live = liveDeployId(app);
  const containers = await listAppContainers(app, { kind: 'deploy' });
  const old = containers.filter((c) => c.deploy !== live);
  if (old.length === 0) return;
  const deploys = [...new Set(old.map((c) => c.deploy))].sort();
  const wait = Math.max(0, checkSettings(app).waitToRetire);
  writeRetireRecords(app, deploys, Date.now() + wait * 1000);
  step(`Shutting down old containers in ${wait} seconds`);
  for (const c of old) info(`${c.name} (${c.id.slice(0, 12)})`);
  if (wait === 0) await sweepRetirements({ app });
  else spawnSweeper(wait);
}

/**
 * Detached `paas-retire --sweep --after N`: outlives the push, logs to logs/retire.log. If it cannot be
 * started the records stay, and cron's `ps:retire` retires them within a minute of being due.
 */
function spawnSweeper(afterSeconds: number): void {
  if (!spawnDetached('paas-retire', ['--sweep', '--after', String(afterSeconds)], 'retire'))
    warn('The retirement timer did not start; paas ps:retire (cron) will retire them');
}

async function stopAndRemove(app: string, c: AppContainer, timeout: number): Promise<void> {
  const container = docker().getContainer(c.id);
  try {
    if (c.running) await container.stop({ t: timeout });
  } catch (e) {
    // 304: already stopped; 404: already gone.
    if (!isNotFound(e) && (e as { statusCode?: number }).statusCode !== 304) throw e;
  }
  await removeContainerQuietly(c.id);
}

/** Stop and remove every container of one deploy of the app (not checking whether it is live). */
export async function retireDeploy(app: string, deploy: string): Promise<number> {
  const containers = await listAppContainers(app, { kind: 'deploy', deploy });
  const timeout = appStopTimeout(app);
  await Promise.all(containers.map((c) => stopAndRemove(app, c, timeout)));
  return containers.length;
}

/**
 * Retire what is due (all apps, or one). Sweeps are serialised by one lock; each record is removed
 * once its containers are gone, so a crash mid-sweep only repeats work. Returns containers removed.
 */
export async function sweepRetirements(opts: { app?: string; now?: number } = {}): Promise<number> {
  return withLock(paths.namedLock('retire'), { what: 'Retirement sweep', wait: true }, async () => {
    let removed = 0;
    for (const r of dueRecords(readRetireRecords(opts.app), opts.now ?? Date.now())) {
      try {
        if (r.deploy !== liveDeployId(r.app)) {
          const n = await retireDeploy(r.app, r.deploy);
          if (n > 0) step(`Retired ${n} container(s) of ${r.app} deploy ${r.deploy}`);
          removed += n;
        }
        removeFile(recordFile(r.app, r.deploy));
      } catch (e) {
        // Keep the record: the next sweep (cron, every minute) tries again.
        warn(`Could not retire ${r.app} deploy ${r.deploy}: ${(e as Error).message}`);
      }
    }
    return removed;
  });
}

/** The sleeper's body: wait, then sweep everything due. */
export async function sweepAfter(seconds: number): Promise<number> {
  await new Promise((r) => setTimeout(r, Math.max(0, seconds) * 1000 + 200));
  info(`${new Date().toISOString()} retirement sweep (pid ${process.pid})`);
  return sweepRetirements();
}
