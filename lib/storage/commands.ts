// storage:ensure-directory/list/mount/unmount/report, Dokku's persistent storage commands.
import { CommandContext, CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { ensureDirectory, listStorage, mountStorage, unmountStorage } from './actions.js';
import { phaseMounts } from './mounts.js';
import { formatMount, MountSpec } from './mount-spec.js';

function noExtra(ctx: CommandContext, n: number): void {
  if (ctx.args.length > n) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(n).join(' ')}`);
}

function asFlags(list: MountSpec[]): string {
  return list.map((m) => `-v ${formatMount(m)}`).join(' ');
}

const REPORT_FLAGS = ['storage-build-mounts', 'storage-deploy-mounts', 'storage-run-mounts'];

function report(app: string, ctx: CommandContext): void {
  printReport(
    `${app} storage information`,
    [
      { key: 'storage-build-mounts', value: '' },
      { key: 'storage-deploy-mounts', value: asFlags(phaseMounts(app, 'deploy')) },
      { key: 'storage-run-mounts', value: asFlags(phaseMounts(app, 'run')) },
    ],
    ctx.flags,
  );
}

export const commands: CommandSpec[] = [
  {
    name: 'storage:ensure-directory',
    usage: '[--chown herokuish|heroku|paketo|root|false] <directory>',
    summary: 'Create a persistent storage directory in the recommended storage path',
    string: ['chown'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtra(ctx, 1);
      ensureDirectory(ctx.args[0], flagString(ctx.flags, 'chown'));
    },
  },
  {
    name: 'storage:list',
    access: 'app',
    usage: '<app> [--format text|json]',
    summary: "List bind mounts for an app's containers (host:container)",
    app: true,
    string: ['format'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtra(ctx, 1);
      listStorage(requireApp(ctx.args[0]), flagString(ctx.flags, 'format'));
    },
  },
  {
    name: 'storage:mount',
    access: 'app',
    usage: '<app> <host-dir|volume>:<container-dir>[:ro]',
    summary: 'Create a new bind mount (or mount a docker volume)',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 2);
      noExtra(ctx, 2);
      mountStorage(requireApp(ctx.args[0]), ctx.args[1]);
    },
  },
  {
    name: 'storage:unmount',
    access: 'app',
    usage: '<app> <host-dir|volume>:<container-dir>[:ro]',
    summary: 'Remove an existing bind mount',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 2);
      noExtra(ctx, 2);
      unmountStorage(requireApp(ctx.args[0]), ctx.args[1]);
    },
  },
  {
    name: 'storage:report',
    access: 'app',
    usage: '[<app>] [--storage-deploy-mounts|...] [--format json]',
    summary: 'Display a storage report for one or more apps',
    app: true,
    boolean: REPORT_FLAGS,
    string: ['format'],
    async run(ctx) {
      noExtra(ctx, 1);
      if (ctx.args[0]) return void report(requireApp(ctx.args[0]), ctx);
      const apps = listApps();
      if (apps.length === 0) throw new UsageError('You have not deployed any apps yet');
      for (const app of apps) report(app, ctx);
    },
  },
];
