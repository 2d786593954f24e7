// `paas cleanup [<app>]`: Dokku's cleanup of exited/dead containers and dangling images. Without an app it
// covers every app, so it needs an admin key; a user key may clean up one of its apps.
import { CommandSpec } from '../cli/command.js';
import { UsageError } from '../core/errors.js';
import { requireApp } from '../apps/store.js';
import { cleanup } from './cleanup.js';

const cleanupSpec: CommandSpec = {
  name: 'cleanup',
  access: 'app',
  usage: '[<app>]',
  summary: 'Cleans up exited/dead Docker containers and removes dangling images',
  description:
    "Removes the exited and dead containers paas made (one-off runs, tasks, old deploys), never the stopped containers of an app's live deploy (ps:start starts them again), and the dangling images of paas's apps. Containers and images without paas's labels are left alone.",
  // No `app: true`: the bare `paas cleanup` is the command itself (every app), not the namespace's help.
  async run(ctx) {
    if (ctx.args.length > 1) throw new UsageError(`Usage: paas cleanup ${cleanupSpec.usage}`);
    await cleanup(ctx.args[0] === undefined ? undefined : requireApp(ctx.args[0]));
  },
};

export const commands: CommandSpec[] = [cleanupSpec];
