// network:create/destroy/exists/info/list/set/report/rebuild/rebuildall.
import { CommandSpec, Flags, noExtraArgs, requireArgs } from '../cli/command.js';
import { reportTarget } from '../cli/report-target.js';
import { PaasError, UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import { heading, info, out, step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { confirmByName } from '../cli/confirm.js';
import { listApps, requireApp } from '../apps/store.js';
import { isDeployed } from '../apps/runtime.js';
import { listAppContainers } from '../docker/containers.js';
import { validateName } from '../state/validate.js';
import { attachNetworks } from './attach.js';
import {
  createNetwork,
  destroyNetwork,
  inspectNetwork,
  listNetworks,
  networkExists,
  requireNetworks,
} from './docker-networks.js';
import {
  computedNetworkSetting,
  conflictingAttachNetwork,
  GLOBAL,
  isNetworkKey,
  NETWORK_KEYS,
  normaliseNetworkValue,
  readNetworkSetting,
  writeNetworkSetting,
} from './settings.js';
import { liveDeployId } from '../ps/store.js';

async function liveContainers(app: string, process?: string) {
  const deploy = liveDeployId(app) ?? '';
  if (!deploy) return [];
  return (await listAppContainers(app, { kind: 'deploy', deploy, process })).filter((c) => c.running);
}

async function webListeners(app: string): Promise<string> {
  if (!isDeployed(app)) return '';
  try {
    return (await liveContainers(app, 'web')).map((c) => `${c.ip}:${c.port}`).join(' ');
  } catch {
    return '';
  }
}

function globalReport(flags: Flags): void {
  const rows: ReportRow[] = [];
  for (const key of NETWORK_KEYS)
    rows.push({ key: `network-computed-${key}`, value: computedNetworkSetting(GLOBAL, key) });
  for (const key of NETWORK_KEYS) rows.push({ key: `network-global-${key}`, value: readNetworkSetting(GLOBAL, key) });
  printReport('--global network information', rows, flags);
}

async function report(app: string, flags: Flags): Promise<void> {
  const rows: ReportRow[] = [];
  for (const key of NETWORK_KEYS)
    rows.push({ key: `network-computed-${key}`, value: computedNetworkSetting(app, key) });
  for (const key of NETWORK_KEYS) rows.push({ key: `network-global-${key}`, value: readNetworkSetting(GLOBAL, key) });
  for (const key of NETWORK_KEYS) rows.push({ key: `network-${key}`, value: readNetworkSetting(app, key) });
  rows.push({ key: 'network-web-listeners', value: await webListeners(app) });
  printReport(`${app} network information`, rows, flags);
}

/** Connect the live containers to the networks configured now (after network:set, without a deploy). */
async function rebuildNetworks(app: string): Promise<void> {
  step(`Rebuilding network settings for ${app}`);
  for (const c of await liveContainers(app)) {
    await attachNetworks(app, c.id, 'post-create');
    await attachNetworks(app, c.id, 'post-deploy');
  }
}

export const commands: CommandSpec[] = [
  {
    name: 'network:create',
    usage: '<network>',
    summary: 'Create an attachable docker network',
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const name = validateName('network name', ctx.args[0]);
      if (await networkExists(name)) throw new PaasError(`Network ${name} already exists`);
      step(`Creating network ${name}`);
      await createNetwork(name);
    },
  },
  {
    name: 'network:destroy',
    usage: '<network> [--force]',
    summary: 'Destroy a docker network',
    boolean: ['force'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const name = validateName('network name', ctx.args[0]);
      if (!(await networkExists(name))) throw new PaasError(`Network ${name} does not exist`);
      const users = listApps().filter((app) =>
        (['attach-post-create', 'attach-post-deploy', 'initial-network'] as const).some((k) =>
          computedNetworkSetting(app, k).split(' ').includes(name),
        ),
      );
      if (users.length)
        throw new PaasError(
          `Network ${name} is still set for app(s) ${users.join(', ')}; clear it with paas network:set APP KEY first`,
        );
      await confirmByName('network', name, ctx.flags.force === true);
      step(`Destroying network ${name}`);
      await destroyNetwork(name);
    },
  },
  {
    name: 'network:exists',
    usage: '<network>',
    summary: 'Check whether a docker network exists (exit 1 if not)',
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const name = validateName('network name', ctx.args[0]);
      if (!(await networkExists(name))) throw new PaasError(`Network ${name} does not exist`);
      out(`Network ${name} exists`);
    },
  },
  {
    name: 'network:info',
    usage: '<network> [--format json]',
    summary: 'Show information about a docker network',
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const name = validateName('network name', ctx.args[0]);
      const n = await inspectNetwork(name);
      if (!n) throw new PaasError(`Network ${name} does not exist`);
      printReport(
        `${name} network information`,
        [
          { key: 'network-name', value: n.name },
          { key: 'network-id', value: n.id },
          { key: 'network-driver', value: n.driver },
          { key: 'network-scope', value: n.scope },
          { key: 'network-internal', value: String(n.internal) },
          { key: 'network-attachable', value: String(n.attachable) },
          { key: 'network-subnet', value: n.subnets.join(' ') },
          { key: 'network-gateway', value: n.gateways.join(' ') },
          { key: 'network-containers', value: n.containers.join(' ') },
          { key: 'network-created-at', value: n.created },
        ],
        ctx.flags,
      );
    },
  },
  {
    name: 'network:list',
    usage: '[--format text|json] [--dokku-managed]',
    summary: 'List docker networks (--dokku-managed: only those made by network:create)',
    string: ['format'],
    boolean: ['dokku-managed'],
    async run(ctx) {
      noExtraArgs(ctx, 0);
      const format = jsonOrPlain(ctx.flags.format, ['text', 'stdout']);
      const networks = (await listNetworks()).filter((n) => !ctx.flags['dokku-managed'] || n.DokkuManaged);
      if (format === 'json') return void out(JSON.stringify(networks));
      heading('Networks');
      for (const n of networks) out(n.Name);
    },
  },
  {
    name: 'network:set',
    access: 'app',
    usage: '(<app>|--global) <key> [<value>...]',
    summary: `Set or clear a network property (${NETWORK_KEYS.join(', ')})`,
    app: true,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const args = global ? ctx.args : ctx.args.slice(1);
      if (!global) requireArgs(ctx, this, 2);
      const scope = global ? GLOBAL : requireApp(ctx.args[0]);
      const [key, ...values] = args;
      if (!key) throw new UsageError(`Usage: paas network:set ${this.usage}`);
      if (!isNetworkKey(key))
        throw new UsageError(`Invalid network property ${JSON.stringify(key)}: use one of ${NETWORK_KEYS.join(', ')}`);
      const value = normaliseNetworkValue(key, values);
      const conflict = conflictingAttachNetwork(scope, key, values);
      if (conflict) throw new UsageError(`Network name already associated with this app: ${conflict}`);
      if (value && (key === 'attach-post-create' || key === 'attach-post-deploy' || key === 'initial-network'))
        await requireNetworks(value.split(' '));
      writeNetworkSetting(scope, key, value);
      const who = global ? 'global' : scope;
      if (value) step(`Setting ${key} to ${value} for ${who}`);
      else step(`Unsetting ${key} for ${who}`);
      if (!global && isDeployed(scope)) {
        if (key === 'attach-post-create' || key === 'attach-post-deploy')
          info(`Run "paas network:rebuild ${scope}" or "paas ps:restart ${scope}" to attach running containers`);
        else info(`Restart required: run "paas ps:restart ${scope}" to apply the change`);
      }
    },
  },
  {
    name: 'network:report',
    access: 'app',
    usage: '[<app>|--global] [--network-computed-attach-post-deploy|...] [--format json]',
    summary: 'Display a network report for one or more apps, or the global settings',
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      if (t.global) return globalReport(t.flags);
      if (t.app) return report(requireApp(t.app), t.flags);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) await report(app, t.flags);
    },
  },
  {
    name: 'network:rebuild',
    access: 'app',
    usage: '<app>',
    summary: "Attach an app's running containers to its configured networks",
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      await rebuildNetworks(requireApp(ctx.args[0]));
    },
  },
  {
    name: 'network:rebuildall',
    usage: '',
    summary: 'Rebuild network settings for all apps',
    async run(ctx) {
      noExtraArgs(ctx, 0);
      for (const app of listApps()) if (isDeployed(app)) await rebuildNetworks(app);
    },
  },
];
