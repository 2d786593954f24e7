// scheduler-docker-local:set and :report, Dokku's settings of the scheduler that runs the containers.
import { CommandSpec } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { UsageError } from '../core/errors.js';
import { step } from '../core/log.js';
import { reportTargets, requireApp } from '../apps/store.js';
import { GLOBAL, setOrClearProp } from '../state/props.js';
import {
  computedSchedulerSetting,
  rawSchedulerSetting,
  SCHEDULER_KEYS,
  SCHEDULER_NS,
  validateSchedulerProp,
} from './store.js';

const P = 'scheduler-docker-local';

function reportRows(scope: string): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const key of SCHEDULER_KEYS) {
    rows.push(
      { key: `${P}-computed-${key}`, value: computedSchedulerSetting(scope, key) },
      { key: `${P}-global-${key}`, value: rawSchedulerSetting(GLOBAL, key) },
    );
    if (scope !== GLOBAL) rows.push({ key: `${P}-${key}`, value: rawSchedulerSetting(scope, key) });
  }
  return rows;
}

const setSpec: CommandSpec = {
  name: 'scheduler-docker-local:set',
  access: 'app',
  usage: '[--global|<app>] <key> [<value>]',
  summary: `Set or clear a scheduler-docker-local property (${SCHEDULER_KEYS.join(', ')})`,
  boolean: ['global'],
  async run(ctx) {
    const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
    const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
    const [key, value] = rest;
    if (!key || rest.length > 2) throw new UsageError(`Usage: paas ${setSpec.name} ${setSpec.usage}`);
    if (!(SCHEDULER_KEYS as readonly string[]).includes(key))
      throw new UsageError(`Invalid ${P} property ${JSON.stringify(key)} (use ${SCHEDULER_KEYS.join(', ')})`);
    const v = value === undefined || value === '' ? undefined : validateSchedulerProp(key, value);
    setOrClearProp(SCHEDULER_NS, scope, key, v);
    const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
    step(v === undefined ? `Unsetting ${key} ${who}` : `Setting ${key} to ${v} ${who}`);
  },
};

const reportSpec: CommandSpec = {
  name: 'scheduler-docker-local:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Show the scheduler-docker-local settings of one app, every app, or the global settings',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx) {
    const t = reportTarget(ctx);
    if (t.global) return void printReport(`--global ${P} information`, reportRows(GLOBAL), t.flags);
    for (const app of reportTargets(t.app)) printReport(`${app} ${P} information`, reportRows(app), t.flags);
  },
};

export const commands: CommandSpec[] = [reportSpec, setSpec];
