// `paas enter APP [PROC[.IDX]|--container-id ID] [CMD...]`: docker exec into a running container of the
// app (never another app's: the id must carry the app's label). Exit code passes through.
import { execa } from 'execa';
import { CommandSpec } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { requireApp } from '../apps/store.js';
import { AppContainer, listAppContainers } from '../docker/containers.js';
import { liveDeployId } from '../ps/store.js';
import { takeLeadingOptions } from './argv.js';
import { enterShell } from '../scheduler/settings.js';

/** bash when the image has it, else sh: what a person entering a container expects. */
export const DEFAULT_SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

export interface EnterChoice {
  container: AppContainer;
  command: string[];
}

/** Pick the container and the command from the words after the app. Pure, for tests. */
export function chooseContainer(
  app: string,
  containers: AppContainer[],
  words: string[],
  containerId?: string,
): EnterChoice {
  const running = containers.filter((c) => c.running);
  const names = running.map((c) => c.dyno || c.name);
  if (containerId !== undefined) {
    if (!/^[0-9a-f]{4,64}$/.test(containerId))
      throw new UsageError(`Invalid --container-id ${JSON.stringify(containerId)}: use a hex id`);
    const hit = containers.filter((c) => c.id.startsWith(containerId));
    if (hit.length !== 1) throw new PaasError(`No container ${containerId} belongs to ${app}`);
    if (!hit[0].running) throw new PaasError(`Container ${hit[0].name} is not running (state: ${hit[0].state})`);
    return { container: hit[0], command: words.length ? words : DEFAULT_SHELL };
  }
  if (running.length === 0) throw new PaasError(`App ${app} has no running containers`);
  const [first, ...rest] = words;
  if (first !== undefined) {
    const exact = running.find((c) => (c.dyno || c.name) === first);
    const byProc = running.filter((c) => c.process === first);
    if (exact) return { container: exact, command: rest.length ? rest : DEFAULT_SHELL };
    if (byProc.length) return { container: byProc[0], command: rest.length ? rest : DEFAULT_SHELL };
    if (/^[A-Za-z0-9][A-Za-z0-9_-]*\.[0-9]+$/.test(first))
      throw new PaasError(`No running container ${first} for ${app} (running: ${names.join(', ')})`);
  }
  if (running.length > 1)
    throw new UsageError(
      `App ${app} runs several containers; name one: paas enter ${app} <${names.join('|')}> [command]`,
    );
  return { container: running[0], command: words.length ? words : DEFAULT_SHELL };
}

const enterSpec: CommandSpec = {
  name: 'enter',
  access: 'app',
  usage: '<app> [<process>[.<index>]|--container-id <id>] [<command>...]',
  summary: 'Run a command (default: a shell) in a running container of the app',
  app: true,
  stopEarly: true,
  string: ['container-id'],
  async run(ctx) {
    const [appArg, ...after] = ctx.args;
    const app = requireApp(appArg);
    const lead = takeLeadingOptions(after, new Set(['--container-id']));
    const containerId = lead.containerId ?? (ctx.flags['container-id'] as string | undefined);
    const deploy = liveDeployId(app);
    // The live deploy's containers first; any deploy container of the app is enterable by id.
    const all = await listAppContainers(app, { kind: 'deploy' });
    const pool = containerId !== undefined || !deploy ? all : all.filter((c) => c.deploy === deploy);
    const choice = chooseContainer(app, pool, lead.rest, containerId);
    // scheduler:set APP shell (Dokku): the shell to start when no command is given.
    const shell = choice.command === DEFAULT_SHELL ? enterShell(app) : '';
    if (shell) choice.command = [shell];
    const tty = !!process.stdin.isTTY && !!process.stdout.isTTY;
    const ignore = () => {};
    process.on('SIGINT', ignore);
    try {
      const r = await execa('docker', ['exec', '-i', ...(tty ? ['-t'] : []), choice.container.id, ...choice.command], {
        stdio: 'inherit',
        reject: false,
      });
      return typeof r.exitCode === 'number' ? r.exitCode : 1;
    } finally {
      process.off('SIGINT', ignore);
    }
  },
};

export const commands: CommandSpec[] = [enterSpec];
