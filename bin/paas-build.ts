#!/usr/bin/env node
// paas-build APP: build the app's image from builds/APP/src (or its git:from-image image).
import minimist from 'minimist';
import { buildApp } from '../lib/build/build.js';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { UsageError } from '../lib/core/errors.js';
import { step } from '../lib/core/log.js';
import { runMain } from '../lib/cli/main.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'] });
  if (args._.length !== 1) throw new UsageError('Usage: paas-build APP');
  const app = requireApp(args._[0]);
  const result = await withAppLock(app, () => buildApp(app));
  step(`Build complete: ${result.image}`);
});
