// The host side of app.json cron: the paas user's crontab, one `paas cron:run APP ID` line per task of
// every deployed, running app. Only validated app names, base36 ids and checked schedules reach it; the
// command text never does (Dokku PR #8672). The paas user's own crontab rather than a root-owned file in
// /etc/cron.d: whatever ends up in it runs as paas, never as root, and paas can rewrite it without sudo.
// It is regenerated whole (under one lock) whenever the set of tasks may have changed.
import fs from 'node:fs';
import { execa } from 'execa';
import { PaasError } from '../core/errors.js';
import { info, warn } from '../core/log.js';
import { listApps } from '../apps/store.js';
import { liveRelease } from '../release/store.js';
import { isStopped } from '../ps/store.js';
import { withLock } from '../state/lock.js';
import { writeFileAtomic } from '../state/atomic.js';
import { GLOBAL, paths, stateRoot } from '../state/paths.js';
import { appInMaintenance, cronSetting, suspendedTasks } from './settings.js';
import { CronTask, cronLine, MAX_LINE, parseCronTasks } from './tasks.js';

const DEFAULT_ROOT = '/var/lib/paas';

export interface CrontabInput {
  tasks: Pick<CronTask, 'app' | 'id' | 'cronSchedule'>[];
  mailto?: string;
  mailfrom?: string;
  root?: string;
}

/** The crontab text (Dokku's cron.tmpl, with paas's command). */
export function renderCrontab(input: CrontabInput): string {
  const lines = [
    '# Managed by paas: the app.json cron tasks of every deployed app, one `paas cron:run APP ID` line each.',
    '# Rewritten on deploy, rollback, ps:stop/start, apps:destroy/rename and cron:set; edits here are lost.',
  ];
  if (input.mailfrom) lines.push(`MAILFROM=${input.mailfrom}`);
  if (input.mailto) lines.push(`MAILTO=${input.mailto}`);
  lines.push('PATH=/usr/local/bin:/usr/bin:/bin', 'SHELL=/bin/sh');
  // cron starts jobs with an almost empty environment: carry a non-default state root over.
  if (input.root && input.root !== DEFAULT_ROOT) lines.push(`PAAS_ROOT=${input.root}`);
  lines.push('');
  for (const t of input.tasks) {
    const line = cronLine(t);
    if (!/^[a-z0-9]+$/.test(t.id) || !/^[a-z0-9][a-z0-9-]*$/.test(t.app) || /[\n\r%]/.test(line))
      throw new PaasError(`Refusing to write cron task ${t.id} of ${t.app}: unexpected characters`);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** The tasks an app has scheduled now: its live release's app.json, unless it is stopped or in maintenance. */
export function scheduledTasks(app: string): CronTask[] {
  const release = liveRelease(app);
  if (!release || isStopped(app) || appInMaintenance(app)) return [];
  let tasks: CronTask[];
  try {
    tasks = parseCronTasks(app, release.appJson);
  } catch (e) {
    warn(`${(e as Error).message} (release ${release.number}; none of its cron tasks is scheduled)`);
    return [];
  }
  const suspended = new Set(suspendedTasks(app));
  return tasks.filter((t) => !t.maintenance && !suspended.has(t.id) && cronLine(t).length <= MAX_LINE);
}

function userNameOf(uid: number): string {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(uid));
  const name = line?.split(':')[0];
  if (!name) throw new PaasError(`No user with uid ${uid} owns the state root; cannot install its crontab`);
  return name;
}

/** crontab(1) arguments that install FILE for the owner of the state root (the paas user). */
function crontabArgs(file: string): string[] {
  const owner = fs.statSync(stateRoot()).uid;
  const uid = process.getuid?.();
  if (uid === owner) return [file];
  if (uid === 0) return ['-u', userNameOf(owner), file];
  throw new PaasError(`Cannot update the crontab of uid ${owner} as uid ${uid} (run as the paas user or root)`);
}

/**
 * Render and install the crontab (without: an app being destroyed, whose files still exist). Nothing happens when no task is scheduled and paas never installed
 * one from this state root (so a host without app.json cron never gets a crontab).
 */
export async function writeCrontab(opts: { without?: string } = {}): Promise<void> {
  await withLock(paths.namedLock('crontab'), { what: 'the crontab' }, async () => {
    const tasks = listApps()
      .filter((a) => a !== opts.without)
      .flatMap(scheduledTasks);
    const file = paths.crontab();
    if (tasks.length === 0 && !fs.existsSync(file)) return;
    const text = renderCrontab({
      tasks,
      mailto: cronSetting(GLOBAL, 'mailto'),
      mailfrom: cronSetting(GLOBAL, 'mailfrom'),
      root: stateRoot(),
    });
    writeFileAtomic(file, text, 0o644);
    const r = await execa(paths.crontabBin(), crontabArgs(file), { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0)
      throw new PaasError(`Unable to update schedule file: ${String(r.stderr || r.stdout).trim() || r.exitCode}`);
    info(`Updated schedule file (${tasks.length} cron task${tasks.length === 1 ? '' : 's'})`);
  });
}

/** For callers whose own work is done (a deploy is live, an app is gone): a failure is a warning. */
export async function writeCrontabOrWarn(): Promise<void> {
  try {
    await writeCrontab();
  } catch (e) {
    warn(`Could not update the cron schedule: ${(e as Error).message}`);
  }
}
