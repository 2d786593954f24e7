// storage:ensure-directory/list/mount/unmount/report, Dokku's persistent storage commands.
import { CommandContext, CommandSpec, Flags, flagString, noExtraArgs, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import {
  ANNOTATIONS,
  LABELS,
  MapField,
  parseKeyValues,
  reportMap,
  setEntry,
  setMapKey,
  SETTABLE_PROPERTIES,
} from './entry-props.js';
import { printReport } from '../cli/report.js';
import { listApps, requireApp } from '../apps/store.js';
import { ensureDirectory, listStorage, mountEntry, mountStorage, unmountEntry, unmountStorage } from './actions.js';
import {
  assertEntryUnused,
  createEntry,
  destroyEntry,
  listEntries,
  removesHostDir,
  requireEntry,
  StorageEntry,
} from './entries.js';
import { confirmByName } from '../cli/confirm.js';
import { info, out, step, warn } from '../core/log.js';
import { phaseMounts } from './mounts.js';
import { attachmentRows } from './attachments.js';
import { migrateApp } from './migrate.js';
import { DEFAULT_EXEC_IMAGE, execPlan, stdinModes, storageExec } from './exec.js';
import { formatMount, MountSpec } from './mount-spec.js';
import { jsonOrPlain } from '../core/format.js';

function asFlags(list: MountSpec[]): string {
  return list.map((m) => `-v ${formatMount(m)}`).join(' ');
}

function checkFormat(format: string | undefined): boolean {
  return jsonOrPlain(format, ['text', 'stdout']) === 'json';
}

function entryLines(e: StorageEntry): string[] {
  return [
    `Scheduler:        ${e.scheduler}`,
    `Host path:        ${e.host_path}`,
    ...(e.namespace ? [`Namespace:        ${e.namespace}`] : []),
    ...(e.chown ? [`Chown:            ${e.chown}`] : []),
    ...(e.mode ? [`Mode:             ${e.mode}`] : []),
    ...(e.reclaim_policy ? [`Reclaim policy:   ${e.reclaim_policy}`] : []),
  ];
}

/** The single info flag of a map report: `--storage-annotations.KEY`. */
function mapInfoKey(flags: Flags, field: MapField): string | undefined {
  const prefix = `${field.reportType}.`;
  const keys = Object.keys(dottedFlags(flags))
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  if (keys.length > 1) throw new UsageError('Only one info flag can be given at a time');
  return keys[0];
}

function unknownLooseFlags(flags: Flags, allowed: string[]): void {
  const bad = Object.keys(flags).find((f) => !allowed.includes(f));
  if (bad) throw new UsageError(`Invalid flag passed: --${bad}`);
}

function mapCommands(field: MapField): CommandSpec[] {
  return [
    {
      name: `storage:${field.name}:set`,
      usage: `<name> <key> [<value>]`,
      summary: `Set or clear (no value) one ${field.singular} of a storage entry (stored; used by k3s volumes)`,
      async run(ctx) {
        noExtraArgs(ctx, 3);
        setMapKey(field, ctx.args[0], ctx.args[1], ctx.args[2] ?? '');
      },
    },
    {
      name: `storage:${field.name}:report`,
      usage: `[<name>] [--format stdout|json] [--${field.reportType}.KEY]`,
      summary: `Display the ${field.name} of one storage entry or of every entry`,
      string: ['format'],
      looseFlags: true,
      async run(ctx) {
        noExtraArgs(ctx, 1);
        unknownLooseFlags(ctx.flags, ['format', field.reportType]);
        reportMap(field, ctx.args[0], flagString(ctx.flags, 'format'), mapInfoKey(ctx.flags, field));
      },
    },
  ];
}

/** storage:set's deprecated flags, one per property. */
const SET_FLAGS = SETTABLE_PROPERTIES;

/** The named-entry form of storage:mount/unmount: a bare name, not HOST:CONTAINER. */
function isEntryForm(arg: string): boolean {
  return !arg.includes(':') && !arg.startsWith('/');
}

/** Dotted report flags (`--storage-attachment.1.volume-options`), which minimist nests, flattened back. */
function dottedFlags(flags: Flags): Flags {
  const flat: Flags = {};
  const walk = (node: unknown, key: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node))
      for (const [k, sub] of Object.entries(node)) walk(sub, `${key}.${k}`);
    else flat[key] = node as Flags[string];
  };
  for (const [k, v] of Object.entries(flags)) walk(v, k);
  return flat;
}

