// proxy:* commands: switch nginx routing per app (a disabled app has no vhost), rebuild vhosts.
import { CommandSpec, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { listApps, reportTargets, requireApp } from '../apps/store.js';
import { isProxyEnabled, PROXY_TYPE, setProxyEnabled } from './store.js';
import { liveDeployId } from '../ps/store.js';

const REPORT_KEYS = [
  'proxy-enabled',
  'proxy-disabled',
  'proxy-computed-disabled',
  'proxy-type',
  'proxy-global-type',
  'proxy-computed-type',
];

function appsFrom(args: string[], all: boolean, spec: { name: string; usage: string }): string[] {
  if (all) return listApps();
  if (args.length === 0) throw new UsageError(`Usage: paas ${spec.name} ${spec.usage}`);
  return [requireApp(args[0])];
}

async function switchProxy(apps: string[], enabled: boolean): Promise<void> {
  const { applyRoutingChange, snapshotProp } = await import('../nginx/apply.js');
  for (const app of apps) {
    if (isProxyEnabled(app) === enabled) {
      info(`The proxy is already ${enabled ? 'enabled' : 'disabled'} for ${app}`);
      continue;
    }
    step(`${enabled ? 'Enabling' : 'Disabling'} proxy for app (${app})`);
    const undo = snapshotProp('proxy', app, 'disabled');
    // Enabling routes a deployed app again; disabling removes its vhost.
    const routed = enabled ? liveDeployId(app) !== undefined : true;
    await applyRoutingChange(routed ? [app] : [], () => setProxyEnabled(app, enabled), undo);
  }
}

const enable: CommandSpec = {
  name: 'proxy:enable',
  access: 'app',
  usage: '<app>|--all',
  summary: 'Route the app through nginx again',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    await switchProxy(appsFrom(ctx.args, ctx.flags.all === true, enable), true);
  },
};

const disable: CommandSpec = {
  name: 'proxy:disable',
  access: 'app',
  usage: '<app>|--all',
  summary: 'Stop routing the app through nginx (removes its vhost)',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    await switchProxy(appsFrom(ctx.args, ctx.flags.all === true, disable), false);
  },
};

const buildConfig: CommandSpec = {
  name: 'proxy:build-config',
  access: 'app',
  usage: '<app>|--all',
  summary: "Render and reload an app's nginx config",
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = appsFrom(ctx.args, ctx.flags.all === true, buildConfig);
    const { applyVhostsUnlocked, isAppRouted, withNginxLock } = await import('../nginx/apply.js');
    const targets = ctx.flags.all === true ? apps.filter(isAppRouted) : apps;
    if (targets.length === 0) {
      warn('No deployed app to configure');
      return;
    }
    await withNginxLock(() => applyVhostsUnlocked(targets));
  },
};

const clearConfig: CommandSpec = {
  name: 'proxy:clear-config',
  access: 'app',
  usage: '<app>|--all',
  summary: "Remove an app's generated nginx config (proxy:build-config or the next deploy writes it again)",
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = appsFrom(ctx.args, ctx.flags.all === true, clearConfig);
    const { readLiveVhost, removeAppVhost } = await import('../nginx/apply.js');
    for (const app of apps) {
      if (readLiveVhost(app) === '') {
        if (ctx.flags.all !== true) info(`No nginx config for ${app}`);
        continue;
      }
      step(`Clearing the nginx config of ${app}`);
      await removeAppVhost(app);
    }
  },
};

const set: CommandSpec = {
  name: 'proxy:set',
  access: 'app',
  usage: '<app> <proxy-type>',
  summary: 'Choose the proxy (paas has one: nginx)',
  app: true,
  async run(ctx) {
    requireArgs(ctx, set, 2);
    requireApp(ctx.args[0]);
    if (/^[a-z]+:[0-9]+:[0-9]+$/.test(ctx.args[1]))
      throw new UsageError(
        `Detected potential port mapping instead of proxy type: ${ctx.args[1]} (use paas ports:set ${ctx.args[0]} ${ctx.args[1]})`,
      );
    if (ctx.args[1] !== PROXY_TYPE)
      throw new UsageError(`Invalid proxy type ${JSON.stringify(ctx.args[1])}: paas supports ${PROXY_TYPE} only`);
    step(`Proxy type for ${ctx.args[0]} is ${PROXY_TYPE}`);
  },
};

const report: CommandSpec = {
  name: 'proxy:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [--proxy-enabled|--proxy-type|--proxy-computed-type|...]',
  summary: 'Show proxy settings of one app, every app, or the global ones',
  boolean: [...REPORT_KEYS, 'global'],
  string: ['format'],
  async run(ctx) {
    if (ctx.flags.global === true) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument(s) with --global: ${ctx.args.join(' ')}`);
      const { global: _g, ...flags } = ctx.flags;
      return void printReport(
        '--global proxy information',
        [
          { key: 'proxy-global-type', value: '' },
          { key: 'proxy-computed-type', value: PROXY_TYPE },
        ],
        flags,
      );
    }
    const apps = reportTargets(ctx.args[0]);
    for (const app of apps)
      printReport(
        `${app} proxy information`,
        [
          { key: 'proxy-enabled', value: String(isProxyEnabled(app)) },
          // Dokku's raw and computed values: "disabled" is "true" only when set, the type is never set
          // (paas has one proxy), so the raw app and global types are empty and the computed one is nginx.
          { key: 'proxy-disabled', value: isProxyEnabled(app) ? '' : 'true' },
          { key: 'proxy-computed-disabled', value: String(!isProxyEnabled(app)) },
          { key: 'proxy-type', value: '' },
          { key: 'proxy-global-type', value: '' },
          { key: 'proxy-computed-type', value: PROXY_TYPE },
        ],
        ctx.flags,
      );
  },
};

export const commands: CommandSpec[] = [buildConfig, clearConfig, disable, enable, report, set];
