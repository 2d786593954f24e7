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
import { appGlobalReportRows, appReportRows } from './report.js';
import { reportTarget } from '../cli/report-target.js';
import { appExists, isAppDeploying, reportTargets, requireApp } from './store.js';
import { visibleApps } from '../acl/access.js';
import { jsonOrPlain } from '../core/format.js';

// Dokku's apps properties: deploy-source(-metadata) per app only, disable-autocreation globally only.
const SETTABLE = ['deploy-source', 'deploy-source-metadata', 'disable-autocreation'];
const GLOBAL_ONLY = ['disable-autocreation'];

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
      if (apps.length === 0) warn("You haven't deployed any applications yet");
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
    usage: '[<app>|--global] [--format json] [--app-created-at|--app-deploy-source|--app-dir|--app-locked|...]',
    summary: 'Display information about one app, all of them, or the global settings',
    app: true,
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      if (t.global) return void printReport('--global app information', appGlobalReportRows(), t.flags);
      for (const app of reportTargets(t.app)) printReport(`${app} app information`, appReportRows(app), t.flags);
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
    usage: '(<app>|--global) <property> [<value>]',
    summary: 'Set or clear an apps setting (an empty value clears it)',
    app: true,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const usage = 'Usage: paas apps:set (<app>|--global) <property> [<value>]';
      const args = [...ctx.args];
      const scope = global ? GLOBAL : requireApp(args.shift());
      const [key, value, ...extra] = args;
      if (!key || extra.length) throw new UsageError(usage);
      if (!SETTABLE.includes(key))
        throw new UsageError(`Invalid property specified, valid properties include: ${SETTABLE.join(', ')}`);
      if (global && !GLOBAL_ONLY.includes(key)) throw new UsageError('Property cannot be specified globally');
      if (!global && GLOBAL_ONLY.includes(key)) throw new UsageError('Property can only be specified globally');
      if (value === undefined || value === '') {
        removeProp('apps', scope, key);
        step(`Unsetting ${key}`);
        return;
      }
      if (key === 'disable-autocreation') writeProp('apps', scope, key, String(parseBool(value, key)));
      else {
        if (/[\0-\x1f\x7f]/.test(value)) throw new UsageError(`Invalid ${key}: control characters are not allowed`);
        writeProp('apps', scope, key, value);
      }
      step(`Setting ${key} to ${value}`);
    },
  },
];
