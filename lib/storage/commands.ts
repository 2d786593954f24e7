// storage:ensure-directory/list/mount/unmount/report, Dokku's persistent storage commands.
import { CommandContext, CommandSpec, flagString, noExtraArgs, requireArgs } from '../cli/command.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { ensureDirectory, listStorage, mountEntry, mountStorage, unmountEntry, unmountStorage } from './actions.js';
import { assertEntryUnused, createEntry, destroyEntry, listEntries, requireEntry, StorageEntry } from './entries.js';
import { confirmByName } from '../cli/confirm.js';
import { info, out, step, warn } from '../core/log.js';
import { phaseMounts } from './mounts.js';
import { formatMount, MountSpec } from './mount-spec.js';
import { jsonOrPlain } from '../core/format.js';

function asFlags(list: MountSpec[]): string {
  return list.map((m) => `-v ${formatMount(m)}`).join(' ');
}

function checkFormat(format: string | undefined): boolean {
  return jsonOrPlain(format, ['text', 'stdout']) === 'json';
}

function entryLines(e: StorageEntry): string[] {
  return [`Scheduler:        ${e.scheduler}`, `Host path:        ${e.host_path}`].concat(
    e.chown ? [`Chown:            ${e.chown}`] : [],
  );
}

/** The named-entry form of storage:mount/unmount: a bare name, not HOST:CONTAINER. */
function isEntryForm(arg: string): boolean {
  return !arg.includes(':') && !arg.startsWith('/');
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
      noExtraArgs(ctx, 1);
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
      noExtraArgs(ctx, 1);
      listStorage(requireApp(ctx.args[0]), flagString(ctx.flags, 'format'));
    },
  },
  {
    name: 'storage:mount',
    access: 'app',
    usage:
      '<app> <host-dir|volume>:<container-dir>[:ro] | <app> <entry> --container-dir <dir> [--volume-options OPTS] [--volume-readonly]',
    summary: 'Create a new bind mount (or mount a docker volume or a storage entry)',
    app: true,
    string: ['container-dir', 'volume-options'],
    boolean: ['volume-readonly'],
    async run(ctx) {
      requireArgs(ctx, this, 2);
      noExtraArgs(ctx, 2);
      const app = requireApp(ctx.args[0]);
      if (!isEntryForm(ctx.args[1])) return void mountStorage(app, ctx.args[1]);
      mountEntry(
        app,
        ctx.args[1],
        flagString(ctx.flags, 'container-dir'),
        flagString(ctx.flags, 'volume-options'),
        ctx.flags['volume-readonly'] === true,
      );
    },
  },
  {
    name: 'storage:unmount',
    access: 'app',
    usage: '<app> <host-dir|volume>:<container-dir>[:ro] | <app> <entry> [--container-dir <dir>]',
    summary: 'Remove an existing bind mount (or every mount of a storage entry)',
    app: true,
    string: ['container-dir'],
    async run(ctx) {
      requireArgs(ctx, this, 2);
      noExtraArgs(ctx, 2);
      const app = requireApp(ctx.args[0]);
      if (!isEntryForm(ctx.args[1])) return void unmountStorage(app, ctx.args[1]);
      unmountEntry(app, ctx.args[1], flagString(ctx.flags, 'container-dir'));
    },
  },
  {
    name: 'storage:create',
    usage: '[--chown herokuish|heroku|paketo|root|false|UID] <name> [<host-path>]',
    summary: 'Register a named storage entry (a directory under the storage root unless a path is given)',
    string: ['chown'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 2);
      const { entry, existed } = createEntry(ctx.args[0], ctx.args[1], flagString(ctx.flags, 'chown'));
      if (existed) step(`Storage entry ${entry.name} already exists, leaving in place`);
      step(`Storage entry ${entry.name} created`);
    },
  },
  {
    name: 'storage:list-entries',
    usage: '[--format text|json]',
    summary: 'List the named storage entries',
    string: ['format', 'scheduler'],
    async run(ctx) {
      noExtraArgs(ctx, 0);
      const scheduler = flagString(ctx.flags, 'scheduler');
      const entries = listEntries().filter((e) => !scheduler || e.scheduler === scheduler);
      if (checkFormat(flagString(ctx.flags, 'format'))) return void out(JSON.stringify(entries, null, 2));
      if (entries.length === 0) return void step('No storage entries registered');
      step('Storage entries:');
      for (const e of entries) out(`${e.name}\t${e.scheduler}\t${e.host_path}`);
    },
  },
  {
    name: 'storage:info',
    usage: '<name> [--format text|json]',
    summary: 'Show one storage entry',
    string: ['format'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const entry = requireEntry(ctx.args[0]);
      if (checkFormat(flagString(ctx.flags, 'format'))) return void out(JSON.stringify(entry, null, 2));
      step(`Storage entry ${entry.name}`);
      info(entryLines(entry).join('\n'));
    },
  },
  {
    name: 'storage:destroy',
    usage: '<name> [--force]',
    summary: 'Remove a storage entry no app mounts (its directory and data stay)',
    boolean: ['force'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const entry = requireEntry(ctx.args[0]);
      assertEntryUnused(entry);
      await confirmByName('storage entry', entry.name, ctx.flags.force === true);
      destroyEntry(entry);
      step(`Storage entry ${entry.name} destroyed`);
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
      noExtraArgs(ctx, 1);
      if (ctx.args[0]) return void report(requireApp(ctx.args[0]), ctx);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) report(app, ctx);
    },
  },
];
