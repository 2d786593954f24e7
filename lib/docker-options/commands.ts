// docker-options:add/remove/clear/list/report: extra docker options per phase (build, deploy, run),
// and per process type for the deploy phase (--process PROC, repeatable, as in Dokku).
import { CommandContext, CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { reportTarget } from '../cli/report-target.js';
import { UsageError } from '../core/errors.js';
import { info, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { isDeployed } from '../apps/runtime.js';
import { liveRelease } from '../release/store.js';
import { parsePhases, Phase, PHASES } from './parse.js';
import { joinWords } from './words.js';
import {
  addOptions,
  checkProcessScopes,
  clearOptions,
  optionProcesses,
  readOptionLines,
  removeOptions,
} from './store.js';

/**
 * A `--process PROC` (or `--process=PROC`) among the option words is the command's flag, not an
 * option (Dokku lifts it out the same way). Pure.
 */
export function liftProcessFlags(words: string[]): { words: string[]; processes: string[] } {
  const rest: string[] = [];
  const processes: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--process') {
      if (i + 1 >= words.length) throw new UsageError('--process requires a value');
      processes.push(words[++i]);
    } else if (w.startsWith('--process=')) processes.push(w.slice('--process='.length));
    else rest.push(w);
  }
  return { words: rest, processes };
}

function processFlags(ctx: CommandContext): string[] {
  const v = ctx.flags.process;
  return v === undefined ? [] : ([] as string[]).concat(v as string | string[]).map(String);
}

/** Dokku warns (and goes on) when a process type is not in the app's Procfile: it may be added later. */
function warnUnknownProcesses(app: string, processes: string[]): void {
  const live = liveRelease(app);
  if (!live) return;
  for (const p of processes)
    if (!(p in live.processes)) warn(`Process type "${p}" is not declared in the Procfile for ${app}`);
}

function scopeText(phases: Phase[], processes: string[]): string {
  return phases.join(',') + (processes.length ? ` --process ${processes.join(',')}` : '');
}

function restartHint(app: string, phases: Phase[]): void {
  if (!isDeployed(app)) return;
  if (phases.includes('build')) info(`Rebuild required: run "paas ps:rebuild ${app}" to build with the new options`);
  else if (phases.includes('deploy'))
    info(`Restart required: run "paas ps:restart ${app}" to apply the change to running containers`);
}

/** `[--process PROC...] <app> <phase(s)> OPTION...`: the option words are joined with spaces, as Dokku does. */
function optionArgs(
  ctx: CommandContext,
  spec: { name: string; usage: string },
): { app: string; phases: Phase[]; text: string; processes: string[] } {
  requireArgs(ctx, spec, 3);
  const app = requireApp(ctx.args[0]);
  const phases = parsePhases(ctx.args[1]);
  const lifted = liftProcessFlags(ctx.args.slice(2));
  if (lifted.words.length === 0) throw new UsageError(`Usage: paas ${spec.name} ${spec.usage}`);
  const processes = checkProcessScopes(phases, [...processFlags(ctx), ...lifted.processes]);
  return { app, phases, text: joinArgs(lifted.words), processes };
}

/**
 * The option text of several arguments. An argument that starts with "-" is an option string and is
 * split as typed ("-v /tmp"); any other one is one value, quoted so that it stays one word with its
 * spaces and `$` as typed (`--label 'k=my app'` arrives as two arguments). Never given to a shell.
 */
export function joinArgs(args: string[]): string {
  return args.map((a) => (a.startsWith('-') ? a : joinWords([a]))).join(' ');
}

function report(app: string, ctx: CommandContext): void {
  printReport(
    `${app} docker options information`,
    [
      ...PHASES.map((p) => ({ key: `docker-options-${p}`, value: readOptionLines(app, p).join(' ') })),
      ...optionProcesses(app).map((proc) => ({
        key: `docker-options-deploy.${proc}`,
        label: `Docker options deploy ${proc}`,
        value: readOptionLines(app, 'deploy', proc).join(' '),
      })),
    ],
    ctx.flags,
    // Dokku's structured form: one array entry per stored option, for every phase and process scope
    Object.fromEntries([
      ...PHASES.map((p) => [`${p}-list`, readOptionLines(app, p)]),
      ...optionProcesses(app).map((proc) => [`deploy.${proc}-list`, readOptionLines(app, 'deploy', proc)]),
    ]),
  );
}

