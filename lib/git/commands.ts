// git:set, git:report, git:from-image, git:load-image, git:from-archive, git:initialize, as Dokku's git plugin.
import fs from 'node:fs';
import path from 'node:path';
import { CommandSpec, flagString, noExtraArgs, requireArgs } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { printReport, ReportRow } from '../cli/report.js';
import { reportTarget } from '../cli/report-target.js';
import { clearDeploySource, readDeploySource, writeDeploySource } from '../apps/settings.js';
import { listApps, requireApp, withAppLock } from '../apps/store.js';
import { paths } from '../state/paths.js';
import { GLOBAL, readProp, setOrClearProp, writeProp } from '../state/props.js';
import { parseBool, validateEnvKey } from '../state/validate.js';
import { ensureRepo, isValidBranchName, repoExists } from './repo.js';
import {
  archiveLimits,
  computedDeployBranch,
  DEFAULT_REV_ENV_VAR,
  deployBranches,
  keepGitDir,
  revEnvVar,
  setSourceImage,
  sourceImage,
} from './settings.js';
import { lastPushedRev } from './source.js';
import {
  DEFAULT_GIT_EMAIL,
  DEFAULT_GIT_USER,
  deployFromArchive,
  isStdinSource,
  validateArchiveType,
  validateAuthorField,
} from './from-archive.js';
import { commands as syncCommands } from './sync-commands.js';

/** Keys git:set accepts and how each value is checked (an empty value clears the key). */
const SETTINGS: Record<string, (v: string) => string> = {
  'deploy-branch': (v) => {
    if (!isValidBranchName(v)) throw new UsageError(`Invalid branch name ${JSON.stringify(v)} for deploy-branch`);
    return v;
  },
  'rev-env-var': (v) => validateEnvKey(v),
  'keep-git-dir': (v) => String(parseBool(v, 'keep-git-dir')),
  'archive-max-size': (v) => archiveLimit(v, 'archive-max-size', 'bytes'),
  'archive-max-files': (v) => archiveLimit(v, 'archive-max-files', 'entries'),
};

/** Properties only `git:set --global` takes (Dokku reads them globally only; per app they would do nothing). */
const GLOBAL_ONLY = ['archive-max-size', 'archive-max-files'];

function archiveLimit(v: string, key: string, unit: string): string {
  if (!/^[1-9][0-9]{0,15}$/.test(v))
    throw new UsageError(`Invalid ${key} ${JSON.stringify(v)}: a positive whole number of ${unit}`);
  return v;
}

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

/** Dokku's archive rows: what git:from-archive uses (computed), and the global setting. */
function computedArchiveRows(): ReportRow[] {
  const limits = archiveLimits();
  return [
    { key: 'git-computed-archive-max-files', value: String(limits.maxFiles) },
    { key: 'git-computed-archive-max-size', value: String(limits.maxSize) },
  ];
}

function globalArchiveRows(): ReportRow[] {
  return [
    { key: 'git-global-archive-max-files', value: readProp('git', GLOBAL, 'archive-max-files') },
    { key: 'git-global-archive-max-size', value: readProp('git', GLOBAL, 'archive-max-size') },
  ];
}

function globalRows(): ReportRow[] {
  const keep = readProp('git', GLOBAL, 'keep-git-dir');
  return [
    ...computedArchiveRows(),
    { key: 'git-computed-deploy-branch', value: computedDeployBranch(GLOBAL) },
    { key: 'git-computed-keep-git-dir', value: keep || 'false' },
    ...globalArchiveRows(),
    { key: 'git-global-deploy-branch', value: readProp('git', GLOBAL, 'deploy-branch') },
    { key: 'git-global-keep-git-dir', value: keep },
  ];
}

/** Dokku's keys: raw (the app's own setting), global, and computed (what a deploy uses). */
function gitReportRows(app: string): ReportRow[] {
  return [
    ...computedArchiveRows(),
    { key: 'git-computed-deploy-branch', value: computedDeployBranch(app) },
    { key: 'git-computed-keep-git-dir', value: String(keepGitDir(app)) },
    { key: 'git-deploy-branch', value: readProp('git', app, 'deploy-branch') },
    ...globalArchiveRows(),
    { key: 'git-global-deploy-branch', value: readProp('git', GLOBAL, 'deploy-branch') },
    { key: 'git-global-keep-git-dir', value: readProp('git', GLOBAL, 'keep-git-dir') },
    { key: 'git-keep-git-dir', value: readProp('git', app, 'keep-git-dir') },
    { key: 'git-rev-env-var', value: revEnvVar(app) },
    { key: 'git-sha', value: lastPushedRev(app) ?? '' },
    { key: 'git-source-image', value: sourceImage(app) ?? '' },
    { key: 'git-last-updated-at', value: lastUpdatedAt(app) },
    { key: 'git-repository', label: 'Git repository', value: repoExists(app) ? paths.repo(app) : '' },
  ];
}

