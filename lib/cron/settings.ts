// cron properties (props/cron/APP/KEY, props/cron/__global__/KEY), as Dokku's cron plugin keeps them:
// `maintenance` (app and global), `mailto` and `mailfrom` (global only). Suspended task ids are one
// list (`suspended`, one id a line: ids can be longer than a file name may be), and the last run of
// each task is `last-run-<hash of id>` holding "ISO-TIME EXIT-CODE".
import { createHash } from 'node:crypto';
import { PaasError, UsageError } from '../core/errors.js';
import { GLOBAL, readListProp, readProp, setOrClearProp, writeListProp, writeProp } from '../state/props.js';
import { parseBool } from '../state/validate.js';

const NS = 'cron';
const CRON_KEYS = ['maintenance', 'mailto', 'mailfrom'] as const;
export type CronKey = (typeof CRON_KEYS)[number];
const GLOBAL_ONLY: CronKey[] = ['mailto', 'mailfrom'];

/** Checks a `cron:set` key and value; returns the value to store ('' clears). */
export function validateCronSetting(scope: string, key: string, value: string): string {
  if (key.startsWith('maintenance.') && scope === GLOBAL)
    throw new PaasError('Task maintenance properties cannot be set globally');
  if (!(CRON_KEYS as readonly string[]).includes(key))
    throw new UsageError(`Invalid property specified, valid properties include: ${CRON_KEYS.join(', ')}`);
  if (GLOBAL_ONLY.includes(key as CronKey) && scope !== GLOBAL)
    throw new PaasError('Property cannot be specified on a per-app basis');
  if (value === '') return '';
  if (key === 'maintenance') return String(parseBool(value, 'maintenance'));
  // Both end up as a line of the crontab: addresses only, nothing cron or a shell would read further.
  if (!/^[A-Za-z0-9._%+@-]+(,[A-Za-z0-9._%+@-]+)*$/.test(value))
    throw new PaasError(`Invalid ${key} ${JSON.stringify(value)}: use e-mail addresses separated by commas`);
  return value;
}

export function setCronSetting(scope: string, key: CronKey, value: string): void {
  setOrClearProp(NS, scope, key, value);
}

export function cronSetting(scope: string, key: CronKey): string {
  return readProp(NS, scope, key);
}

/** true when the app's own switch is on, else the global switch (Dokku's computed maintenance). */
export function appInMaintenance(app: string): boolean {
  if (readProp(NS, app, 'maintenance') === 'true') return true;
  return readProp(NS, GLOBAL, 'maintenance') === 'true';
}

export function suspendedTasks(app: string): string[] {
  return readListProp(NS, app, 'suspended');
}

export function setTaskSuspended(app: string, id: string, suspended: boolean): void {
  const list = suspendedTasks(app).filter((x) => x !== id);
  writeListProp(NS, app, 'suspended', suspended ? [...list, id] : list);
}

function lastRunKey(id: string): string {
  return `last-run-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

export interface LastRun {
  at: string;
  exitCode: number;
}

export function recordLastRun(app: string, id: string, run: LastRun): void {
  writeProp(NS, app, lastRunKey(id), `${run.at} ${run.exitCode}`);
}

export function lastRun(app: string, id: string): LastRun | undefined {
  const m = /^(\S+) (-?[0-9]+)$/.exec(readProp(NS, app, lastRunKey(id)));
  return m ? { at: m[1], exitCode: Number(m[2]) } : undefined;
}
