#!/usr/bin/env node
// paas-release APP: make the next release from builds/APP/build.json and the app's config, run its
// predeploy and release tasks, and write builds/APP/release-number for paas-deploy.
import { readBuildResult } from '../lib/build/build.js';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { PaasError } from '../lib/core/errors.js';
import { step } from '../lib/core/log.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { createRelease, writeReleaseNumber } from '../lib/release/create.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-release', usage: 'APP', args: 1 }, argv);
  const app = requireApp(args[0]);
  await withAppLock(app, async () => {
    const build = readBuildResult(app);
    if (!build) throw new PaasError(`App ${app} has no build to release (run paas-build ${app} first)`);
    const release = await createRelease(app, build);
    writeReleaseNumber(app, release.number);
    step(`Release ${release.number} of ${app} is ready: ${release.image}`);
  });
});
