#!/usr/bin/env node
// paas-deploy APP [N]: start release N (default: the one paas-release just made) beside the running
// containers, check it and mark it live. Routing (paas-nginx-vhost) and retirement (paas-retire) follow.
import minimist from 'minimist';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { PaasError, UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { readReleaseNumber } from '../lib/release/create.js';
import { deployRelease } from '../lib/deploy/deploy.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'] });
  if (args._.length < 1 || args._.length > 2) throw new UsageError('Usage: paas-deploy APP [RELEASE]');
  const app = requireApp(args._[0]);
  let n: number | undefined;
  if (args._[1] !== undefined) {
    n = Number(args._[1]);
    if (!/^[1-9][0-9]*$/.test(args._[1])) throw new UsageError(`Invalid release number ${JSON.stringify(args._[1])}`);
  }
  await withAppLock(app, async () => {
    const number = n ?? readReleaseNumber(app);
    if (number === undefined)
      throw new PaasError(`App ${app} has no release to deploy (run paas-release ${app} first)`);
    await deployRelease(app, number);
  });
});
