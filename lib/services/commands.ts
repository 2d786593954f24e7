// The commands every service kind has (dokku-postgres / dokku-redis / dokku-mysql names and outputs),
// made once for a kind definition.
import { execa } from 'execa';
import { PaasError, UsageError } from '../core/errors.js';
import { CommandContext, CommandSpec, flagString } from '../cli/command.js';
import { confirmByName } from '../cli/confirm.js';
import { info, isQuiet, out, step } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { containerName, imageRef, KINDS, KindDefinition, ServiceKind } from './kinds.js';
import { linkService, lockService, unlinkService } from './link.js';
import {
  inspectServiceContainer,
  removeServiceContainer,
  removeServiceFiles,
  startServiceContainer,
  stopServiceContainer,
} from './runtime.js';
import { dumpTempFile, importFromFile, spoolStdin } from './dump.js';
import { moreServiceCommands, needService, needServiceAndApp } from './more-commands.js';
import { createService, exposedPortsText, INFO_FLAGS, infoRows, liveLinks } from './service-create.js';
import {
  listServices,
  parseCustomEnv,
  readCredentials,
  readLinks,
  requireService,
  requireServiceApp,
  serviceExists,
  validatePassword,
  validateServiceName,
} from './store.js';

async function list(def: KindDefinition): Promise<void> {
  const names = listServices(def);
  if (names.length === 0) {
    info(`There are no ${def.title} services`);
    return;
  }
  // `--quiet`: the bare names, what dokku-postgres's service_list prints under --quiet.
  if (isQuiet()) return void names.forEach((n) => out(n));
  const rows = [['NAME', 'VERSION', 'STATUS', 'EXPOSED PORTS', 'LINKS']];
  for (const n of names) {
    const c = await inspectServiceContainer(def, n);
    const links = liveLinks(def, n);
    rows.push([
      n,
      imageRef(def),
      c ? c.status : 'missing',
      exposedPortsText(def, n),
      links.length ? links.join(' ') : '-',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) out(r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]))).join('  '));
}

async function destroy(def: KindDefinition, ctx: CommandContext): Promise<void> {
  const name = requireService(def, ctx.args[0]);
  const links = liveLinks(def, name);
  if (links.length)
    throw new PaasError(
      `Cannot delete linked service ${name} (linked to ${links.join(', ')}); unlink it first: paas ${def.kind}:unlink ${name} APP`,
    );
  await confirmByName(`${def.kind} service`, name, ctx.flags.force === true);
  await lockService(def, name, async () => {
    if (liveLinks(def, name).length) throw new PaasError(`Cannot delete linked service ${name}`);
    step(`Deleting ${name}`);
    if (await stopServiceContainer(def, name)) info('Container stopped');
    await removeServiceContainer(def, name);
    await removeServiceFiles(def, name);
    step(`${def.title} container deleted: ${name}`);
  });
}

