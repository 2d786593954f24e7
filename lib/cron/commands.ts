// cron:list/run/report/set/suspend/resume, Dokku's cron plugin (tasks come from the live release's app.json).
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { out, step } from '../core/log.js';
import { reportTargets, requireApp } from '../apps/store.js';
import { liveRelease } from '../release/store.js';
import { GLOBAL } from '../state/paths.js';
import { parseBool } from '../state/validate.js';
import { writeCrontab } from './crontab.js';
import { findLiveTask, runCronTask } from './run.js';
import {
  appInMaintenance,
  CronKey,
  cronSetting,
  lastRun,
  setCronSetting,
  setTaskSuspended,
  suspendedTasks,
  validateCronSetting,
} from './settings.js';
import { CronTask, parseCronTasks } from './tasks.js';

export interface ListedTask {
  id: string;
  app: string;
  command: string;
  schedule: string;
  concurrency_policy: string;
  'app-in-maintenance': boolean;
  'task-in-maintenance': boolean;
  maintenance: boolean;
  'last-run-at': string | null;
  'last-exit-code': number | null;
}

/** The live release's tasks with their maintenance state and last run, as cron:list shows them. */
export function listTasks(app: string): ListedTask[] {
  const tasks: CronTask[] = parseCronTasks(app, liveRelease(app)?.appJson);
  const appMaint = appInMaintenance(app);
  const suspended = new Set(suspendedTasks(app));
  return tasks.map((t) => {
    const taskMaint = t.maintenance || suspended.has(t.id);
    const last = lastRun(app, t.id);
    return {
      id: t.id,
      app,
      command: t.command,
      schedule: t.schedule,
      concurrency_policy: t.concurrencyPolicy,
      'app-in-maintenance': appMaint,
      'task-in-maintenance': taskMaint,
      maintenance: appMaint || taskMaint,
      'last-run-at': last?.at ?? null,
      'last-exit-code': last?.exitCode ?? null,
    };
  });
}

