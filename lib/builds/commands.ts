// builds:* (Dokku's builds plugin): the record of every build and deploy run of an app, its output, and
// cancelling the one in progress. Records are written by lib/builds/track.ts as the runs happen.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandSpec, Flags, flagString, noExtraArgs } from '../cli/command.js';
import { propertySetSpec } from '../cli/property-commands.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { PaasError, UsageError } from '../core/errors.js';
import { out, step, warn } from '../core/log.js';
import { listApps, reportTargets, requireApp } from '../apps/store.js';
import { paths } from '../state/paths.js';
import { GLOBAL, readProp } from '../state/props.js';
import {
  BuildRecord,
  BUILDS_NS,
  clearCurrent,
  computedRetention,
  DISPLAY_STATUSES,
  displayStatus,
  formatDuration,
  KINDS,
  listBuilds,
  markFailed,
  buildProcessAlive,
  pidAlive,
  pruneBuilds,
  readBuild,
  readCurrent,
  rfc3339,
  validateBuildId,
  validateRetention,
} from './store.js';

/** Dokku's JSON view of a record: its fields plus the computed display status, duration and log path. */
export function buildView(b: BuildRecord, now = Date.now(), alive = pidAlive) {
  return { ...b, display_status: displayStatus(b, alive), duration: formatDuration(b, now), log_path: logPath(b) };
}

function logPath(b: BuildRecord): string {
  return paths.buildLog(b.app, b.id);
}

/** columnize's simple format: cells padded to their column's width, two spaces between. */
export function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function formatOf(flags: Flags): 'json' | 'stdout' {
  const f = flagString(flags, 'format') ?? 'stdout';
  if (f !== 'json' && f !== 'stdout') throw new UsageError('Invalid format specified, supported formats: json, stdout');
  return f;
}

/** --kind and --status of builds:list, checked (Dokku's messages). */
export function listFilters(flags: Flags): { kind?: string; status?: string } {
  const kind = flagString(flags, 'kind');
  const status = flagString(flags, 'status');
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind))
    throw new UsageError(`Invalid --kind value ${JSON.stringify(kind)} (allowed: build, deploy)`);
  if (status !== undefined && !(DISPLAY_STATUSES as readonly string[]).includes(status))
    throw new UsageError(
      `Invalid --status value ${JSON.stringify(status)} (allowed: running, succeeded, failed, canceled, abandoned)`,
    );
  return { kind: kind || undefined, status: status || undefined };
}

/** What builds:list APP shows: runs in progress first, then newest first, up to the retention. Pure. */
export function selectForList(
  builds: BuildRecord[],
  filters: { kind?: string; status?: string },
  retention: number,
  alive: (pid: number) => boolean,
): BuildRecord[] {
  const live = (b: BuildRecord) => displayStatus(b, alive) === 'running';
  const picked = builds
    .filter((b) => !filters.kind || b.kind === filters.kind)
    .filter((b) => !filters.status || displayStatus(b, alive) === filters.status)
    .sort((a, b) => Number(live(b)) - Number(live(a)) || Date.parse(b.started_at) - Date.parse(a.started_at));
  if (filters.kind || filters.status) return picked;
  return picked.slice(0, picked.filter(live).length + retention);
}

const listSpec: CommandSpec = {
  name: 'builds:list',
  access: 'deploy',
  usage: '[<app>] [--format json] [--kind build|deploy] [--status <status>]',
  summary: 'List builds (those running on every app, or the running and recent ones of an app)',
  examples: ['paas builds:list myapp', 'paas builds:list myapp --kind deploy --format json'],
  app: true,
  string: ['format', 'kind', 'status'],
  readOnly: true,
  async run(ctx) {
    noExtraArgs(ctx, 1);
    const format = formatOf(ctx.flags);
    const filters = listFilters(ctx.flags);
    if (ctx.args[0] === undefined) return listAllRunning(format, filters);
    const app = requireApp(ctx.args[0]);
    const views = selectForList(listBuilds(app), filters, computedRetention(app), pidAlive).map((b) => buildView(b));
    if (format === 'json') return void out(JSON.stringify(views));
    if (views.length === 0) return void out('No builds recorded for this app');
    const rows = [['Build ID', 'Kind', 'Status', 'PID', 'Source', 'Started', 'Duration']];
    for (const v of views)
      rows.push([v.id, v.kind, v.display_status, String(v.pid), v.source, rfc3339(v.started_at), v.duration]);
    for (const l of columns(rows)) out(l);
  },
};

