#!/usr/bin/env node
// paas-retire APP: schedule the retirement of the app's old deploys (after checks wait-to-retire).
// paas-retire --sweep [--after SECONDS]: retire everything that is due (the detached sleeper and cron).
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { BinSpec, binUsage, parseBinArgs } from '../lib/cli/bin-args.js';
import { flagString } from '../lib/cli/command.js';
import { sweepAfter, sweepRetirements } from '../lib/deploy/retire.js';
import { retireStep } from '../lib/lifecycle/steps.js';

const SPEC: BinSpec = {
  name: 'paas-retire',
  usage: 'APP | paas-retire --sweep [--after SECONDS]',
  boolean: ['sweep'],
  string: ['after'],
  args: [0, 1],
};

runMain(async (argv) => {
  const { args, flags } = parseBinArgs(SPEC, argv);
  const after = flagString(flags, 'after');
  if (flags.sweep) {
    if (args.length) throw new UsageError('Usage: paas-retire --sweep [--after SECONDS]');
    if (after !== undefined) {
      if (!/^[0-9]+$/.test(after)) throw new UsageError(`Invalid --after ${JSON.stringify(after)}: use seconds`);
      await sweepAfter(Number(after));
    } else await sweepRetirements();
    return;
  }
  if (args.length !== 1) throw new UsageError(binUsage(SPEC));
  const app = requireApp(args[0]);
  await withAppLock(app, () => retireStep(app));
});
