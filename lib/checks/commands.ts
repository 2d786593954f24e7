// checks:enable/disable/skip/set/run/report, Dokku's zero-downtime commands.
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { requireApp, listApps } from '../apps/store.js';
import { AppContainer, listAppContainers } from '../docker/containers.js';
import { liveRelease } from '../release/store.js';
import { liveDeployId } from '../ps/store.js';
import { GLOBAL, readProp, setOrClearProp } from '../state/props.js';
import { validateAppName, validatePositiveInt, validateProcessType } from '../state/validate.js';
import { checkProcesses, checkTargetOf } from './run.js';
import { ALL, BOOLEAN_SETTING_KEYS, checkSettings, readModeList, SETTING_KEYS, SettingKey } from './settings.js';

function parseProcList(arg: string | undefined): string[] | undefined {
  if (arg === undefined || arg === '') return undefined;
  const list = [
    ...new Set(
      arg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (list.length === 0) return undefined;
  list.forEach(validateProcessType);
  if (list.includes(ALL)) return undefined;
  return list;
}

/** Process types the app runs, for expanding "_all_" when only some types change mode. */
function knownProcesses(app: string): string[] {
  return Object.keys(liveRelease(app)?.processes ?? { web: '' }).sort();
}

/** Stored in the order given, without duplicates, as Dokku keeps it (checks:report shows it back). */
function writeModeList(app: string, mode: 'disabled' | 'skipped', list: string[]): void {
  setOrClearProp('checks', app, `${mode}-list`, list.includes(ALL) ? ALL : [...new Set(list)].join(','));
}

/** Move procs (or all) into `target` mode; 'enabled' takes them out of both lists. */
export function setCheckMode(
  app: string,
  target: 'enabled' | 'disabled' | 'skipped',
  procs: string[] | undefined,
): void {
  for (const mode of ['disabled', 'skipped'] as const) {
    let list = readModeList(app, mode);
    if (mode === target) {
      list = procs ? [...list.filter((p) => p !== ALL), ...procs] : [ALL];
      if (readModeList(app, mode).includes(ALL)) list = [ALL];
    } else if (!procs) {
      list = [];
    } else if (list.includes(ALL)) {
      list = knownProcesses(app).filter((p) => !procs.includes(p));
    } else {
      list = list.filter((p) => !procs.includes(p));
    }
    writeModeList(app, mode, list);
  }
}

function modeCommand(name: string, target: 'enabled' | 'disabled' | 'skipped', verb: string): CommandSpec {
  const spec: CommandSpec = {
    name,
    access: 'app',
    usage: '<app> [process-type(s)]',
    summary: `${verb} zero downtime checks for all processes (or a comma-separated process-type list)`,
    app: true,
    async run(ctx) {
      requireArgs(ctx, spec, 1);
      const app = requireApp(ctx.args[0]);
      const procs = parseProcList(ctx.args[1]);
      const word = { enabled: 'Enabling', disabled: 'Disabling', skipped: 'Skipping' }[target];
      if (procs) step(`${word} zero downtime for app's (${app}) proctypes (${procs.join(',')})`);
      else step(`${word} zero downtime for app (${app})`);
      setCheckMode(app, target, procs);
    },
  };
  return spec;
}

const setSpec: CommandSpec = {
  name: 'checks:set',
  access: 'app',
  usage: '[--global|<app>] <key> [<value>]',
  summary: 'Set or clear a checks property (wait, timeout, attempts, wait-to-retire, watch, auto-rollback)',
  boolean: ['global'],
  async run(ctx) {
    const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
    const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
    const key = rest[0];
    if (!key) throw new UsageError(`Usage: paas checks:set ${setSpec.usage}`);
    const value = rest[1];
    const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
    if (key in BOOLEAN_SETTING_KEYS) {
      if (value !== undefined && value !== '' && value !== 'true' && value !== 'false')
        throw new UsageError(`Invalid ${key} value ${JSON.stringify(value)}: use true or false`);
      setOrClearProp('checks', scope, key, value || undefined);
      step(value ? `Setting ${key} to ${value} ${who}` : `Unsetting ${key} ${who}`);
      return;
    }
    if (!(key in SETTING_KEYS))
      throw new UsageError(
        `Invalid checks property ${JSON.stringify(key)} (use ${[...Object.keys(SETTING_KEYS), ...Object.keys(BOOLEAN_SETTING_KEYS)].join(', ')})`,
      );
    const def = SETTING_KEYS[key as SettingKey];
    if (value !== undefined && value !== '') validatePositiveInt(value, key, def.min);
    setOrClearProp('checks', scope, key, value === undefined || value === '' ? undefined : String(Number(value)));
    step(value ? `Setting ${key} to ${Number(value)} ${who}` : `Unsetting ${key} ${who}`);
  },
};

interface RunTarget {
  proc: string;
  index?: number;
}

/** checks:run's list: process types, or one container of a type as TYPE.INDEX (Dokku's worker.1). */
function parseRunTargets(arg: string | undefined): RunTarget[] | undefined {
  const words =
    arg
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  if (words.length === 0 || words.includes(ALL)) return undefined;
  return words.map((w) => {
    const m = /^(.+)\.([0-9]+)$/.exec(w);
    return m ? { proc: validateProcessType(m[1]), index: Number(m[2]) } : { proc: validateProcessType(w) };
  });
}

/** The N of APP.PROC.N[.DEPLOY], or undefined. */
function containerIndex(app: string, c: AppContainer): number | undefined {
  const rest = c.name.startsWith(`${app}.${c.process}.`) ? c.name.slice(app.length + c.process.length + 2) : '';
  const m = /^([0-9]+)(\.|$)/.exec(rest);
  return m ? Number(m[1]) : undefined;
}

const runSpec: CommandSpec = {
  name: 'checks:run',
  access: 'app',
  usage: '<app> [process-type(s)]',
  summary: 'Run the checks against the running containers of the live release',
  app: true,
  async run(ctx) {
    requireArgs(ctx, runSpec, 1);
    const app = requireApp(ctx.args[0]);
    const targets = parseRunTargets(ctx.args[1]);
    const release = liveRelease(app);
    const deploy = liveDeployId(app);
    if (!release || !deploy) throw new PaasError(`App ${app} has not been deployed`);
    const all = await listAppContainers(app, { kind: 'deploy', deploy });
    const matches = (c: AppContainer, t: RunTarget) =>
      c.process === t.proc && (t.index === undefined || containerIndex(app, c) === t.index);
    const containers = all.filter((c) => !targets || targets.some((t) => matches(c, t)));
    if (targets)
      for (const t of targets)
        if (!all.some((c) => matches(c, t)))
          throw new PaasError(
            `App ${app} has no ${t.index === undefined ? t.proc : `${t.proc}.${t.index}`} containers`,
          );
    if (containers.length === 0) throw new PaasError(`App ${app} has no containers to check`);
    const down = containers.filter((c) => !c.running);
    if (down.length)
      throw new PaasError(
        `${down.map((c) => c.name).join(', ')} ${down.length === 1 ? 'is' : 'are'} not running (state: ${down[0].state})`,
      );
    step(`Running checks for app (${app}) release v${release.number}`);
    await checkProcesses(
      app,
      release,
      containers.map((c) => checkTargetOf(c)),
      { ignoreModes: true },
    );
  },
};

const REPORT_KEYS = ['wait-to-retire', 'wait', 'timeout', 'attempts', 'watch', 'auto-rollback'] as const;

function computedValues(scope: string): Record<(typeof REPORT_KEYS)[number], string> {
  const s = checkSettings(scope);
  return {
    'wait-to-retire': String(s.waitToRetire),
    wait: String(s.wait),
    timeout: String(s.timeout),
    attempts: String(s.attempts),
    watch: String(s.watch),
    'auto-rollback': String(s.autoRollback),
  };
}

function reportRows(app: string): ReportRow[] {
  const computed = computedValues(app);
  const g = (k: string) => readProp('checks', GLOBAL, k, '');
  const a = (k: string) => readProp('checks', app, k, '');
  const list = (m: 'disabled' | 'skipped') => readModeList(app, m).join(',') || 'none';
  return [
    { key: 'checks-disabled-list', value: list('disabled') },
    { key: 'checks-skipped-list', value: list('skipped') },
    ...REPORT_KEYS.flatMap((k) => [
      { key: `checks-computed-${k}`, value: computed[k] },
      { key: `checks-global-${k}`, value: g(k) },
      { key: `checks-${k}`, value: a(k) },
    ]),
  ];
}

/** `checks:report --global`: each global value and what it makes of it (the default when unset). */
function globalReportRows(): ReportRow[] {
  const computed = computedValues(GLOBAL);
  return REPORT_KEYS.flatMap((k) => [
    { key: `checks-computed-${k}`, value: computed[k] },
    { key: `checks-global-${k}`, value: readProp('checks', GLOBAL, k, '') },
  ]);
}

const reportSpec: CommandSpec = {
  name: 'checks:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [<flag>]',
  summary: 'Show the checks settings of one app, every app, or the global ones',
  app: true,
  string: ['format'],
  looseFlags: true,
  async run(ctx: CommandContext) {
    const t = reportTarget(ctx);
    if (t.global) return void printReport('--global checks information', globalReportRows(), t.flags);
    const apps = t.app ? [requireApp(t.app)] : listApps();
    if (apps.length === 0) return void warn("You haven't deployed any applications yet");
    for (const app of apps) printReport(`${validateAppName(app)} checks information`, reportRows(app), t.flags);
  },
};

export const commands: CommandSpec[] = [
  modeCommand('checks:enable', 'enabled', 'Enable'),
  modeCommand('checks:disable', 'disabled', 'Disable'),
  modeCommand('checks:skip', 'skipped', 'Skip'),
  setSpec,
  runSpec,
  reportSpec,
];
