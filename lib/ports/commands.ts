// ports:* commands: Dokku's scheme:host-port:container-port mappings. A change is stored, then the
// vhost of a routed app is re-applied (undone if nginx refuses it). When the web container port
// changes, a deployed app is restarted so its containers listen on the new PORT.
import { CommandContext, CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, isQuiet, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { reportTargets, requireApp } from '../apps/store.js';
import { validatePort } from '../state/validate.js';
import {
  detectedContainerPort,
  detectedPortMappings,
  formatPortMapping,
  normalizePortMappings,
  parsePortMapping,
  PortMapping,
  readConfiguredPortMappings,
  readPortMappings,
  samePortMapping,
  webContainerPort,
  writePortMappings,
} from './store.js';

const REPORT_KEYS = ['ports-map', 'ports-map-json', 'ports-map-detected', 'ports-map-detected-json'];

/** Reports list mappings sorted (scheme, host port, container port), as Dokku prints them. */
function sorted(list: PortMapping[]): PortMapping[] {
  return [...list].sort(
    (a, b) => a.scheme.localeCompare(b.scheme) || a.hostPort - b.hostPort || a.containerPort - b.containerPort,
  );
}

/** Dokku's --ports-map-json: [{"scheme","host_port","container_port"}]. */
function mapJson(list: PortMapping[]): string {
  return JSON.stringify(
    list.map((m) => ({ scheme: m.scheme, host_port: m.hostPort, container_port: m.containerPort })),
  );
}

/** What ports:add and ports:remove start from: the configured list, else the default http:80:PORT. */
function baseMappings(app: string): PortMapping[] {
  const configured = readConfiguredPortMappings(app);
  return configured.length ? configured : [{ scheme: 'http', hostPort: 80, containerPort: detectedContainerPort(app) }];
}

async function changePorts(app: string, next: PortMapping[]): Promise<void> {
  const checked = normalizePortMappings(next);
  const portBefore = webContainerPort(app);
  const { applyRoutingChange, snapshotProp } = await import('../nginx/apply.js');
  const undo = snapshotProp('ports', app, 'map');
  await applyRoutingChange([app], () => writePortMappings(app, checked), undo);
  const portAfter = webContainerPort(app);
  if (portAfter === portBefore) return;
  const { isDeployed } = await import('../apps/runtime.js');
  const { restartForConfig } = await import('../lifecycle/apps.js');
  if (!isDeployed(app)) return;
  info(`Web processes now listen on PORT=${portAfter} (was ${portBefore})`);
  await restartForConfig(app);
}

function parseAll(args: string[]): PortMapping[] {
  if (args.length === 0)
    throw new UsageError('Please specify at least one port mapping (scheme:host-port:container-port)');
  const list = args.map(parsePortMapping);
  normalizePortMappings(list);
  return list;
}

function appAndMappings(ctx: CommandContext, spec: { name: string; usage: string }) {
  requireArgs(ctx, spec, 2);
  const app = requireApp(ctx.args[0]);
  return { app, rest: ctx.args.slice(1) };
}

const add: CommandSpec = {
  name: 'ports:add',
  access: 'app',
  usage: '<app> <scheme>:<host-port>:<container-port> [...]',
  summary: 'Add port mappings (a mapping replaces the one on the same host port)',
  app: true,
  async run(ctx) {
    const { app, rest } = appAndMappings(ctx, add);
    const given = parseAll(rest);
    let next = baseMappings(app);
    // Dokku refuses a scheme:host-port that is already mapped (ports:set replaces; ports:add adds).
    const reused = given.find((m) => next.some((o) => o.scheme === m.scheme && o.hostPort === m.hostPort));
    if (reused)
      throw new PaasError(
        `Error validating all port mappings: The same scheme:host-port is being reused: ${reused.scheme}:${reused.hostPort}`,
      );
    for (const m of given) {
      const replaced = next.find((o) => o.hostPort === m.hostPort && !samePortMapping(o, m));
      if (replaced) info(`${formatPortMapping(m)} replaces ${formatPortMapping(replaced)}`);
      next = [...next.filter((o) => o.hostPort !== m.hostPort), m];
    }
    await changePorts(app, next);
    step(`Added port mappings ${given.map(formatPortMapping).join(' ')} to ${app}`);
  },
};

const set: CommandSpec = {
  name: 'ports:set',
  access: 'app',
  usage: '<app> <scheme>:<host-port>:<container-port> [...]',
  summary: "Replace an app's port mappings",
  app: true,
  async run(ctx) {
    const { app, rest } = appAndMappings(ctx, set);
    const given = parseAll(rest);
    await changePorts(app, given);
    step(`Set port mappings ${given.map(formatPortMapping).join(' ')} for ${app}`);
  },
};

/** A full mapping removes exactly it; a bare host port removes every mapping on that port. */
function matchRemoval(arg: string): (m: PortMapping) => boolean {
  if (arg.includes(':')) {
    const r = parsePortMapping(arg);
    return (m) => samePortMapping(m, r);
  }
  const port = validatePort(arg, 'host port');
  return (m) => m.hostPort === port;
}

const remove: CommandSpec = {
  name: 'ports:remove',
  access: 'app',
  usage: '<app> <host-port>|<scheme>:<host-port>:<container-port> [...]',
  summary: 'Remove port mappings',
  app: true,
  async run(ctx) {
    const { app, rest } = appAndMappings(ctx, remove);
    const matchers = rest.map(matchRemoval);
    const base = baseMappings(app);
    rest.forEach((arg, i) => {
      if (!base.some(matchers[i])) warn(`No port mapping ${arg} for ${app}`);
    });
    const next = base.filter((m) => !matchers.some((f) => f(m)));
    if (next.length === base.length) return;
    if (next.length === 0)
      info(
        `No port mappings left for ${app}: the default ${detectedPortMappings(app).map(formatPortMapping).join(' ')} applies`,
      );
    await changePorts(app, next);
    step(`Removed port mappings ${rest.join(' ')} from ${app}`);
  },
};

const clear: CommandSpec = {
  name: 'ports:clear',
  access: 'app',
  usage: '<app>',
  summary: 'Remove every configured port mapping (the default applies)',
  app: true,
  async run(ctx) {
    requireArgs(ctx, clear, 1);
    const app = requireApp(ctx.args[0]);
    await changePorts(app, []);
    step(`Cleared port mappings for ${app}`);
  },
};

const list: CommandSpec = {
  name: 'ports:list',
  access: 'app',
  usage: '<app>',
  summary: 'List the port mappings in effect',
  app: true,
  async run(ctx) {
    requireArgs(ctx, list, 1);
    const app = requireApp(ctx.args[0]);
    // `--quiet` leaves the headers out, as Dokku's ports:list.
    if (!isQuiet()) {
      out(`-----> Port mappings for ${app}`);
      out(`    -----> scheme  host port  container port`);
    }
    for (const m of readPortMappings(app))
      out(`    ${m.scheme.padEnd(15)}${String(m.hostPort).padEnd(11)}${m.containerPort}`);
  },
};

const report: CommandSpec = {
  name: 'ports:report',
  access: 'app',
  usage: '[<app>] [--format json] [--ports-map|--ports-map-json|--ports-map-detected|--ports-map-detected-json]',
  summary: 'Show port mappings of one app or every app',
  boolean: REPORT_KEYS,
  string: ['format'],
  async run(ctx) {
    const apps = reportTargets(ctx.args[0]);
    for (const app of apps)
      printReport(
        `${app} ports information`,
        [
          { key: 'ports-map', value: sorted(readConfiguredPortMappings(app)).map(formatPortMapping).join(' ') },
          { key: 'ports-map-json', value: mapJson(sorted(readConfiguredPortMappings(app))) },
          { key: 'ports-map-detected', value: detectedPortMappings(app).map(formatPortMapping).join(' ') },
          { key: 'ports-map-detected-json', value: mapJson(detectedPortMappings(app)) },
        ],
        ctx.flags,
      );
  },
};

export const commands: CommandSpec[] = [add, clear, list, remove, report, set];
