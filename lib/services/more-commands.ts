// dokku-redis / dokku-postgres commands beyond the basic life cycle: expose, unexpose, pause, promote,
// clone, app-links. Argument errors use the plugins' texts, which scripts and people grep for.
import net from 'node:net';
import { PaasError, UsageError } from '../core/errors.js';
import { CommandContext, CommandSpec, flagString } from '../cli/command.js';
import { heading, info, out, step, warn } from '../core/log.js';
import { validatePort } from '../state/validate.js';
import { imageRef, KindDefinition } from './kinds.js';
import { lockService, promoteService } from './link.js';
import { dumpTempFile, exportToFile, importFromFile } from './dump.js';
import {
  inspectServiceContainer,
  removeServiceContainer,
  startServiceContainer,
  stopServiceContainer,
} from './runtime.js';
import { createService, exposedPortsText } from './service-create.js';
import {
  listServices,
  readCredentials,
  readExposedPorts,
  readLinks,
  requireService,
  requireServiceApp,
  serviceExists,
  validatePassword,
  validateServiceName,
  writeExposedPorts,
} from './store.js';

/** dokku-redis's argument checks, in its words. */
export function needService(ctx: CommandContext): void {
  if (!ctx.args[0]) throw new UsageError('Please specify a valid name for the service');
}

export function needServiceAndApp(ctx: CommandContext): void {
  needService(ctx);
  if (!ctx.args[1]) throw new UsageError('Please specify an app to run the command on');
}

/** A free TCP port on the host (Dokku's get_random_ports). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The container is made again so its published ports follow the PORT file; it keeps its data dir. */
async function recreateContainer(def: KindDefinition, name: string): Promise<void> {
  await stopServiceContainer(def, name);
  await removeServiceContainer(def, name);
  await startServiceContainer(def, name, readCredentials(def, name));
}

async function expose(def: KindDefinition, ctx: CommandContext): Promise<void> {
  const name = requireService(def, ctx.args[0]);
  const given = ctx.args.slice(1);
  if (given.length > 1)
    throw new UsageError(`1 ports to be exposed need to be provided in the following order: ${def.port}`);
  const wanted = given.length ? String(validatePort(given[0], 'port')) : undefined;
  await lockService(def, name, async () => {
    const tracked = readExposedPorts(def, name);
    if (tracked.length) throw new PaasError(`Service ${name} already exposed on port(s) ${tracked.join(' ')}`);
    const c = await inspectServiceContainer(def, name);
    if (c?.ports.length) warn(`Service ${name} has an untracked expose container, removing`);
    const port = wanted ?? String(await freePort());
    writeExposedPorts(def, name, [port]);
    try {
      await recreateContainer(def, name);
    } catch (e) {
      // The port was taken (or the start failed otherwise): back to the unexposed container.
      writeExposedPorts(def, name, []);
      await recreateContainer(def, name).catch(() => undefined);
      throw e;
    }
    step(`Service ${name} exposed on port(s) [container->host]: ${exposedPortsText(def, name)}`);
  });
}

async function unexpose(def: KindDefinition, ctx: CommandContext): Promise<void> {
  const name = requireService(def, ctx.args[0]);
  await lockService(def, name, async () => {
    writeExposedPorts(def, name, []);
    const c = await inspectServiceContainer(def, name);
    if (c?.ports.length) await recreateContainer(def, name);
    step(`Service ${name} unexposed`);
  });
}

async function clone(def: KindDefinition, ctx: CommandContext): Promise<void> {
  needService(ctx);
  if (!ctx.args[1]) throw new UsageError('Please specify a name for the new service');
  const from = requireService(def, ctx.args[0]);
  const to = validateServiceName(ctx.args[1]);
  if (serviceExists(def, to))
    throw new PaasError(`Invalid service name ${to}. Verify the service name is not already in use.`);
  const pw = flagString(ctx.flags, 'password');
  const c = await inspectServiceContainer(def, from);
  if (!c?.running) throw new PaasError(`Service ${from} container is not running`);
  heading(`Cloning ${from} to ${to} @ ${imageRef(def)}`);
  const tmp = dumpTempFile(def.kind);
  try {
    // The dump is taken first: a source that cannot be read leaves no new service behind.
    await exportToFile(def, from, tmp.file);
    await createService(def, to, { password: pw === undefined ? undefined : validatePassword(pw) });
    step(`Copying data from ${from} to ${to}`);
    await importFromFile(def, to, tmp.file);
  } finally {
    tmp.cleanup();
  }
  heading('Done');
}

export function moreServiceCommands(def: KindDefinition): CommandSpec[] {
  const kind = def.kind;
  return [
    {
      name: `${kind}:expose`,
      usage: '<service> [PORT]',
      summary: 'Publish the service on a host port (a free one when none is given)',
      async run(ctx) {
        needService(ctx);
        await expose(def, ctx);
      },
    },
    {
      name: `${kind}:unexpose`,
      usage: '<service>',
      summary: 'Stop publishing the service on a host port',
      async run(ctx) {
        needService(ctx);
        await unexpose(def, ctx);
      },
    },
    {
      name: `${kind}:pause`,
      usage: '<service>',
      summary: 'Pause a running service (stop its container, keep it and its data)',
      async run(ctx) {
        needService(ctx);
        const name = requireService(def, ctx.args[0]);
        const c = await inspectServiceContainer(def, name);
        if (!c?.running) return void warn('Service is already paused');
        step('Pausing container');
        await stopServiceContainer(def, name);
        info('Container paused');
      },
    },
    {
      name: `${kind}:promote`,
      usage: '<service> <app> [--no-restart]',
      summary: `Make the service's URL the app's ${def.envVar}`,
      boolean: ['no-restart'],
      async run(ctx) {
        needServiceAndApp(ctx);
        await promoteService(def, ctx.args[0], ctx.args[1], { restart: ctx.flags['no-restart'] !== true });
      },
    },
    {
      name: `${kind}:clone`,
      usage: '<service> <new-service> [--password PASSWORD]',
      summary: 'Create a new service with a copy of the data of another',
      string: ['password'],
      async run(ctx) {
        await clone(def, ctx);
      },
    },
    {
      name: `${kind}:app-links`,
      usage: '<app>',
      summary: `List the ${def.title} services linked to an app`,
      async run(ctx) {
        if (!ctx.args[0]) throw new UsageError('Please specify an app to run the command on');
        const app = requireServiceApp(ctx.args[0]);
        for (const s of listServices(def)) if (readLinks(def, s).includes(app)) out(s);
      },
    },
  ];
}