function listAllRunning(format: string, filters: { kind?: string; status?: string }): void {
  const views = listApps()
    .flatMap((app) => listBuilds(app).filter((b) => b.status === 'running'))
    .filter((b) => !filters.kind || b.kind === filters.kind)
    .filter((b) => !filters.status || displayStatus(b) === filters.status)
    .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at))
    .map((b) => buildView(b));
  if (format === 'json') return void out(JSON.stringify(views));
  if (views.length === 0) return void out('No builds currently running');
  const rows = [['App', 'Build ID', 'Kind', 'PID', 'Source', 'Started']];
  for (const v of views) rows.push([v.app, v.id, v.kind, String(v.pid), v.source, rfc3339(v.started_at)]);
  for (const l of columns(rows)) out(l);
}

function requireBuild(app: string, id: string | undefined): BuildRecord {
  const b = readBuild(app, validateBuildId(id));
  if (!b) throw new PaasError(`No build record found for ${app}/${id}`);
  return b;
}

const infoSpec: CommandSpec = {
  name: 'builds:info',
  access: 'deploy',
  usage: '<app> <build-id> [--format json|stdout]',
  summary: 'Show details for a single build',
  app: true,
  string: ['format'],
  readOnly: true,
  async run(ctx) {
    noExtraArgs(ctx, 2);
    const format = formatOf(ctx.flags);
    const app = requireApp(ctx.args[0]);
    const v = buildView(requireBuild(app, ctx.args[1]));
    if (format === 'json') return void out(JSON.stringify(v));
    const rows = [
      ['Build ID:', v.id],
      ['App:', v.app],
      ['Kind:', v.kind],
      ['Status:', v.display_status],
      ['PID:', String(v.pid)],
      ['Source:', v.source],
      ['Started:', rfc3339(v.started_at)],
    ];
    if (v.finished_at) rows.push(['Finished:', rfc3339(v.finished_at)]);
    rows.push(['Duration:', v.duration]);
    if (v.exit_code !== undefined) rows.push(['Exit Code:', String(v.exit_code)]);
    rows.push(['Log:', v.log_path]);
    for (const l of columns(rows)) out(l);
  },
};

/** Print the log from `offset` on; returns the new offset. */
function copyLog(file: string, offset: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, offset);
      if (n <= 0) return offset;
      process.stdout.write(buf.subarray(0, n));
      offset += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

const outputSpec: CommandSpec = {
  name: 'builds:output',
  access: 'deploy',
  usage: '<app> [<build-id>|current]',
  summary: 'Show build output (followed while the build runs)',
  description:
    'Prints the output the build printed, kept in /var/lib/paas/apps/APP/builds/ID.log; for a build in progress (`current` or no id: the running one) it follows the log until the build ends.',
  app: true,
  readOnly: true,
  async run(ctx) {
    noExtraArgs(ctx, 2);
    const app = requireApp(ctx.args[0]);
    let id: string | undefined = ctx.args[1];
    if (id === undefined || id === 'current') {
      id = readCurrent(app);
      if (id === undefined) return void step('App not currently deploying');
      if (id === '') return void step('No matching app deploy found');
    }
    const file = paths.buildLog(app, validateBuildId(id));
    if (!fs.existsSync(file)) throw new PaasError(`No build output found for ${app}/${id}`);
    let offset = copyLog(file, 0);
    // A run in progress: follow its log until it ends (Dokku runs tail -f).
    for (;;) {
      const b = readBuild(app, id);
      if (!b || displayStatus(b) !== 'running') break;
      await sleep(300);
      offset = copyLog(file, offset);
    }
    copyLog(file, offset);
  },
};

/** Wait up to `ms` for the process to go. */
async function waitGone(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!pidAlive(pid)) return true;
    await sleep(100);
  }
  return !pidAlive(pid);
}

