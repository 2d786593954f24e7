#!/usr/bin/env node
// paas-release APP: make the next release from builds/APP/build.json and the app's config, run its
// predeploy and release tasks, and write builds/APP/release-number for paas-deploy.
import minimist from 'minimist';
import { readBuildResult } from '../lib/build/build.js';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { PaasError, UsageError } from '../lib/core/errors.js';
import { step } from '../lib/core/log.js';
import { runMain } from '../lib/cli/main.js';
import { createRelease, writeReleaseNumber } from '../lib/release/create.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'] });
  if (args._.length !== 1) throw new UsageError('Usage: paas-release APP');
  const app = requireApp(args._[0]);
  await withAppLock(app, async () => {
    const build = readBuildResult(app);
    if (!build) throw new PaasError(`App ${app} has no build to release (run paas-build ${app} first)`);
    const release = await createRelease(app, build);
    writeReleaseNumber(app, release.number);
    step(`Release ${release.number} of ${app} is ready: ${release.image}`);
  });
});
