// nginx:* commands: per-app and global nginx properties, the rendered config, checks and logs.
import { execa } from 'execa';
import { CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { listApps, reportTargets, requireApp } from '../apps/store.js';
import { GLOBAL, hasProp, setOrClearProp } from '../state/props.js';
import {
  applyRoutingChange,
  applyVhostsUnlocked,
  isAppRouted,
  NGINX_LOG_DIR,
  readLiveVhost,
  snapshotProp,
  withNginxLock,
} from './apply.js';
import {
  appSetting,
  computedSetting,
  findSetting,
  globalSetting,
  NGINX_SETTINGS,
  validateSetting,
  assertMaySetSetting,
} from './settings.js';

function appsOrAll(args: string[], all: boolean, spec: { name: string; usage: string }): string[] {
  if (all) return listApps().filter(isAppRouted);
  if (args.length === 0) throw new UsageError(`Usage: paas ${spec.name} ${spec.usage}`);
  return [requireApp(args[0])];
}

const set: CommandSpec = {
  name: 'nginx:set',
  access: 'app',
  usage: '<app>|--global <property> [<value>]',
  summary: 'Set or clear (no value) an nginx property',
  boolean: ['global'],
  async run(ctx) {
    const global = ctx.flags.global === true;
    const args = global ? ctx.args : ctx.args.slice(1);
    if ((!global && ctx.args.length < 2) || args.length < 1) throw new UsageError(`Usage: paas nginx:set ${set.usage}`);
    const scope = global ? GLOBAL : requireApp(ctx.args[0]);
    const key = findSetting(args[0]).key;
    // "proxy-buffers 8 4k" may come unquoted.
    const value = args.slice(1).join(' ');
    if (value !== '') validateSetting(key, value);
    assertMaySetSetting(key);
    // A global value changes every routed app that does not set its own.
    const affected = global ? listApps().filter((a) => !hasProp('nginx', a, key)) : [scope];
    await applyRoutingChange(
      affected,
      () => setOrClearProp('nginx', scope, key, value),
      snapshotProp('nginx', scope, key),
    );
    const who = global ? 'globally' : `for ${scope}`;
    step(value === '' ? `Unset ${key} ${who}` : `Set ${key} to ${value} ${who}`);
  },
};

function reportRows(app: string): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const s of NGINX_SETTINGS) {
    const label = s.key.split('-').join(' ');
    rows.push({ key: `nginx-${s.key}`, label: `Nginx ${label}`, value: appSetting(app, s.key) });
    rows.push({ key: `nginx-computed-${s.key}`, label: `Nginx computed ${label}`, value: computedSetting(app, s.key) });
    rows.push({ key: `nginx-global-${s.key}`, label: `Nginx global ${label}`, value: globalSetting(s.key) });
  }
  return rows;
}

function globalRows(): ReportRow[] {
  return NGINX_SETTINGS.map((s) => ({
    key: `nginx-global-${s.key}`,
    label: `Nginx global ${s.key.split('-').join(' ')}`,
    value: globalSetting(s.key),
  }));
}

const report: CommandSpec = {
  name: 'nginx:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [--nginx-<property>]',
  summary: 'Show nginx properties of one app, every app, or the global ones',
  string: ['format'],
  looseFlags: true,
  async run(ctx) {
    const target = reportTarget(ctx);
    if (target.global) return void printReport('--global nginx information', globalRows(), target.flags);
    const apps = reportTargets(target.app);
    for (const app of apps) printReport(`${app} nginx information`, reportRows(app), target.flags);
  },
};

const showConfig: CommandSpec = {
  name: 'nginx:show-config',
  access: 'app',
  usage: '<app>',
  summary: "Print the app's live nginx config",
  app: true,
  async run(ctx) {
    requireArgs(ctx, showConfig, 1);
    const app = requireApp(ctx.args[0]);
    const text = readLiveVhost(app);
    if (!text)
      throw new PaasError(
        `No nginx config found for ${app} (it is not deployed, has no domains, or its proxy is disabled)`,
      );
    process.stdout.write(text);
  },
};

const buildConfig: CommandSpec = {
  name: 'nginx:build-config',
  access: 'app',
  usage: '<app>|--all',
  summary: "Render, check and reload an app's nginx config",
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = appsOrAll(ctx.args, ctx.flags.all === true, buildConfig);
    if (apps.length === 0) return void warn('No deployed app to configure');
    await withNginxLock(() => applyVhostsUnlocked(apps));
  },
};

const validateConfig: CommandSpec = {
  name: 'nginx:validate-config',
  usage: '[<app>]',
  summary: "Render the app's (or every routed app's) config and check it with nginx -t, changing nothing",
  async run(ctx) {
    const apps = ctx.args.length ? [requireApp(ctx.args[0])] : listApps().filter(isAppRouted);
    step('Validating nginx config');
    await withNginxLock(() => applyVhostsUnlocked(apps, { checkOnly: true }));
    step('nginx config is valid');
  },
};

function logCommand(kind: 'access' | 'error'): CommandSpec {
  const spec: CommandSpec = {
    name: `nginx:${kind}-logs`,
    access: 'app',
    usage: '<app> [-t|--tail]',
    summary: `Show the app's nginx ${kind} log`,
    app: true,
    boolean: ['t', 'tail'],
    async run(ctx) {
      requireArgs(ctx, spec, 1);
      const app = requireApp(ctx.args[0]);
      const configured = computedSetting(app, `${kind}-log-path`);
      if (configured === 'off') throw new PaasError(`The nginx ${kind} log is off for ${app}`);
      const file = configured || `${NGINX_LOG_DIR}/${app}-${kind}.log`;
      const follow = ctx.flags.t === true || ctx.flags.tail === true;
      const r = await execa('tail', follow ? ['-n', '100', '-F', file] : ['-n', '100', file], {
        stdio: 'inherit',
        reject: false,
      });
      if (r.exitCode !== 0) throw new PaasError(`cannot read ${file}`);
    },
  };
  return spec;
}

export const commands: CommandSpec[] = [
  logCommand('access'),
  buildConfig,
  logCommand('error'),
  report,
  set,
  showConfig,
  validateConfig,
];
