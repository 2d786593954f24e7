// repo:gc and repo:purge-cache, Dokku's repository management commands.
import { execa } from 'execa';
import { CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError } from '../core/errors.js';
import { step } from '../core/log.js';
import { requireApp, withAppLock } from '../apps/store.js';
import { chownLikeRoot, gitArgs, repoExists } from '../git/repo.js';
import { paths } from '../state/paths.js';
import { requestCachePurge } from './store.js';

const gc: CommandSpec = {
  name: 'repo:gc',
  access: 'app',
  usage: '<app>',
  summary: "Runs 'git gc --aggressive' against the app's repo",
  app: true,
  async run(ctx) {
    requireArgs(ctx, gc, 1);
    const app = requireApp(ctx.args[0]);
    if (!repoExists(app)) throw new PaasError(`App ${app} has no repository yet: push it first`);
    const repo = paths.repo(app);
    step(`Running git gc --aggressive on the repository of ${app}`);
    await withAppLock(app, async () => {
      const r = await execa('git', gitArgs(repo, 'gc', '--aggressive', '--quiet'), { reject: false });
      // objects and packs root wrote belong to the paas user, or the next push could not write them
      chownLikeRoot(repo);
      if (r.exitCode !== 0) throw new PaasError(`git gc failed for ${app}: ${r.stderr.trim()}`);
    });
  },
};

const purgeCache: CommandSpec = {
  name: 'repo:purge-cache',
  access: 'app',
  usage: '<app>',
  summary: 'Deletes the build cache: the next build of the app starts from scratch (docker build --no-cache)',
  app: true,
  async run(ctx) {
    requireArgs(ctx, purgeCache, 1);
    const app = requireApp(ctx.args[0]);
    requestCachePurge(app);
    step(`Purged the build cache of ${app}: the next build reuses no cached layer`);
  },
};

export const commands: CommandSpec[] = [gc, purgeCache];
