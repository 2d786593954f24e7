// app.json `cron` tasks, read and checked as Dokku does (plugins/cron/cron.go): each task has a command
// and a schedule, an optional concurrency_policy (allow|forbid|replace) and maintenance flag, and an id
// derived from app, command and schedule. Pure: the release step calls it to refuse a bad app.json
// before a release number is taken, and every cron command calls it on the live release's app.json.
import { PaasError } from '../core/errors.js';
import { normalizeSchedule } from './schedule.js';

const CONCURRENCY_POLICIES = ['allow', 'forbid', 'replace'] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

export interface CronTask {
  id: string;
  app: string;
  command: string;
  /** As app.json wrote it (part of the id). */
  schedule: string;
  /** The schedule as it goes into the crontab (single spaces, lowercase shorthand). */
  cronSchedule: string;
  concurrencyPolicy: ConcurrencyPolicy;
  /** app.json `maintenance: true`: listed, never scheduled. */
  maintenance: boolean;
}

/** Big-endian base36 of the bytes, lowercase, a leading '0' per leading zero byte (go-base36's encoding). */
export function base36(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const rest = bytes.subarray(zeros);
  const digits = rest.length ? BigInt('0x' + Buffer.from(rest).toString('hex')).toString(36) : '';
  return '0'.repeat(zeros) + digits;
}

/** Dokku's GenerateCommandID: base36(app + "===" + command + "===" + schedule). */
export function cronId(app: string, command: string, schedule: string): string {
  return base36(Buffer.from(`${app}===${command}===${schedule}`, 'utf8'));
}

/** Ids are base36 digits only, which is what lets them go into a crontab line and a docker label. */
export function validateCronId(id: string | undefined, app: string): string {
  if (!id) throw new PaasError(`Please specify a Cron ID from the output of 'paas cron:list ${app}'`);
  if (!/^[0-9a-z]+$/.test(id))
    throw new PaasError(`Invalid cron id ${JSON.stringify(id)}: ids are lowercase letters and digits`);
  return id;
}

const PAAS_BIN = '/usr/local/bin/paas';

/** Debian's cron cuts a crontab line at 1000 characters; a cut id would name no task. */
export const MAX_LINE = 999;

/** The host crontab line of a task: app and id only, never the command. */
export function cronLine(t: Pick<CronTask, 'app' | 'id' | 'cronSchedule'>): string {
  return `${t.cronSchedule} ${PAAS_BIN} cron:run ${t.app} ${t.id}`;
}

function fail(app: string, i: number, reason: string): never {
  throw new PaasError(`Invalid app.json cron[${i}] for app ${app}: ${reason}`);
}

/**
 * The tasks of an app.json. Throws on the first bad task with its position and the reason (Dokku fails
 * the deploy the same way: a missing command or schedule, a bad schedule or concurrency policy).
 */
export function parseCronTasks(app: string, appJson: Record<string, unknown> | undefined): CronTask[] {
  const raw = appJson?.cron;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new PaasError(`Invalid app.json cron for app ${app}: must be a list of tasks`);
  const tasks: CronTask[] = [];
  const seen = new Map<string, number>();
  raw.forEach((t: unknown, i) => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) fail(app, i, 'a task must be an object');
    const o = t as Record<string, unknown>;
    if (o.command !== undefined && typeof o.command !== 'string') fail(app, i, 'command must be a string');
    if (o.schedule !== undefined && typeof o.schedule !== 'string') fail(app, i, 'schedule must be a string');
    const command = (o.command as string | undefined) ?? '';
    const schedule = (o.schedule as string | undefined) ?? '';
    if (command.trim() === '') fail(app, i, 'missing cron task command');
    if (schedule.trim() === '') fail(app, i, 'missing cron schedule');
    if (command.includes('\0')) fail(app, i, 'command contains a NUL byte');
    let cronSchedule: string;
    try {
      cronSchedule = normalizeSchedule(schedule);
    } catch (e) {
      fail(app, i, `invalid cron schedule ${JSON.stringify(schedule)}: ${(e as Error).message}`);
    }
    const policy = o.concurrency_policy ?? 'allow';
    if (typeof policy !== 'string' || !(CONCURRENCY_POLICIES as readonly string[]).includes(policy))
      fail(app, i, `invalid concurrency_policy ${JSON.stringify(policy)} (use allow, forbid or replace)`);
    if (o.maintenance !== undefined && typeof o.maintenance !== 'boolean')
      fail(app, i, 'maintenance must be true or false');
    const id = cronId(app, command, schedule);
    const dup = seen.get(id);
    if (dup !== undefined) fail(app, i, `duplicate of cron[${dup}] (same command and schedule)`);
    seen.set(id, i);
    if (cronLine({ app, id, cronSchedule }).length > MAX_LINE)
      fail(
        app,
        i,
        `command too long: its id would not fit a crontab line (put the command in a script or Procfile entry)`,
      );
    tasks.push({
      id,
      app,
      command,
      schedule,
      cronSchedule,
      concurrencyPolicy: policy as ConcurrencyPolicy,
      maintenance: o.maintenance === true,
    });
  });
  return tasks;
}