const cancelSpec: CommandSpec = {
  name: 'builds:cancel',
  access: 'deploy',
  usage: '<app>',
  summary: 'Cancel a running build for an app',
  description:
    'Sends SIGTERM to the process of the build in progress (the push is rejected and the record marked canceled) and waits up to 10 s for it to end. A record whose process is already gone is marked failed. Deploy keys may cancel the builds of the apps they push to.',
  app: true,
  async run(ctx) {
    noExtraArgs(ctx, 1);
    const app = requireApp(ctx.args[0]);
    const id = readCurrent(app);
    if (id === undefined) return void step('App not currently deploying');
    if (id === '') return void step('No matching app deploy found');
    const b = readBuild(app, id);
    if (!b) {
      step(`No build record for ${id}, removing stale lock file`);
      return void clearCurrent(app, id);
    }
    if (b.status !== 'running')
      return void step(`Build ${id} is no longer running (status=${b.status}); leaving record untouched`);
    if (!buildProcessAlive(b)) {
      step('Build was already terminated, marking failed');
      markFailed(b);
      return void clearCurrent(app, id);
    }
    step('Killing app deploy');
    try {
      process.kill(b.pid, 'SIGTERM');
    } catch (e) {
      warn(`Failed to signal process ${b.pid}: ${(e as Error).message}`);
    }
    if (!(await waitGone(b.pid, 10_000))) warn(`Process ${b.pid} is still running`);
    const now = readBuild(app, id);
    if (now?.status === 'running') markFailed(now, 'canceled');
    clearCurrent(app, id);
  },
};

const pruneSpec: CommandSpec = {
  name: 'builds:prune',
  access: 'app',
  usage: '<app>|--all-apps',
  summary: 'Prune build records to retention (abandoned ones are marked failed first)',
  description:
    'Every finished build also prunes its app. Records of builds in progress are never pruned. The retention is builds:set APP retention N, else builds:set --global retention N, else 20.',
  app: true,
  boolean: ['all-apps'],
  async run(ctx) {
    noExtraArgs(ctx, 1);
    if (ctx.flags['all-apps']) {
      if (ctx.args.length) throw new UsageError('Give an app or --all-apps, not both');
      const apps = listApps();
      if (apps.length === 0) warn("You haven't deployed any applications yet");
      for (const app of apps) {
        try {
          pruneBuilds(app);
        } catch (e) {
          warn(`Prune failed for ${app}: ${(e as Error).message}`);
        }
      }
      return;
    }
    if (ctx.args[0] === undefined) throw new UsageError(`Usage: paas builds:prune ${pruneSpec.usage}`);
    pruneBuilds(requireApp(ctx.args[0]));
  },
};

const setSpec = propertySetSpec({
  name: 'builds',
  propsNs: BUILDS_NS,
  keys: ['retention'],
  setSummary: 'Set or clear a builds property (retention)',
  examples: [
    'paas builds:set myapp retention 50',
    'paas builds:set --global retention 10',
    'paas builds:set myapp retention',
  ],
  validate: (_key, value) => validateRetention(value),
});

/** The report's rows: the newest run's fields and the retention (Dokku's keys, in its sorted order). */
export function reportRows(scope: string, latest?: BuildRecord): ReportRow[] {
  const global = { key: 'builds-global-retention', value: readProp(BUILDS_NS, GLOBAL, 'retention') };
  if (scope === GLOBAL) return [global];
  const b = latest;
  return [
    { key: 'build-exit-code', value: b?.exit_code === undefined ? '' : String(b.exit_code) },
    { key: 'build-finished-at', value: rfc3339(b?.finished_at) },
    { key: 'build-id', value: b?.id ?? '' },
    { key: 'build-kind', value: b?.kind ?? '' },
    { key: 'build-pid', value: b ? String(b.pid) : '' },
    { key: 'build-source', value: b?.source ?? '' },
    { key: 'build-started-at', value: rfc3339(b?.started_at) },
    { key: 'build-status', value: b ? displayStatus(b) : '' },
    { key: 'builds-computed-retention', value: String(computedRetention(scope)) },
    global,
    { key: 'builds-retention', value: readProp(BUILDS_NS, scope, 'retention') },
  ];
}

const reportSpec: CommandSpec = {
  name: 'builds:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Display a build report for one or more apps',
  app: true,
  string: ['format'],
  looseFlags: true,
  readOnly: true,
  async run(ctx) {
    const t = reportTarget(ctx);
    if (t.global) return void printReport('--global builds information', reportRows(GLOBAL), t.flags);
    for (const app of reportTargets(t.app))
      printReport(`${app} builds information`, reportRows(app, listBuilds(app)[0]), t.flags);
  },
};

export const commands: CommandSpec[] = [cancelSpec, infoSpec, listSpec, outputSpec, pruneSpec, reportSpec, setSpec];