/** Dokku's columnized table: columns padded, two spaces apart, the last one (the command) not padded. */
export function formatTaskTable(tasks: ListedTask[]): string[] {
  const rows = [['ID', 'Schedule', 'Concurrency', 'Maintenance', 'Command']];
  for (const t of tasks) {
    const maint = !t.maintenance ? 'false' : t['task-in-maintenance'] ? 'true (task)' : 'true (app)';
    rows.push([t.id, t.schedule, t.concurrency_policy, maint, t.command.replace(/\n/g, '\\n')]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}

function formatOf(ctx: CommandContext): 'plain' | 'json' {
  return jsonOrPlain(ctx.flags.format, ['stdout'], 'Invalid format specified, supported formats: json, stdout');
}

const listSpec: CommandSpec = {
  name: 'cron:list',
  access: 'app',
  usage: '<app>|--global [--format json|stdout]',
  summary: 'List scheduled cron tasks for an app',
  description:
    "Tasks come from the `cron` key of the live release's app.json. Ids derive from app, command and schedule " +
    '(as in Dokku); `--format json` adds the last run (`last-run-at`, `last-exit-code`).',
  examples: ['paas cron:list myapp', 'paas cron:list myapp --format json'],
  app: true,
  boolean: ['global'],
  string: ['format'],
  async run(ctx) {
    const format = formatOf(ctx);
    // paas schedules no global tasks through this list (install.sh's own jobs live in /etc/cron.d/paas).
    const tasks = ctx.flags.global ? [] : listTasks(requireApp(ctx.args[0]));
    if (format === 'json') out(JSON.stringify(tasks));
    else for (const l of formatTaskTable(tasks)) out(l);
  },
};

const runSpec: CommandSpec = {
  name: 'cron:run',
  access: 'app',
  usage: '<app> <cron_id> [--detach] [--ttl-seconds SECONDS]',
  summary: 'Run a cron task on the fly',
  description:
    'Runs the task now in a one-off container of the live release (its image, config, storage and run ' +
    'docker-options), removed afterwards; the exit code passes through and the output also goes to ' +
    '`paas logs APP -p cron`. The host crontab calls exactly this. --detach returns at once.',
  examples: ['paas cron:run myapp ID', 'paas cron:run myapp ID --detach --ttl-seconds 600'],
  app: true,
  boolean: ['detach'],
  string: ['ttl-seconds'],
  async run(ctx) {
    requireArgs(ctx, runSpec, 1);
    const ttl = ctx.flags['ttl-seconds'];
    // Dokku's message, which scripts grep for.
    if (ttl !== undefined && !/^[1-9][0-9]*$/.test(String(ttl)))
      throw new UsageError(`--ttl-seconds must be a positive integer (got ${JSON.stringify(String(ttl))})`);
    const ttlSeconds = ttl === undefined ? undefined : Number(ttl);
    return runCronTask(ctx.args[0], ctx.args[1], { detach: ctx.flags.detach === true, ttlSeconds });
  },
};

function reportRows(app: string): ReportRow[] {
  const g = (k: CronKey) => cronSetting(GLOBAL, k);
  let count = '0';
  try {
    count = String(parseCronTasks(app, liveRelease(app)?.appJson).length);
  } catch {
    /* an unreadable app.json schedules nothing */
  }
  return [
    { key: 'cron-computed-mailfrom', value: g('mailfrom') },
    { key: 'cron-computed-mailto', value: g('mailto') },
    { key: 'cron-computed-maintenance', value: String(appInMaintenance(app)) },
    { key: 'cron-global-mailfrom', value: g('mailfrom') },
    { key: 'cron-global-mailto', value: g('mailto') },
    { key: 'cron-global-maintenance', value: g('maintenance') },
    { key: 'cron-maintenance', value: cronSetting(app, 'maintenance') },
    { key: 'cron-task-count', value: count },
    ...suspendedTasks(app).map((id) => ({ key: `cron-maintenance-${id}`, value: 'true' })),
  ];
}

function globalReportRows(): ReportRow[] {
  const g = (k: CronKey) => cronSetting(GLOBAL, k);
  return [
    { key: 'cron-computed-mailfrom', value: g('mailfrom') },
    { key: 'cron-computed-mailto', value: g('mailto') },
    { key: 'cron-computed-maintenance', value: g('maintenance') || 'false' },
    { key: 'cron-global-mailfrom', value: g('mailfrom') },
    { key: 'cron-global-mailto', value: g('mailto') },
    { key: 'cron-global-maintenance', value: g('maintenance') },
  ];
}

const reportSpec: CommandSpec = {
  name: 'cron:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Display a cron report for one or more apps',
  app: true,
  boolean: ['global'],
  string: ['format'],
  looseFlags: true,
  async run(ctx) {
    const flags = { ...ctx.flags };
    delete flags.global;
    if (ctx.flags.global) return void printReport('Global cron information', globalReportRows(), flags);
    for (const app of reportTargets(ctx.args[0])) printReport(`${app} cron information`, reportRows(app), flags);
  },
};

const setSpec: CommandSpec = {
  name: 'cron:set',
  access: 'app',
  usage: '[--global|<app>] <key> [<value>]',
  summary: 'Set or clear a cron property for an app (maintenance; mailto and mailfrom globally)',
  examples: ['paas cron:set myapp maintenance true', 'paas cron:set --global mailto ops@example.com'],
  boolean: ['global'],
  async run(ctx) {
    const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
    const [key, value = ''] = ctx.flags.global ? ctx.args : ctx.args.slice(1);
    if (!key) throw new UsageError(`Usage: paas cron:set ${setSpec.usage}`);
    if (key.startsWith('maintenance.') && scope !== GLOBAL) {
      // Dokku's per-task property: the same as cron:suspend / cron:resume.
      const { task } = findLiveTask(scope, key.slice('maintenance.'.length));
      const on = value !== '' && parseBool(value, key);
      setTaskSuspended(scope, task.id, on);
      step(on ? `Setting ${key} to true` : `Unsetting ${key}`);
      return void (await writeCrontab());
    }
    const stored = validateCronSetting(scope, key, value);
    setCronSetting(scope, key as CronKey, stored);
    step(stored ? `Setting ${key} to ${stored}` : `Unsetting ${key}`);
    await writeCrontab();
  },
};

function suspendSpec(suspend: boolean): CommandSpec {
  const spec: CommandSpec = {
    name: suspend ? 'cron:suspend' : 'cron:resume',
    access: 'app',
    usage: '<app> <cron_id>',
    summary: suspend ? 'Suspend a cron task' : 'Resume a cron task',
    app: true,
    async run(ctx) {
      requireArgs(ctx, spec, 2);
      const app = requireApp(ctx.args[0]);
      const { task } = findLiveTask(app, ctx.args[1]);
      setTaskSuspended(app, task.id, suspend);
      step(`${suspend ? 'Suspending' : 'Resuming'} cron task ${task.id}`);
      await writeCrontab();
    },
  };
  return spec;
}

export const commands: CommandSpec[] = [listSpec, reportSpec, suspendSpec(false), runSpec, setSpec, suspendSpec(true)];
