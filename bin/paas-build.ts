#!/usr/bin/env node
// paas-build APP: build the app's image from builds/APP/src (or its git:from-image image).
import { buildApp } from '../lib/build/build.js';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { step } from '../lib/core/log.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-build', usage: 'APP', args: 1 }, argv);
  const app = requireApp(args[0]);
  const result = await withAppLock(app, () => buildApp(app));
  step(`Build complete: ${result.image}`);
});
