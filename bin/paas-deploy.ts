#!/usr/bin/env node
// paas-deploy APP [N]: start release N (default: the one paas-release just made) beside the running
// containers, check it and mark it live. Routing (paas-nginx-vhost) and retirement (paas-retire) follow.
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { PaasError, UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { readReleaseNumber } from '../lib/release/create.js';
import { deployRelease } from '../lib/deploy/deploy.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-deploy', usage: 'APP [RELEASE]', args: [1, 2] }, argv);
  const app = requireApp(args[0]);
  let n: number | undefined;
  if (args[1] !== undefined) {
    n = Number(args[1]);
    if (!/^[1-9][0-9]*$/.test(args[1])) throw new UsageError(`Invalid release number ${JSON.stringify(args[1])}`);
  }
  await withAppLock(app, async () => {
    const number = n ?? readReleaseNumber(app);
    if (number === undefined)
      throw new PaasError(`App ${app} has no release to deploy (run paas-release ${app} first)`);
    await deployRelease(app, number);
  });
});
