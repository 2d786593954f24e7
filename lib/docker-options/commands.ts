// docker-options:add/remove/clear/report: extra docker options per phase (build, deploy, run).
import { CommandContext, CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { info, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { isDeployed } from '../apps/runtime.js';
import { parsePhases, Phase, PHASES } from './parse.js';
import { addOptions, clearOptions, readOptionLines, removeOptions } from './store.js';

function restartHint(app: string, phases: Phase[]): void {
  if (!isDeployed(app)) return;
  if (phases.includes('build')) info(`Rebuild required: run "paas ps:rebuild ${app}" to build with the new options`);
  else if (phases.includes('deploy'))
    info(`Restart required: run "paas ps:restart ${app}" to apply the change to running containers`);
}

/** `<app> <phase(s)> OPTION...`: the option words are joined with spaces, as Dokku does. */
function optionArgs(
  ctx: CommandContext,
  spec: { name: string; usage: string },
): { app: string; phases: Phase[]; text: string } {
  requireArgs(ctx, spec, 3);
  const app = requireApp(ctx.args[0]);
  return { app, phases: parsePhases(ctx.args[1]), text: ctx.args.slice(2).join(' ') };
}

function report(app: string, ctx: CommandContext): void {
  printReport(
    `${app} docker options information`,
    PHASES.map((p) => ({ key: `docker-options-${p}`, value: readOptionLines(app, p).join(' ') })),
    ctx.flags,
  );
}

export const commands: CommandSpec[] = [
  {
    name: 'docker-options:add',
    access: 'app',
    usage: '<app> <phase(s)> OPTION',
    summary: 'Add docker options to an app for phases (comma-separated: build,deploy,run)',
    app: true,
    stopEarly: true,
    async run(ctx) {
      const { app, phases, text } = optionArgs(ctx, this);
      const added = addOptions(app, phases, text);
      if (added.length === 0) info(`Docker options already set for ${app} (${phases.join(',')})`);
      else
        step(
          `Added docker options to ${app} (${phases.join(',')}): ${[...new Set(added.map((o) => o.text))].join(' ')}`,
        );
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:remove',
    access: 'app',
    usage: '<app> <phase(s)> OPTION',
    summary: 'Remove docker options from an app for phases',
    app: true,
    stopEarly: true,
    async run(ctx) {
      const { app, phases, text } = optionArgs(ctx, this);
      removeOptions(app, phases, text);
      step(`Removed docker options from ${app} (${phases.join(',')}): ${text}`);
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:clear',
    access: 'app',
    usage: '<app> [<phase(s)>]',
    summary: 'Clear docker options from an app (every phase unless given)',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      if (ctx.args.length > 2) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(2).join(' ')}`);
      const app = requireApp(ctx.args[0]);
      const phases = ctx.args[1] ? parsePhases(ctx.args[1]) : PHASES;
      clearOptions(app, phases);
      step(`Cleared docker options for ${app} on ${ctx.args[1] ? `phases ${phases.join(',')}` : 'all phases'}`);
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:list',
    access: 'app',
    usage: '<app> --phase build|deploy|run',
    summary: "List an app's docker options for one phase, one a line",
    app: true,
    string: ['phase'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
      const app = requireApp(ctx.args[0]);
      const phase = flagString(ctx.flags, 'phase');
      if (!phase) throw new UsageError('Please specify --phase (build, deploy or run)');
      const phases = parsePhases(phase);
      if (phases.length !== 1) throw new UsageError('Please specify one --phase (build, deploy or run)');
      for (const line of readOptionLines(app, phases[0])) out(line);
    },
  },
  {
    name: 'docker-options:report',
    access: 'app',
    usage: '[<app>] [--docker-options-build|--docker-options-deploy|--docker-options-run] [--format json]',
    summary: 'Display a docker options report for one or more apps',
    app: true,
    boolean: PHASES.map((p) => `docker-options-${p}`),
    string: ['format'],
    async run(ctx) {
      if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
      if (ctx.args[0]) return void report(requireApp(ctx.args[0]), ctx);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) report(app, ctx);
    },
  },
];
