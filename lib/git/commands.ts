// git:set, git:report, git:from-image, git:initialize, as Dokku's git plugin.
import fs from 'node:fs';
import path from 'node:path';
import { CommandSpec, flagString, requireArgs } from '../cli/command.js';
import { PaasError, UsageError } from '../core/errors.js';
import { step } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { readDeploySource, writeDeploySource } from '../apps/settings.js';
import { listApps, requireApp, withAppLock } from '../apps/store.js';
import { paths } from '../state/paths.js';
import { GLOBAL, readProp, removeProp, setOrClearProp } from '../state/props.js';
import { parseBool, validateEnvKey } from '../state/validate.js';
import { ensureRepo, isValidBranchName, repoExists } from './repo.js';
import {
  configuredDeployBranch,
  DEFAULT_REV_ENV_VAR,
  deployBranches,
  keepGitDir,
  revEnvVar,
  sourceImage,
} from './settings.js';
import { lastPushedRev } from './source.js';

/** Keys git:set accepts and how each value is checked (an empty value clears the key). */
const SETTINGS: Record<string, (v: string) => string> = {
  'deploy-branch': (v) => {
    if (!isValidBranchName(v)) throw new UsageError(`Invalid branch name ${JSON.stringify(v)} for deploy-branch`);
    return v;
  },
  'rev-env-var': (v) => validateEnvKey(v),
  'keep-git-dir': (v) => String(parseBool(v, 'keep-git-dir')),
};

/** A docker image reference: [registry[:port]/]name[:tag][@digest], nothing a flag or shell could misread. */
export function validateImageRef(image: string | undefined): string {
  if (!image) throw new UsageError('Please specify a docker image');
  const re =
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
  if (image.length > 255 || !re.test(image))
    throw new UsageError(
      `Invalid docker image ${JSON.stringify(image)}: use NAME[:TAG] in lowercase, e.g. paas/node:20`,
    );
  return image;
}

function lastUpdatedAt(app: string): string {
  for (const b of deployBranches(app)) {
    try {
      return String(Math.floor(fs.statSync(path.join(paths.repo(app), 'refs', 'heads', b)).mtimeMs / 1000));
    } catch {
      /* not pushed to this branch, or the ref is packed */
    }
  }
  return '';
}

export function gitReportRows(app: string): ReportRow[] {
  return [
    { key: 'git-deploy-branch', value: configuredDeployBranch(app) ?? deployBranches(app).join(' or ') },
    { key: 'git-global-deploy-branch', value: readProp('git', GLOBAL, 'deploy-branch') },
    { key: 'git-keep-git-dir', value: String(keepGitDir(app)) },
    { key: 'git-rev-env-var', value: revEnvVar(app) },
    { key: 'git-sha', value: lastPushedRev(app) ?? '' },
    { key: 'git-source-image', value: sourceImage(app) ?? '' },
    { key: 'git-last-updated-at', value: lastUpdatedAt(app) },
    { key: 'git-repository', label: 'Git repository', value: repoExists(app) ? paths.repo(app) : '' },
  ];
}

const REPORT_FLAGS = [
  'git-deploy-branch',
  'git-global-deploy-branch',
  'git-keep-git-dir',
  'git-rev-env-var',
  'git-sha',
  'git-source-image',
  'git-last-updated-at',
  'git-repository',
];

export const commands: CommandSpec[] = [
  {
    name: 'git:set',
    access: 'app',
    usage: '[--global|<app>] <key> [<value>]',
    summary: `Set or clear a git property (${Object.keys(SETTINGS).join(', ')})`,
    boolean: ['global'],
    async run(ctx) {
      const global = ctx.flags.global === true;
      const scope = global ? GLOBAL : requireApp(ctx.args[0]);
      const [key, value] = global ? ctx.args : ctx.args.slice(1);
      if (!key) throw new UsageError(`Usage: paas git:set ${this.usage}`);
      const check = SETTINGS[key];
      if (!check)
        throw new UsageError(`Invalid git property ${JSON.stringify(key)} (use ${Object.keys(SETTINGS).join(', ')})`);
      const v = value === undefined || value === '' ? undefined : check(value);
      setOrClearProp('git', scope, key, v);
      const who = global ? 'globally' : `for ${scope}`;
      step(v ? `Setting ${key} to ${v} ${who}` : `Unsetting ${key} ${who}`);
      if (key === 'rev-env-var' && !v) step(`The pushed commit goes to ${DEFAULT_REV_ENV_VAR} again`);
    },
  },
  {
    name: 'git:report',
    access: 'app',
    usage: '[<app>] [--format stdout|json] [--<flag>]',
    summary: 'Show the git settings of one app or all apps',
    string: ['format'],
    boolean: REPORT_FLAGS,
    async run(ctx) {
      const apps = ctx.args.length ? [requireApp(ctx.args[0])] : listApps();
      if (apps.length === 0) throw new PaasError("You haven't deployed any applications yet");
      if (apps.length > 1 && flagString(ctx.flags, 'format') === 'json')
        throw new UsageError('--format json needs an app: paas git:report APP --format json');
      for (const app of apps) printReport(`${app} git information`, gitReportRows(app), ctx.flags);
    },
  },
  {
    name: 'git:from-image',
    access: 'app',
    usage: '<app> <docker-image>',
    summary: 'Build and deploy the app from a docker image instead of a push',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 2);
      const app = requireApp(ctx.args[0]);
      const image = validateImageRef(ctx.args[1]);
      await withAppLock(app, async () => {
        const before = { image: readProp('git', app, 'source-image'), source: readDeploySource(app) };
        setOrClearProp('git', app, 'source-image', image);
        writeDeploySource(app, 'docker-image', image);
        try {
          const { rebuildApp } = await import('../ps/lifecycle.js');
          await rebuildApp(app);
        } catch (e) {
          // A failed deploy leaves the app deploying from where it did before.
          setOrClearProp('git', app, 'source-image', before.image || undefined);
          if (before.source.source) writeDeploySource(app, before.source.source, before.source.metadata);
          else {
            removeProp('apps', app, 'deploy-source');
            removeProp('apps', app, 'deploy-source-metadata');
          }
          throw e;
        }
      });
    },
  },
  {
    name: 'git:initialize',
    access: 'app',
    usage: '<app>',
    summary: "Create the app's git repository and (re)install its deploy hooks",
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 1);
      const app = requireApp(ctx.args[0]);
      const existed = repoExists(app);
      const repo = await ensureRepo(app, deployBranches(app)[0]);
      step(
        existed
          ? `Reinstalled the deploy hooks of ${repo}`
          : `Initialized an empty git repository for ${app} in ${repo}`,
      );
    },
  },
];
