#!/usr/bin/env node
// paas-deploy APP [N]: start release N (default: the one paas-release just made) beside the running
// containers, check it and mark it live. Routing (paas-nginx-vhost) and retirement (paas-retire) follow.
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { deployStep } from '../lib/lifecycle/steps.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-deploy', usage: 'APP [RELEASE]', args: [1, 2] }, argv);
  const app = requireApp(args[0]);
  if (args[1] !== undefined && !/^[1-9][0-9]*$/.test(args[1]))
    throw new UsageError(`Invalid release number ${JSON.stringify(args[1])}`);
  const n = args[1] === undefined ? undefined : Number(args[1]);
  await withAppLock(app, async () => {
    await deployStep(app, n);
  });
});