/** Deploy the app from a docker image (git:from-image, git:load-image); a failed deploy changes nothing. */
async function deployFromImage(app: string, image: string, source: 'git:from-image' | 'git:load-image'): Promise<void> {
  await withAppLock(app, async () => {
    const before = { image: sourceImage(app), source: readDeploySource(app) };
    setSourceImage(app, image);
    writeDeploySource(app, 'docker-image', image);
    try {
      const { rebuildApp } = await import('../lifecycle/deploy.js');
      await rebuildApp(app, source);
    } catch (e) {
      // A failed deploy leaves the app deploying from where it did before.
      setSourceImage(app, before.image);
      if (before.source.source) writeDeploySource(app, before.source.source, before.source.metadata);
      else clearDeploySource(app);
      throw e;
    }
  });
}

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
      if (!global && GLOBAL_ONLY.includes(key))
        throw new UsageError(`${key} is a global property: paas git:set --global ${key} [<value>]`);
      const v = value === undefined || value === '' ? undefined : check(value);
      const who = global ? 'globally' : `for ${scope}`;
      if (key === 'rev-env-var' && !v) {
        // As Dokku: an empty rev-env-var turns the variable off (set GIT_REV again to turn it back on).
        writeProp('git', scope, key, '');
        step(`Unsetting ${key} ${who}: pushes no longer set ${DEFAULT_REV_ENV_VAR} or any other variable`);
        return;
      }
      setOrClearProp('git', scope, key, v);
      step(v ? `Setting ${key} to ${v} ${who}` : `Unsetting ${key} ${who}`);
    },
  },
  {
    name: 'git:report',
    access: 'app',
    usage: '[<app>|--global] [--format stdout|json] [--<flag>]',
    summary: 'Show the git settings of one app, all apps, or the global settings',
    string: ['format'],
    looseFlags: true,
    async run(ctx) {
      const t = reportTarget(ctx);
      if (t.global) return void printReport('--global git information', globalRows(), t.flags);
      const apps = t.app ? [requireApp(t.app)] : listApps();
      if (apps.length === 0) return void warn("You haven't deployed any applications yet");
      for (const app of apps) printReport(`${app} git information`, gitReportRows(app), t.flags);
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
      await deployFromImage(app, validateImageRef(ctx.args[1]), 'git:from-image');
    },
  },
  {
    name: 'git:load-image',
    // docker load writes whatever tags the tar names into the shared engine (base images, other apps'
    // images): an admin command, unlike git:from-image
    access: 'admin',
    usage: '<app> <docker-image>',
    summary: 'Load a docker image from stdin (docker save) and deploy the app from it',
    app: true,
    async run(ctx) {
      requireArgs(ctx, this, 2);
      const app = requireApp(ctx.args[0]);
      const image = validateImageRef(ctx.args[1]);
      if (process.stdin.isTTY)
        throw new UsageError(`No image on stdin: docker save ${image} | paas git:load-image ${app} ${image}`);
      const { loadImageFrom } = await import('../build/image-source.js');
      await loadImageFrom(process.stdin, image);
      await deployFromImage(app, image, 'git:load-image');
    },
  },
  {
    name: 'git:from-archive',
    // a deploy of new code: user keys on their apps, deploy keys on the apps they may push to
    access: 'deploy',
    usage: '[--archive-type tar|tar.gz|zip] <app> <archive-url>|-- [<git-username> <git-email>]',
    summary: "Updates an app's git repository with a given archive file and deploys it",
    description:
      'The archive (default type tar) is read from stdin when the url is -- (or -), else downloaded by the server ' +
      '(http and https only; non-admin keys only from public addresses). Archives with absolute paths, .. ' +
      'components, symlinks leaving the tree, hard links or device entries are refused before anything is ' +
      'unpacked, as are archives over git:set --global archive-max-size (bytes) or archive-max-files (entries). ' +
      'A top-level folder is dropped; the tree becomes a new commit on the deploy branch, which moves only ' +
      'when the deploy succeeds.',
    examples: [
      'paas git:from-archive node-js-app https://example.com/releases/app.tar',
      'paas git:from-archive --archive-type zip node-js-app https://example.com/app.zip "Camila" "camila@example.com"',
      'cat app.tar.gz | ssh paas@host git:from-archive --archive-type tar.gz node-js-app --',
    ],
    app: true,
    string: ['archive-type'],
    dashDashArg: true,
    async run(ctx) {
      const app = requireApp(ctx.args[0]);
      const source = ctx.args[1];
      if (!source) throw new UsageError('Please specify an archive url or -- to fetch the archive from stdin');
      noExtraArgs(ctx, 4);
      const type = validateArchiveType(flagString(ctx.flags, 'archive-type'));
      if (isStdinSource(source) && process.stdin.isTTY)
        throw new UsageError(`No archive on stdin: cat app.${type} | paas git:from-archive ${app} --`);
      const author = {
        name: validateAuthorField(ctx.args[2] || DEFAULT_GIT_USER, 'username'),
        email: validateAuthorField(ctx.args[3] || DEFAULT_GIT_EMAIL, 'email'),
      };
      await deployFromArchive(app, source, { type, author });
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
  ...syncCommands,
];
