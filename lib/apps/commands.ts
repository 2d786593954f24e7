// apps:create/destroy/list/exists/rename/clone/report/lock/unlock/locked/set, as Dokku's apps plugin.
import { CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { confirmByName } from '../cli/confirm.js';
import { PaasError, UsageError } from '../core/errors.js';
import { info, out, step, warn } from '../core/log.js';
import { printReport } from '../cli/report.js';
import { GLOBAL, removeProp, writeProp } from '../state/props.js';
import { parseBool, validateAppName } from '../state/validate.js';
import { createApp } from './create.js';
import { cloneApp, destroyApp, renameApp } from '../lifecycle/apps.js';
import { isAppLocked, isDeployLocked, setDeployLocked } from './deploy-lock.js';
import { APP_REPORT_FLAGS, appReportRows } from './report.js';
import { appExists, isAppDeploying, reportTargets, requireApp } from './store.js';
import { visibleApps } from '../acl/access.js';
import { jsonOrPlain } from '../core/format.js';

const SETTABLE = ['disable-autocreation'];

export const commands: CommandSpec[] = [
  {
    name: 'apps:create',
    access: 'any',
    usage: '<app>',
    summary: 'Create a new app',
    app: true,
    async run(ctx) {
      if (ctx.args.length > 1) throw new UsageError(`Unexpected argument(s): ${ctx.args.slice(1).join(' ')}`);
      const app = validateAppName(ctx.args[0]);
      if (appExists(app)) throw new PaasError(`App ${app} already exists`);
      step(`Creating ${app}...`);
      createApp(app);
    },
  },
  {
    name: 'apps:destroy',
    access: 'app',
    usage: '<app> [--force]',
    summary: 'Permanently destroy an app, its containers, config and repository',
    app: true,
    boolean: ['force'],
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:destroy', usage: '<app> [--force]' }, 1);
      const app = requireApp(ctx.args[0]);
      await confirmByName('app', app, ctx.flags.force === true);
      step(`Destroying ${app} (including all add-ons)`);
      await destroyApp(app);
    },
  },
  {
    name: 'apps:list',
    access: 'any',
    usage: '[--format json]',
    summary: 'List your apps',
    string: ['format'],
    async run(ctx) {
      const format = flagString(ctx.flags, 'format');
      // A user key sees only the apps it may use.
      const apps = visibleApps();
      if (jsonOrPlain(format) === 'json') return void out(JSON.stringify(apps));
      out('=====> My Apps');
      for (const a of apps) out(a);
    },
  },
  {
    name: 'apps:exists',
    access: 'app',
    usage: '<app>',
    summary: 'Exit 0 when the app exists, 1 (with a message) when it does not',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:exists', usage: '<app>' }, 1);
      requireApp(ctx.args[0]);
    },
  },
  {
    name: 'apps:rename',
    access: 'app',
    usage: '[--skip-deploy] <old-app> <new-app>',
    summary: 'Rename an app (and redeploy it under the new name)',
    app: true,
    boolean: ['skip-deploy'],
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:rename', usage: '[--skip-deploy] <old-app> <new-app>' }, 2);
      const [from, to] = ctx.args;
      step(`Renaming ${from} to ${to}`);
      await renameApp(from, to, { skipDeploy: ctx.flags['skip-deploy'] === true });
      step(`Renamed ${from} to ${to}`);
    },
  },
  {
    name: 'apps:clone',
    access: 'app',
    usage: '[--skip-deploy] [--ignore-existing] <old-app> <new-app>',
    summary: 'Copy an app (config, settings and repository) to a new app and deploy it',
    app: true,
    boolean: ['skip-deploy', 'ignore-existing'],
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:clone', usage: '[--skip-deploy] [--ignore-existing] <old-app> <new-app>' }, 2);
      const [from, to] = ctx.args;
      step(`Cloning ${from} to ${to}`);
      const done = await cloneApp(from, to, {
        skipDeploy: ctx.flags['skip-deploy'] === true,
        ignoreExisting: ctx.flags['ignore-existing'] === true,
      });
      if (done) step(`Cloned ${from} to ${to}`);
    },
  },
  {
    name: 'apps:report',
    access: 'app',
    usage: '[<app>] [--format json] [--app-created-at|--app-deploy-source|--app-dir|--app-locked|...]',
    summary: 'Display information about one app, or all of them',
    app: true,
    boolean: APP_REPORT_FLAGS,
    string: ['format'],
    async run(ctx) {
      const apps = reportTargets(ctx.args[0]);
      for (const app of apps) printReport(`${app} app information`, appReportRows(app), ctx.flags);
    },
  },
  {
    name: 'apps:lock',
    access: 'app',
    usage: '<app>',
    summary: 'Refuse deploys of the app until apps:unlock',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:lock', usage: '<app>' }, 1);
      const app = requireApp(ctx.args[0]);
      setDeployLocked(app, true);
      step('Deploy lock created');
    },
  },
  {
    name: 'apps:unlock',
    access: 'app',
    usage: '<app>',
    summary: 'Allow deploys of the app again',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:unlock', usage: '<app>' }, 1);
      const app = requireApp(ctx.args[0]);
      if (isAppDeploying(app)) warn('A deploy is in progress; removing the deploy lock does not stop it');
      if (!isDeployLocked(app)) return void info(`App ${app} is not locked`);
      setDeployLocked(app, false);
      step('Deploy lock removed');
    },
  },
  {
    name: 'apps:locked',
    access: 'app',
    usage: '<app>',
    summary: 'Exit 0 when the app is locked for deploys (or deploying), else 1',
    app: true,
    async run(ctx) {
      requireArgs(ctx, { name: 'apps:locked', usage: '<app>' }, 1);
      const app = requireApp(ctx.args[0]);
      if (!isAppLocked(app)) throw new PaasError('Deploy lock does not exist');
      out('Deploy lock exists');
    },
  },
  {
    name: 'apps:set',
    access: 'app',
    usage: '(<app>|--global) disable-autocreation (true|false)',
    summary: 'Set or clear an apps setting (an empty value clears it)',
    app: true,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const usage = 'Usage: paas apps:set (<app>|--global) disable-autocreation [true|false]';
      const args = [...ctx.args];
      const scope = global ? GLOBAL : requireApp(args.shift());
      const [key, value, ...extra] = args;
      if (!key || extra.length) throw new UsageError(usage);
      if (!SETTABLE.includes(key))
        throw new UsageError(`Invalid setting ${JSON.stringify(key)} (valid: ${SETTABLE.join(', ')})`);
      if (value === undefined || value === '') {
        removeProp('apps', scope, key);
        step(`Unsetting ${key}`);
        return;
      }
      writeProp('apps', scope, key, String(parseBool(value, key)));
      step(`Setting ${key} to ${value}`);
    },
  },
];
