// domains:* commands, Dokku's names and messages. App changes re-apply the vhost of a routed app;
// if nginx refuses the result, the stored list goes back to what it was.
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { listApps, requireApp } from '../apps/store.js';
import {
  appDomains,
  defaultAppDomains,
  globalDomains,
  parseDomains,
  refuseDomainsOfOtherApps,
  writeAppDomains,
  writeGlobalDomains,
} from './store.js';

/** Store the app's new list and re-apply its vhost; undone when nginx refuses it. */
async function changeAppDomains(app: string, next: string[]): Promise<void> {
  const { applyRoutingChange, snapshotProp } = await import('../nginx/apply.js');
  const undo = snapshotProp('domains', app, 'vhosts');
  await applyRoutingChange([app], () => writeAppDomains(app, next), undo);
}

function appAndDomains(ctx: CommandContext, spec: { name: string; usage: string }): { app: string; domains: string[] } {
  requireArgs(ctx, spec, 2);
  const app = requireApp(ctx.args[0]);
  return { app, domains: parseDomains(ctx.args.slice(1)) };
}

function globalRows(): ReportRow[] {
  const global = globalDomains();
  return [
    { key: 'domains-global-enabled', value: String(global.length > 0) },
    { key: 'domains-global-vhosts', value: global.join(' ') },
  ];
}

function reportRows(app: string): ReportRow[] {
  const own = appDomains(app);
  return [
    { key: 'domains-app-enabled', value: String(own.length > 0) },
    { key: 'domains-app-vhosts', value: own.join(' ') },
    ...globalRows(),
  ];
}

const add: CommandSpec = {
  name: 'domains:add',
  access: 'app',
  usage: '<app> <domain> [<domain>...]',
  summary: 'Add domains to an app',
  app: true,
  async run(ctx) {
    const { app, domains } = appAndDomains(ctx, add);
    refuseDomainsOfOtherApps(app, domains);
    const current = appDomains(app);
    const fresh = domains.filter((d) => !current.includes(d));
    for (const d of domains) if (!fresh.includes(d)) step(`Skipping: ${d} already added to ${app}`);
    if (fresh.length === 0) return;
    await changeAppDomains(app, [...current, ...fresh]);
    for (const d of fresh) step(`Added ${d} to ${app}`);
  },
};

const remove: CommandSpec = {
  name: 'domains:remove',
  access: 'app',
  usage: '<app> <domain> [<domain>...]',
  summary: 'Remove domains from an app',
  app: true,
  async run(ctx) {
    const { app, domains } = appAndDomains(ctx, remove);
    const current = appDomains(app);
    const gone = domains.filter((d) => current.includes(d));
    for (const d of domains) if (!gone.includes(d)) warn(`Domain ${d} is not set for ${app}`);
    if (gone.length === 0) return;
    await changeAppDomains(
      app,
      current.filter((d) => !gone.includes(d)),
    );
    for (const d of gone) step(`Removed ${d} from ${app}`);
  },
};

const set: CommandSpec = {
  name: 'domains:set',
  access: 'app',
  usage: '<app> <domain> [<domain>...]',
  summary: "Replace an app's domains",
  app: true,
  async run(ctx) {
    const { app, domains } = appAndDomains(ctx, set);
    refuseDomainsOfOtherApps(app, domains);
    appDomains(app);
    await changeAppDomains(app, domains);
    step(`Set ${domains.join(' ')} for ${app}`);
  },
};

const clear: CommandSpec = {
  name: 'domains:clear',
  access: 'app',
  usage: '<app>',
  summary: "Remove all of an app's domains (nginx stops routing to it)",
  app: true,
  async run(ctx) {
    requireArgs(ctx, clear, 1);
    const app = requireApp(ctx.args[0]);
    appDomains(app);
    await changeAppDomains(app, []);
    step(`Cleared domains in ${app}`);
  },
};

function globalCommand(
  name: string,
  summary: string,
  change: (current: string[], given: string[]) => string[],
  message: (given: string[]) => string,
  takesDomains = true,
): CommandSpec {
  const spec: CommandSpec = {
    name,
    usage: takesDomains ? '<domain> [<domain>...]' : '',
    summary,
    async run(ctx) {
      const given = takesDomains ? parseDomains(ctx.args) : [];
      if (!takesDomains && ctx.args.length) throw new UsageError(`Usage: paas ${name}`);
      writeGlobalDomains(change(globalDomains(), given));
      step(message(given));
    },
  };
  return spec;
}

const reset: CommandSpec = {
  name: 'domains:reset',
  access: 'app',
  usage: '<app>',
  summary: "Reset an app's domains to APP.<global domain> for every global domain",
  app: true,
  async run(ctx) {
    requireArgs(ctx, reset, 1);
    const app = requireApp(ctx.args[0]);
    const next = defaultAppDomains(app);
    refuseDomainsOfOtherApps(app, next);
    await changeAppDomains(app, next);
    step(`Reset domains for ${app}`);
  },
};

const report: CommandSpec = {
  name: 'domains:report',
  access: 'app',
  usage: '[<app>|--global] [--format json] [--domains-app-vhosts|...]',
  summary: 'Show domains of one app, every app, or the global settings',
  string: ['format'],
  looseFlags: true,
  async run(ctx) {
    const target = reportTarget(ctx);
    if (target.global) return void printReport('--global domains information', globalRows(), target.flags);
    const apps = target.app ? [requireApp(target.app)] : listApps();
    if (apps.length === 0) {
      warn("You haven't deployed any applications yet");
      return;
    }
    for (const app of apps) printReport(`${app} domains information`, reportRows(app), target.flags);
  },
};

export const commands: CommandSpec[] = [
  add,
  remove,
  set,
  clear,
  reset,
  report,
  globalCommand(
    'domains:add-global',
    'Add global domains (new apps get APP.<domain>)',
    (cur, given) => [...cur, ...given.filter((d) => !cur.includes(d))],
    (given) => `Added ${given.join(' ')} to the global domains`,
  ),
  globalCommand(
    'domains:remove-global',
    'Remove global domains',
    (cur, given) => cur.filter((d) => !given.includes(d)),
    (given) => `Removed ${given.join(' ')} from the global domains`,
  ),
  globalCommand(
    'domains:set-global',
    'Replace the global domains',
    (_cur, given) => given,
    (given) => `Set global domains to ${given.join(' ')}`,
  ),
  globalCommand(
    'domains:clear-global',
    'Remove every global domain',
    () => [],
    () => 'Cleared global domains',
    false,
  ),
];
