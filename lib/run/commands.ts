// `paas run APP CMD...`: a one-off container from the live release image. Created through dockerode
// (so every create option of the release, storage and docker-options applies), then attached with the
// docker CLI (argument array, stdio inherited) so a TTY works when there is one. Removed afterwards;
// the command's exit code is paas's exit code.
import crypto from 'node:crypto';
import { execa } from 'execa';
import { CommandContext, CommandSpec } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, isQuiet, out } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { docker, isNotFound } from '../docker/client.js';
import { LABEL, listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { CreateOptions, mergeCreateOptions } from '../docker/merge.js';
import { runCreateOptions } from '../deploy/container-spec.js';
import { liveRelease } from '../release/store.js';
import { Release } from '../release/types.js';
import { parseEnvPairs, resolveCommand, takeLeadingOptions } from './argv.js';
import { expiredContainers, listRunContainers, parseTtlSeconds, TTL_LABEL } from './retire.js';
import { jsonOrPlain } from '../core/format.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
const RUN_OPTIONS = new Set(['--env', '-e', '--no-tty', '--detach', '--cron-id']);

function requireLiveRelease(app: string): Release {
  const release = liveRelease(app);
  if (!release) throw new PaasError(`App ${app} has not been deployed (push it first, or use git:from-image)`);
  return release;
}

export interface RunPlan {
  app: string;
  options: CreateOptions;
  tty: boolean;
  detach: boolean;
  /** Seconds the container may run; an attached run is stopped then, a detached one by run:retire. */
  ttl: number;
}

/** Everything `run` decides, without touching docker: tested by comparing values. */
export function planRun(
  ctx: CommandContext,
  base: (app: string, r: Release) => CreateOptions,
  isTty: boolean,
  detachFlag = false,
): RunPlan {
  const [appArg, ...after] = ctx.args;
  const app = requireApp(appArg);
  const ttl = parseTtlSeconds(ctx.flags['ttl-seconds']);
  const lead = takeLeadingOptions(after, RUN_OPTIONS);
  const env = parseEnvPairs([
    ...((ctx.flags.env as string[]) ?? []),
    ...((ctx.flags.e as string[]) ?? []),
    ...lead.env,
  ]);
  if (lead.rest.length === 0) throw new UsageError('Usage: paas run [--env KEY=VALUE] [--no-tty] <app> <command>...');
  const release = requireLiveRelease(app);
  const detach = detachFlag || lead.detach || ctx.flags.detach === true;
  const tty = !detach && isTty && !(ctx.flags['no-tty'] === true || lead.noTty);
  const name = `${app}.run.${crypto.randomBytes(3).toString('hex')}`;
  const b = base(app, release);
  const cronId = (typeof ctx.flags['cron-id'] === 'string' ? ctx.flags['cron-id'] : undefined) ?? lead.cronId;
  if (cronId !== undefined && !/^[0-9a-z]+$/.test(cronId))
    throw new UsageError(`Invalid --cron-id ${JSON.stringify(cronId)}: ids are lowercase letters and digits`);
  const interactive = !detach;
  const options = mergeCreateOptions(b, {
    name,
    Cmd: resolveCommand(lead.rest, release.processes),
    Env: env,
    Tty: tty,
    OpenStdin: interactive,
    StdinOnce: interactive,
    AttachStdin: interactive,
    AttachStdout: interactive,
    AttachStderr: interactive,
    Labels: {
      ...(cronId ? { ...b.Labels, [LABEL.process]: 'cron', [LABEL.cronId]: cronId } : b.Labels),
      [TTL_LABEL]: String(ttl),
    },
  });
  return { app, options, tty, detach, ttl };
}

/** A one-off container keeps its volumes (as it always has); 409: docker is removing it already. */
async function removeQuietly(id: string): Promise<void> {
  await removeContainerQuietly(id, { keepVolumes: true, ignore: [409] });
}

async function runOneOff(plan: RunPlan): Promise<number> {
  const container = await docker().createContainer(plan.options);
  if (plan.detach) {
    await container.start();
    info(`Running ${plan.options.Cmd?.join(' ')} in ${plan.options.name} (detached; see paas run:list ${plan.app})`);
    out(plan.options.name!);
    return 0;
  }
  // Ctrl-C belongs to the command in the container; paas stays to clean up after it.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  // Node timers hold at most ~24.8 days; a longer TTL is left to run:retire.
  const deadline =
    plan.ttl * 1000 <= MAX_TIMER_MS
      ? setTimeout(() => {
          info(`${plan.options.name} ran past its --ttl-seconds (${plan.ttl}); stopping it`);
          container.stop({ t: 10 }).catch(() => {});
        }, plan.ttl * 1000)
      : undefined;
  try {
    const r = await execa('docker', ['start', '--attach', '--interactive', container.id], {
      stdio: 'inherit',
      reject: false,
    });
    try {
      const state = (await container.inspect()).State;
      if (!state.Running) return state.ExitCode;
    } catch (e) {
      if (!isNotFound(e)) throw e; // removed already (a --rm from docker-options)
    }
    return typeof r.exitCode === 'number' ? r.exitCode : 1;
  } finally {
    clearTimeout(deadline);
    await removeQuietly(container.id);
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
  }
}

const runSpec: CommandSpec = {
  name: 'run',
  access: 'app',
  usage: '[--env KEY=VALUE]... [--no-tty] [--detach] [--ttl-seconds SECONDS] [--cron-id ID] <app> <command>...',
  summary: 'Run a command in a new container of the live release (exit code passes through)',
  app: true,
  stopEarly: true,
  repeat: ['env', 'e'],
  string: ['ttl-seconds', 'cron-id'],
  boolean: ['no-tty', 'detach'],
  async run(ctx) {
    const plan = planRun(ctx, runCreateOptions, !!process.stdin.isTTY && !!process.stdout.isTTY);
    return runOneOff(plan);
  },
};

const detachedSpec: CommandSpec = {
  name: 'run:detached',
  access: 'app',
  usage: '[--env KEY=VALUE]... [--ttl-seconds SECONDS] <app> <command>...',
  summary: 'Run a command in a new container in the background (prints its name)',
  app: true,
  stopEarly: true,
  repeat: ['env', 'e'],
  string: ['ttl-seconds'],
  async run(ctx) {
    return runOneOff(planRun(ctx, runCreateOptions, false, true));
  },
};

const listSpec: CommandSpec = {
  name: 'run:list',
  access: 'app',
  usage: '<app> [--format json] [--quiet]',
  summary: 'List the one-off containers of an app (--quiet: names only)',
  app: true,
  string: ['format'],
  boolean: ['quiet'],
  async run(ctx) {
    const app = requireApp(ctx.args[0]);
    const list = await listAppContainers(app, { kind: 'run' });
    const rows = await Promise.all(
      list.map(async (c) => {
        const i = await docker().getContainer(c.id).inspect();
        return {
          name: c.name,
          state: c.state,
          command: [...(i.Config.Entrypoint ?? []), ...(i.Config.Cmd ?? [])].join(' '),
          created_at: i.Created,
        };
      }),
    );
    if (jsonOrPlain(ctx.flags.format, ['stdout'], 'Invalid --format value (use stdout or json)') === 'json')
      return void out(JSON.stringify(rows));
    if (ctx.flags.quiet === true || isQuiet()) {
      for (const r of rows) out(r.name);
      return;
    }
    info(`${app} run containers`);
    out(['NAME', 'STATE', 'COMMAND', 'CREATED'].join('\t'));
    for (const r of rows) out([r.name, r.state, r.command, r.created_at].join('\t'));
  },
};

const stopSpec: CommandSpec = {
  name: 'run:stop',
  access: 'app',
  usage: '<app> <name>|--all',
  summary: 'Stop and remove one-off containers of an app',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const app = requireApp(ctx.args[0]);
    const name = ctx.args[1];
    if (!name && !ctx.flags.all) throw new UsageError(`Usage: paas run:stop ${stopSpec.usage}`);
    const list = (await listAppContainers(app, { kind: 'run' })).filter((c) => ctx.flags.all || c.name === name);
    if (!ctx.flags.all && list.length === 0)
      throw new PaasError(`No one-off container ${name} for ${app} (see paas run:list ${app})`);
    for (const c of list) {
      await removeQuietly(c.id);
      info(`Removed ${c.name}`);
    }
  },
};

const retireSpec: CommandSpec = {
  name: 'run:retire',
  usage: '[<app>]',
  summary: 'Remove one-off containers (of one app, or all) that ran past their --ttl-seconds',
  app: true,
  async run(ctx) {
    if (ctx.args.length > 1) throw new UsageError(`Usage: paas run:retire ${retireSpec.usage}`);
    const app = ctx.args[0] ? requireApp(ctx.args[0]) : undefined;
    const expired = expiredContainers(await listRunContainers(app), Math.floor(Date.now() / 1000));
    for (const c of expired) {
      await removeQuietly(c.id);
      info(`Retired ${c.name}`);
    }
  },
};

export const commands: CommandSpec[] = [runSpec, detachedSpec, listSpec, stopSpec, retireSpec];
