#!/usr/bin/env node
// paas-release APP: make the next release from builds/APP/build.json and the app's config, run its
// predeploy and release tasks, and write builds/APP/release-number for paas-deploy.
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { releaseStep } from '../lib/lifecycle/steps.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-release', usage: 'APP', args: 1 }, argv);
  const app = requireApp(args[0]);
  await withAppLock(app, () => releaseStep(app));
});
