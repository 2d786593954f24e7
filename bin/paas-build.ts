#!/usr/bin/env node
// paas-build APP: build the app's image from builds/APP/src (or its git:from-image image).
// The first step after receive of a push (lib/lifecycle/steps.ts); paas-push runs them all.
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { buildStep } from '../lib/lifecycle/steps.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-build', usage: 'APP', args: 1 }, argv);
  const app = requireApp(args[0]);
  await withAppLock(app, () => buildStep(app));
});
