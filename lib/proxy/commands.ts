// proxy:* commands: switch nginx routing per app (a disabled app has no vhost), rebuild vhosts.
import { CommandSpec, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { listApps, reportTargets, requireApp } from '../apps/store.js';
import { isProxyEnabled, PROXY_TYPE, setProxyEnabled } from './store.js';
import { liveDeployId } from '../ps/store.js';

const REPORT_KEYS = ['proxy-enabled', 'proxy-type'];

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

const set: CommandSpec = {
  name: 'proxy:set',
  access: 'app',
  usage: '<app> <proxy-type>',
  summary: 'Choose the proxy (paas has one: nginx)',
  app: true,
  async run(ctx) {
    requireArgs(ctx, set, 2);
    requireApp(ctx.args[0]);
    if (ctx.args[1] !== PROXY_TYPE)
      throw new UsageError(`Invalid proxy type ${JSON.stringify(ctx.args[1])}: paas supports ${PROXY_TYPE} only`);
    step(`Proxy type for ${ctx.args[0]} is ${PROXY_TYPE}`);
  },
};

const report: CommandSpec = {
  name: 'proxy:report',
  access: 'app',
  usage: '[<app>] [--format json] [--proxy-enabled|--proxy-type]',
  summary: 'Show proxy settings of one app or every app',
  boolean: REPORT_KEYS,
  string: ['format'],
  async run(ctx) {
    const apps = reportTargets(ctx.args[0]);
    for (const app of apps)
      printReport(
        `${app} proxy information`,
        [
          { key: 'proxy-enabled', value: String(isProxyEnabled(app)) },
          { key: 'proxy-type', value: PROXY_TYPE },
        ],
        ctx.flags,
      );
  },
};

export const commands: CommandSpec[] = [buildConfig, disable, enable, report, set];