function report(app: string, ctx: CommandContext): void {
  printReport(
    `${app} storage information`,
    [
      { key: 'storage-build-mounts', value: '' },
      { key: 'storage-deploy-mounts', value: asFlags(phaseMounts(app, 'deploy')) },
      { key: 'storage-run-mounts', value: asFlags(phaseMounts(app, 'run')) },
      ...attachmentRows(app),
    ],
    dottedFlags(ctx.flags),
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
    usage:
      '[--chown herokuish|heroku|paketo|root|false|UID] [--mode 0755] [--reclaim-policy Retain|Delete] <name> [<host-path>]',
    summary: 'Register a named storage entry (a directory under the storage root unless a path is given)',
    string: ['chown', 'mode', 'reclaim-policy', 'scheduler'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 2);
      const scheduler = flagString(ctx.flags, 'scheduler');
      if (scheduler !== undefined && scheduler !== 'docker-local')
        throw new UsageError(`Unsupported scheduler ${JSON.stringify(scheduler)}: paas supports docker-local only`);
      const { entry, existed } = createEntry(ctx.args[0], ctx.args[1], {
        chown: flagString(ctx.flags, 'chown'),
        mode: flagString(ctx.flags, 'mode'),
        reclaimPolicy: flagString(ctx.flags, 'reclaim-policy'),
      });
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
    usage: '<name> [--force] [--destroy-host-dir]',
    summary:
      'Remove a storage entry no app mounts (its directory stays unless --destroy-host-dir or reclaim policy Delete)',
    boolean: ['force', 'destroy-host-dir'],
    async run(ctx) {
      requireArgs(ctx, this, 1);
      noExtraArgs(ctx, 1);
      const entry = requireEntry(ctx.args[0]);
      assertEntryUnused(entry);
      const removeDir = removesHostDir(entry, ctx.flags['destroy-host-dir'] === true);
      const force = ctx.flags.force === true;
      if (removeDir && !force)
        warn(
          `Storage entry ${entry.name} is backed by ${entry.host_path}, which will be removed along with its contents.`,
        );
      await confirmByName('storage entry', entry.name, force);
      destroyEntry(entry, removeDir);
      if (removeDir) info(`Removed ${entry.host_path}`);
      step(`Storage entry ${entry.name} destroyed`);
    },
  },
  {
    name: 'storage:set',
    usage: '<name> <property> [<value>]',
    summary: `Set (or, without a value, unset) a property of a storage entry: ${SETTABLE_PROPERTIES.join(', ')}`,
    string: SET_FLAGS,
    repeat: ['annotation', 'label'],
    async run(ctx) {
      noExtraArgs(ctx, 3);
      const [name, property] = ctx.args;
      if (!name) throw new UsageError('storage entry name is required');
      const changes = SET_FLAGS.filter((f) => ctx.flags[f] !== undefined).map((f) => ({
        property: f,
        value: flagString(ctx.flags, f) ?? '',
      }));
      const annotations = ctx.flags.annotation as string[] | undefined;
      const labels = ctx.flags.label as string[] | undefined;
      const usedMaps = annotations !== undefined || labels !== undefined;
      const usedFlags = changes.length > 0 || usedMaps;
      if (property !== undefined && usedFlags)
        throw new UsageError('storage:set accepts either a property and a value or flags, not both');
      if (property === undefined && !usedFlags) throw new UsageError('No property specified');
      if (changes.length) warn("Deprecated: please use 'storage:set <name> <property> [<value>]' instead of flags");
      if (usedMaps)
        warn(
          "Deprecated: please use 'storage:annotations:set' and 'storage:labels:set' instead of --annotation and --label",
        );
      if (!usedFlags) changes.push({ property: property as string, value: ctx.args[2] ?? '' });
      setEntry(name, changes, {
        annotations: usedMaps ? parseKeyValues(annotations ?? [], 'annotation') : undefined,
        labels: usedMaps ? parseKeyValues(labels ?? [], 'label') : undefined,
      });
    },
  },
  {
    name: 'storage:exec',
    usage: '<name> [--image IMAGE] [--as-user UID] [-- <command>...]',
    summary: `Run a command in a throwaway container (default image ${DEFAULT_EXEC_IMAGE}) with the entry at /data`,
    string: ['image', 'as-user'],
    async run(ctx) {
      const [name, ...command] = ctx.args;
      const plan = execPlan(name, {
        image: flagString(ctx.flags, 'image'),
        asUser: flagString(ctx.flags, 'as-user'),
        command,
        ...stdinModes(),
      });
      return storageExec(plan);
    },
  },
  {
    name: 'storage:migrate',
    usage: '<app> | --all',
    summary: 'Move legacy docker-options -v mounts of an app (or of every app) into storage',
    boolean: ['all'],
    async run(ctx) {
      noExtraArgs(ctx, 1);
      const all = ctx.flags.all === true;
      if (all && ctx.args[0]) throw new UsageError('storage:migrate accepts either an app name or --all, not both');
      if (!all && !ctx.args[0]) throw new UsageError('storage:migrate requires an app name (or --all)');
      if (!all) {
        migrateApp(requireApp(ctx.args[0]));
        return void step(`Re-migrated ${ctx.args[0]}`);
      }
      const apps = listApps();
      for (const app of apps) migrateApp(app);
      step(`Re-migrated ${apps.length} app(s)`);
    },
  },
  ...mapCommands(ANNOTATIONS),
  ...mapCommands(LABELS),
  {
    name: 'storage:report',
    access: 'app',
    usage: '[<app>] [--storage-deploy-mounts|...] [--format json]',
    summary: 'Display a storage report for one or more apps',
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      noExtraArgs(ctx, 1);
      if (ctx.args[0]) return void report(requireApp(ctx.args[0]), ctx);
      const apps = listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) report(app, ctx);
    },
  },
];
