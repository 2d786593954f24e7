// `paas logs APP [-n N] [-t] [-p PROC] [-q]` and `logs:failed`: the app's container output, each line
// "TIMESTAMP app[web.1]: text" as Dokku prints it (-q: the text only).
import fs from 'node:fs';
import { CommandContext, CommandSpec, flagString } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, out, step } from '../core/log.js';
import { propertyReportSpec } from '../cli/property-commands.js';
import { listApps, requireApp } from '../apps/store.js';
import { GLOBAL, setOrClearProp } from '../state/props.js';
import { AppContainer, listAppContainers } from '../docker/containers.js';
import { liveDeployId } from '../ps/store.js';
import { validatePositiveInt, validateProcessType } from '../state/validate.js';
import { failedLogPath, followContainerLogs, formatLogLine, LogLine, readContainerLogs } from './read.js';
import { computedMaxSize, LOGS_NS, rawMaxSize, validateMaxSize } from './settings.js';

/** Dokku's logs properties that manage its vector container, which paas does not ship. */
const VECTOR_PROPS = ['app-label-alias', 'vector-cron-sink', 'vector-image', 'vector-networks', 'vector-sink'];

const DEFAULT_LINES = 100;

export interface LogsOptions {
  num: number | undefined;
  follow: boolean;
  proc?: string;
  quiet: boolean;
}

export function logsOptions(ctx: CommandContext): LogsOptions {
  const num = flagString(ctx.flags, 'num') ?? flagString(ctx.flags, 'n');
  const proc = flagString(ctx.flags, 'ps') ?? flagString(ctx.flags, 'p');
  const n = num === undefined ? DEFAULT_LINES : validatePositiveInt(num, '--num');
  return {
    // 0 means every line, as `docker logs` without --tail
    num: n === 0 ? undefined : n,
    follow: ctx.flags.tail === true || ctx.flags.t === true,
    proc: proc === undefined || proc === '' ? undefined : validateProcessType(proc),
    quiet: ctx.flags.quiet === true || ctx.flags.q === true,
  };
}

/** Lines of several containers in time order; a line without a timestamp stays after its predecessor. */
export function mergeByTime(groups: { dyno: string; lines: LogLine[] }[]): { dyno: string; line: LogLine }[] {
  const all = groups.flatMap((g) => g.lines.map((line, i) => ({ dyno: g.dyno, line, i })));
  all.sort((a, b) =>
    a.line.ts && b.line.ts && a.line.ts !== b.line.ts
      ? a.line.ts < b.line.ts
        ? -1
        : 1
      : a.dyno === b.dyno
        ? a.i - b.i
        : 0,
  );
  return all.map(({ dyno, line }) => ({ dyno, line }));
}

async function appLogContainers(app: string, proc: string | undefined): Promise<AppContainer[]> {
  const deploy = liveDeployId(app);
  if (!deploy) throw new PaasError(`App ${app} has not been deployed`);
  const list = await listAppContainers(app, { kind: 'deploy', deploy, process: proc });
  if (list.length === 0)
    throw new PaasError(proc ? `App ${app} has no ${proc} containers` : `App ${app} has no containers`);
  return list;
}

const logsSpec: CommandSpec = {
  name: 'logs',
  access: 'app',
  usage: '<app> [-n|--num NUM] [-t|--tail] [-p|--ps PROCESS] [-q|--quiet]',
  summary: "Show the app's logs (-t follows them)",
  app: true,
  boolean: ['tail', 't', 'quiet', 'q'],
  string: ['num', 'n', 'ps', 'p'],
  async run(ctx) {
    const app = requireApp(ctx.args[0]);
    if (ctx.args.length > 1) throw new UsageError(`Usage: paas logs ${logsSpec.usage}`);
    const o = logsOptions(ctx);
    // Cron task containers are gone after each run: their output is kept in the app's cron log.
    if (o.proc === 'cron') {
      const cronLog = await import('../cron/log.js');
      const show = (l: LogLine & { dyno: string }) => out(formatLogLine(l, l.dyno, o.quiet));
      cronLog.readCronLog(app, o.num).forEach(show);
      if (o.follow) await cronLog.followCronLog(app, show);
      return;
    }
    const containers = await appLogContainers(app, o.proc);
    if (o.follow) {
      await Promise.all(
        containers.map((c) =>
          followContainerLogs(c.id, { tail: o.num }, (l) => out(formatLogLine(l, c.dyno || c.name, o.quiet))),
        ),
      );
      return;
    }
    const groups = await Promise.all(
      containers.map(async (c) => ({
        dyno: c.dyno || c.name,
        lines: await readContainerLogs(c.id, { tail: o.num }),
      })),
    );
    for (const { dyno, line } of mergeByTime(groups)) out(formatLogLine(line, dyno, o.quiet));
  },
};

const failedSpec: CommandSpec = {
  name: 'logs:failed',
  access: 'app',
  usage: '<app>|--all',
  summary: 'Show the output of the containers of the last failed deploy',
  app: true,
  boolean: ['all'],
  async run(ctx) {
    const apps = ctx.flags.all ? listApps() : [requireApp(ctx.args[0])];
    let shown = 0;
    for (const app of apps) {
      let text: string;
      try {
        text = fs.readFileSync(failedLogPath(app), 'utf8');
      } catch {
        continue;
      }
      shown++;
      if (apps.length > 1) info(`${app}:`);
      process.stdout.write(text);
    }
    if (!shown) info(ctx.flags.all ? 'No failed deploys recorded' : `No failed deploy recorded for ${apps[0]}`);
  },
};

const setSpec: CommandSpec = {
  name: 'logs:set',
  access: 'app',
  usage: '[--global|<app>] max-size [<value>]',
  summary: "Set or clear the size at which a deploy container's log rotates (max-size; default 10m, or unlimited)",
  examples: ['paas logs:set --global max-size 50m', 'paas logs:set myapp max-size unlimited'],
  boolean: ['global'],
  async run(ctx) {
    const global = ctx.flags.global === true;
    if (!global && ctx.args.length === 0) throw new UsageError('Please specify an app to run the command on');
    const scope = global ? GLOBAL : requireApp(ctx.args[0]);
    const rest = global ? ctx.args : ctx.args.slice(1);
    const [key, value] = rest;
    if (!key) throw new UsageError('No property specified');
    if (VECTOR_PROPS.includes(key))
      throw new UsageError(
        `${key} is not supported: paas ships no vector log shipper (valid properties include: max-size)`,
      );
    if (key !== 'max-size' || rest.length > 2)
      throw new UsageError('Invalid property specified, valid properties include: max-size');
    const v = value === undefined || value === '' ? undefined : validateMaxSize(value);
    setOrClearProp(LOGS_NS, scope, key, v);
    const who = global ? 'globally' : `for ${scope}`;
    step(v === undefined ? `Unsetting ${key} ${who}` : `Setting ${key} to ${v} ${who}`);
    if (!global) info('The next deploy of the app applies it');
  },
};

const reportSpec = propertyReportSpec({
  name: 'logs',
  keys: ['max-size'],
  reportSummary: 'Show the logs settings of one app, every app, or the global settings',
  raw: (scope) => rawMaxSize(scope),
  computed: (scope) => computedMaxSize(scope),
});

export const commands: CommandSpec[] = [logsSpec, failedSpec, reportSpec, setSpec];