export const commands: CommandSpec[] = [
  {
    name: 'docker-options:add',
    access: 'app',
    usage: '[--process PROC...] <app> <phase(s)> OPTION',
    summary: 'Add docker options to an app for phases (comma-separated: build,deploy,run)',
    description:
      'With --process PROC (repeatable; deploy phase only) the options apply only to the containers of that process type.',
    examples: ['paas docker-options:add --process web myapp deploy "-p 6789:5000"'],
    app: true,
    stopEarly: true,
    repeat: ['process'],
    async run(ctx) {
      const { app, phases, text, processes } = optionArgs(ctx, this);
      const added = addOptions(app, phases, text, processes);
      warnUnknownProcesses(app, processes);
      const where = scopeText(phases, processes);
      if (added.length === 0) info(`Docker options already set for ${app} (${where})`);
      else step(`Added docker options to ${app} (${where}): ${[...new Set(added.map((o) => o.text))].join(' ')}`);
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:remove',
    access: 'app',
    usage: '[--process PROC...] <app> <phase(s)> OPTION',
    summary: 'Remove docker options from an app for phases (of one process type with --process)',
    app: true,
    stopEarly: true,
    repeat: ['process'],
    async run(ctx) {
      const { app, phases, text, processes } = optionArgs(ctx, this);
      removeOptions(app, phases, text, processes);
      step(`Removed docker options from ${app} (${scopeText(phases, processes)}): ${text}`);
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:clear',
    access: 'app',
    usage: '[--process PROC...] <app> [<phase(s)>]',
    summary: 'Clear docker options from an app (every phase unless given; one process type with --process)',
    app: true,
    repeat: ['process'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      if (ctx.args.length > 2) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(2).join(' ')}`);
      const app = requireApp(ctx.args[0]);
      const asked = processFlags(ctx);
      const phases = ctx.args[1] ? parsePhases(ctx.args[1]) : asked.length ? (['deploy'] as Phase[]) : PHASES;
      const processes = checkProcessScopes(phases, asked);
      clearOptions(app, phases, processes);
      const scope = processes.length ? ` (--process ${processes.join(',')})` : '';
      step(
        `Cleared docker options for ${app} on ${ctx.args[1] ? `phases ${phases.join(',')}` : processes.length ? 'phase deploy' : 'all phases'}${scope}`,
      );
      restartHint(app, phases);
    },
  },
  {
    name: 'docker-options:list',
    access: 'app',
    usage: '<app> [--process PROC] --phase build|deploy|run',
    summary: "List an app's docker options for one phase (of one process type with --process), one a line",
    app: true,
    string: ['phase', 'process'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
      const app = requireApp(ctx.args[0]);
      const phase = flagString(ctx.flags, 'phase');
      if (!phase) throw new UsageError('Please specify --phase (build, deploy or run)');
      const phases = parsePhases(phase);
      if (phases.length !== 1) throw new UsageError('Please specify one --phase (build, deploy or run)');
      const [process] = checkProcessScopes(phases, processFlags(ctx));
      for (const line of readOptionLines(app, phases[0], process)) out(line);
    },
  },
  {
    name: 'docker-options:report',
    access: 'app',
    usage:
      '[<app>] [--docker-options-build|--docker-options-deploy|--docker-options-run|--docker-options-deploy.PROC] [--format json]',
    summary: 'Display a docker options report for one or more apps',
    app: true,
    looseFlags: true,
    string: ['format'],
    async run(ctx) {
      const t = reportTarget(ctx);
      const rctx = { ...ctx, flags: t.flags };
      if (t.app) return void report(requireApp(t.app), rctx);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) report(app, rctx);
    },
  },
];