/** docker exec with the person's terminal (or pipes): connect, export, import. */
async function execAttached(
  def: KindDefinition,
  name: string,
  cmd: string[],
  opts: { tty: boolean; stdin: boolean },
): Promise<number> {
  const c = await inspectServiceContainer(def, name);
  if (!c?.running)
    throw new PaasError(`${def.kind} service ${name} is not running (start it with: paas ${def.kind}:start ${name})`);
  const flags = opts.stdin ? (opts.tty && process.stdin.isTTY && process.stdout.isTTY ? ['-it'] : ['-i']) : [];
  const r = await execa('docker', ['exec', ...flags, containerName(def, name), ...cmd], {
    stdin: opts.stdin ? 'inherit' : 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  return r.exitCode ?? 1;
}

export function serviceCommands(kind: ServiceKind): CommandSpec[] {
  const def = KINDS[kind];
  // dokku-redis's texts for a missing service or app (scripts grep for them).
  const need = (ctx: CommandContext, _spec: unknown, n: number) => (n >= 2 ? needServiceAndApp(ctx) : needService(ctx));
  const specs: CommandSpec[] = [
    {
      name: `${kind}:create`,
      usage: '<service> [--password PASSWORD] [--custom-env "A=1;B=2"]',
      summary: `Create a ${def.title} service`,
      string: ['password', 'custom-env', 'C', 'image', 'i', 'image-version', 'I'],
      async run(ctx) {
        need(ctx, this, 1);
        if (['image', 'i', 'image-version', 'I'].some((f) => ctx.flags[f] !== undefined))
          throw new UsageError(
            `--image and --image-version are not supported: paas makes the ${def.kind} image locally (${imageRef(def)})`,
          );
        const pw = flagString(ctx.flags, 'password');
        const env = flagString(ctx.flags, 'custom-env') ?? flagString(ctx.flags, 'C');
        const name = await createService(def, ctx.args[0], {
          password: pw === undefined ? undefined : validatePassword(pw),
          customEnv: env === undefined ? undefined : parseCustomEnv(env),
        });
        printReport(`${name} ${def.kind} service information`, await infoRows(def, name), {});
      },
    },
    {
      name: `${kind}:info`,
      usage: '<service> [--dsn|--status|--links|... (one info flag)] [--format json]',
      summary: 'Show connection and container details of a service',
      boolean: INFO_FLAGS,
      string: ['format'],
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        printReport(`${name} ${def.kind} service information`, await infoRows(def, name), ctx.flags);
      },
    },
    {
      name: `${kind}:list`,
      usage: '',
      summary: `List ${def.title} services`,
      async run() {
        await list(def);
      },
    },
    {
      name: `${kind}:exists`,
      usage: '<service>',
      summary: 'Exit 0 when the service exists',
      async run(ctx) {
        need(ctx, this, 1);
        const name = validateServiceName(ctx.args[0]);
        if (!serviceExists(def, name)) throw new PaasError(`${def.kind} service ${name} does not exist`);
        info(`Service ${name} exists`);
      },
    },
    {
      name: `${kind}:link`,
      usage: '<service> <app> [--alias ALIAS] [--querystring QUERY] [--no-restart]',
      summary: `Link a service to an app (sets ${def.envVar})`,
      string: ['alias', 'querystring'],
      boolean: ['no-restart'],
      async run(ctx) {
        need(ctx, this, 2);
        await linkService(def, ctx.args[0], ctx.args[1], {
          alias: flagString(ctx.flags, 'alias'),
          querystring: flagString(ctx.flags, 'querystring'),
          restart: ctx.flags['no-restart'] !== true,
        });
      },
    },
    {
      name: `${kind}:unlink`,
      usage: '<service> <app> [--no-restart]',
      summary: 'Unlink a service from an app',
      boolean: ['no-restart'],
      async run(ctx) {
        need(ctx, this, 2);
        await unlinkService(def, ctx.args[0], ctx.args[1], { restart: ctx.flags['no-restart'] !== true });
      },
    },
    {
      name: `${kind}:linked`,
      usage: '<service> <app>',
      summary: 'Exit 0 when the service is linked to the app',
      async run(ctx) {
        need(ctx, this, 2);
        const name = requireService(def, ctx.args[0]);
        const app = requireServiceApp(ctx.args[1]);
        if (!readLinks(def, name).includes(app)) throw new PaasError(`Service ${name} is not linked to ${app}`);
        info(`Service ${name} is linked to ${app}`);
      },
    },
    {
      name: `${kind}:links`,
      usage: '<service>',
      summary: 'List the apps a service is linked to',
      async run(ctx) {
        need(ctx, this, 1);
        for (const a of liveLinks(def, requireService(def, ctx.args[0]))) out(a);
      },
    },
    {
      name: `${kind}:destroy`,
      usage: '<service> [--force]',
      summary: 'Delete a service and its data (refused while linked)',
      boolean: ['force', 'f'],
      async run(ctx) {
        need(ctx, this, 1);
        if (ctx.flags.f === true) ctx.flags.force = true;
        await destroy(def, ctx);
      },
    },
    {
      name: `${kind}:start`,
      usage: '<service>',
      summary: 'Start a stopped service',
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        step(`Starting container`);
        await startServiceContainer(def, name, readCredentials(def, name));
        info(`Container started: ${name}`);
      },
    },
    {
      name: `${kind}:stop`,
      usage: '<service>',
      summary: 'Stop a running service (its data stays)',
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        step(`Stopping container`);
        if (await stopServiceContainer(def, name)) info('Container stopped');
        else info('No container running');
      },
    },
    {
      name: `${kind}:restart`,
      usage: '<service>',
      summary: 'Restart a service',
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        step(`Restarting container: ${name}`);
        await stopServiceContainer(def, name);
        await startServiceContainer(def, name, readCredentials(def, name));
        info(`Container restarted: ${name}`);
      },
    },
    {
      name: `${kind}:logs`,
      usage: '<service> [-t|--tail] [-n|--num N]',
      summary: "Show a service's logs",
      boolean: ['t', 'tail'],
      string: ['n', 'num'],
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        const num = flagString(ctx.flags, 'num') ?? flagString(ctx.flags, 'n') ?? '100';
        if (!/^[0-9]+$/.test(num)) throw new UsageError(`Invalid --num ${JSON.stringify(num)}: use a number of lines`);
        if (!(await inspectServiceContainer(def, name)))
          throw new PaasError(`${def.kind} service ${name} has no container`);
        const follow = ctx.flags.t === true || ctx.flags.tail === true ? ['--follow'] : [];
        const r = await execa('docker', ['logs', '--tail', num, ...follow, containerName(def, name)], {
          stdin: 'ignore',
          stdout: 'inherit',
          stderr: 'inherit',
          reject: false,
        });
        return r.exitCode ?? 1;
      },
    },
    {
      name: `${kind}:connect`,
      usage: '<service>',
      summary: `Open a ${def.title} client on the service`,
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        return execAttached(def, name, def.connect(readCredentials(def, name)), { tty: true, stdin: true });
      },
    },
    {
      name: `${kind}:export`,
      usage: '<service> > dump',
      summary: 'Write a dump of the service to stdout',
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        if (process.stdout.isTTY)
          throw new UsageError(`Redirect the dump to a file: paas ${kind}:export ${name} > dump`);
        const code = await execAttached(def, name, def.exportCommand(readCredentials(def, name)), {
          tty: false,
          stdin: false,
        });
        if (code !== 0) throw new PaasError(`Export of ${kind} service ${name} failed`);
      },
    },
    {
      name: `${kind}:import`,
      usage: '<service> < dump',
      summary: 'Restore a dump from stdin into the service',
      async run(ctx) {
        need(ctx, this, 1);
        const name = requireService(def, ctx.args[0]);
        const tmp = dumpTempFile(kind);
        try {
          await spoolStdin(tmp.file);
          await importFromFile(def, name, tmp.file);
        } finally {
          tmp.cleanup();
        }
      },
    },
    ...moreServiceCommands(def),
  ];
  return specs;
}
