// buildpacks:add/set/remove/clear/list/report/set-property, Dokku's buildpack management commands.
// Every buildpack is checked against the table of buildpacks paas runs with its own builders before
// anything is written.
import { CommandContext, CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { printReport, ReportRow } from '../cli/report.js';
import { UsageError } from '../core/errors.js';
import { info, isQuiet, out, step } from '../core/log.js';
import { requireApp, reportTargets } from '../apps/store.js';
import { isDeployed } from '../apps/runtime.js';
import { setOrClearProp } from '../state/props.js';
import { validateImageRef } from '../build/settings.js';
import { expandBuildpackUrl, validBuildpack } from './urls.js';
import { BUILDPACKS_NS, GLOBAL, listAdd, listSet, readBuildpacks, readStack, writeBuildpacks } from './store.js';

/** --index N: a positive integer (Dokku counts from 1); undefined when not given. */
export function parseIndex(ctx: CommandContext): number | undefined {
  const v = flagString(ctx.flags, 'index');
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new UsageError(`Invalid --index ${JSON.stringify(v)}: use 1 or more`);
  return Number(v);
}

function rebuildHint(app: string): void {
  if (isDeployed(app)) info(`Rebuild required: run "paas ps:rebuild ${app}" to build with the new buildpacks`);
}

export function buildpacksReportRows(app: string): ReportRow[] {
  const stack = readStack(app);
  const global = readStack(GLOBAL);
  return [
    { key: 'buildpacks-computed-stack', value: stack || global },
    { key: 'buildpacks-global-stack', value: global },
    { key: 'buildpacks-list', value: readBuildpacks(app).join(',') },
    { key: 'buildpacks-stack', value: stack },
  ];
}

export const commands: CommandSpec[] = [
  {
    name: 'buildpacks:add',
    access: 'app',
    usage: '[--index N] <app> <buildpack>',
    summary: 'Add a buildpack to an app, at a position with --index (1 is the first)',
    description:
      'paas runs the buildpacks it knows with its own builders (see buildpacks:help); an unknown one is refused.',
    examples: [
      'paas buildpacks:add cards https://github.com/heroku/heroku-buildpack-google-chrome',
      'paas buildpacks:add cards heroku/python',
    ],
    app: true,
    string: ['index'],
    async run(ctx) {
      const index = parseIndex(ctx) ?? 0;
      requireArgs(ctx, this, 2);
      if (ctx.args.length > 2) throw new UsageError(`Too many arguments: paas ${this.name} ${this.usage}`);
      const app = requireApp(ctx.args[0]);
      const url = validBuildpack(ctx.args[1]);
      writeBuildpacks(app, listAdd(readBuildpacks(app), url, index));
      step(`Added ${url} to ${app}`);
      rebuildHint(app);
    },
  },
  {
    name: 'buildpacks:set',
    access: 'app',
    usage: '[--index N] <app> <buildpack> | --replace <app> <buildpack>...',
    summary:
      'Set the buildpack at a position (--index, 1 by default; past the end appends), or the whole list with --replace',
    app: true,
    string: ['index'],
    boolean: ['replace'],
    async run(ctx) {
      const given = parseIndex(ctx);
      const app = requireApp(ctx.args[0]);
      const urls = ctx.args.slice(1);
      if (ctx.flags.replace) {
        if (given !== undefined) throw new UsageError('The --index flag cannot be used with --replace');
        if (urls.length === 0)
          throw new UsageError('Must specify at least one buildpack, use buildpacks:clear to remove all buildpacks');
        const list = urls.map(validBuildpack);
        writeBuildpacks(app, list);
        step(`Set the buildpacks of ${app} to ${list.join(', ')}`);
        rebuildHint(app);
        return;
      }
      if (urls.length === 0) throw new UsageError('Must specify a buildpack');
      if (urls.length > 1) throw new UsageError('Setting multiple buildpacks requires the --replace flag');
      const index = given ?? 1;
      const url = validBuildpack(urls[0]);
      writeBuildpacks(app, listSet(readBuildpacks(app), url, index));
      step(`Set buildpack ${index} of ${app} to ${url}`);
      rebuildHint(app);
    },
  },
  {
    name: 'buildpacks:remove',
    access: 'app',
    usage: '<app> <buildpack>|--index N',
    summary: 'Remove a buildpack from an app, by URL or by --index',
    app: true,
    string: ['index'],
    async run(ctx) {
      const index = parseIndex(ctx);
      const app = requireApp(ctx.args[0]);
      const given = ctx.args[1];
      if (ctx.args.length > 2) throw new UsageError(`Too many arguments: paas ${this.name} ${this.usage}`);
      if (index !== undefined && given !== undefined)
        throw new UsageError('Please choose either index or Buildpack, but not both');
      if (index === undefined && given === undefined)
        throw new UsageError('Must specify a buildpack to remove, either by index or URL');
      const list = readBuildpacks(app);
      if (list.length === 0)
        throw new UsageError(`No buildpacks were found, next release on ${app} will detect buildpack normally`);
      let url: string;
      if (index !== undefined) {
        if (index > list.length)
          throw new UsageError(`Index ${index} out of range: ${app} has ${list.length} buildpacks`);
        url = list[index - 1];
      } else {
        url = expandBuildpackUrl(given!);
        if (!list.includes(url)) throw new UsageError(`Buildpack ${url} is not set for ${app}`);
      }
      step(`Removing ${url}`);
      writeBuildpacks(
        app,
        list.filter((v) => v !== url),
      );
      rebuildHint(app);
    },
  },
  {
    name: 'buildpacks:clear',
    access: 'app',
    usage: '<app>',
    summary: 'Clear all buildpacks set on the app (detection applies again)',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      const app = requireApp(ctx.args[0]);
      writeBuildpacks(app, []);
      step(`Cleared buildpacks for ${app}`);
      rebuildHint(app);
    },
  },
  {
    name: 'buildpacks:list',
    access: 'app',
    usage: '<app>',
    summary: 'List the buildpacks set on an app',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      const app = requireApp(ctx.args[0]);
      step(`${app} buildpack urls`);
      for (const url of readBuildpacks(app)) out(isQuiet() ? url : `       ${url}`);
    },
  },
  {
    name: 'buildpacks:report',
    access: 'app',
    usage: '[<app>] [--format json] [<flag>]',
    summary: 'Show the buildpacks settings of one app or every app',
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const apps = reportTargets(ctx.args[0]);
      for (const app of apps) printReport(`${app} buildpacks information`, buildpacksReportRows(app), ctx.flags);
    },
  },
  {
    name: 'buildpacks:set-property',
    access: 'app',
    usage: '[--global|<app>] <key> [<value>]',
    summary: 'Set or clear a buildpacks property (stack: the image recorded as the build stack)',
    boolean: ['global'],
    async run(ctx) {
      const scope = ctx.flags.global ? GLOBAL : requireApp(ctx.args[0]);
      const rest = ctx.flags.global ? ctx.args : ctx.args.slice(1);
      const key = rest[0];
      if (!key) throw new UsageError(`Usage: paas ${this.name} ${this.usage}`);
      if (key !== 'stack') throw new UsageError(`Invalid buildpacks property ${JSON.stringify(key)} (use stack)`);
      if (rest.length > 2) throw new UsageError(`Too many arguments: paas ${this.name} ${this.usage}`);
      const value = rest[1] ? validateImageRef(rest[1], 'stack') : undefined;
      setOrClearProp(BUILDPACKS_NS, scope, key, value);
      const who = scope === GLOBAL ? 'globally' : `for ${scope}`;
      step(value === undefined ? `Unsetting ${key} ${who}` : `Setting ${key} to ${value} ${who}`);
    },
  },
];
