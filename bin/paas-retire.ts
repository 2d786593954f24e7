#!/usr/bin/env node
// paas-retire APP: schedule the retirement of the app's old deploys (after checks wait-to-retire).
// paas-retire --sweep [--after SECONDS]: retire everything that is due (the detached sleeper and cron).
import minimist from 'minimist';
import { requireApp, withAppLock } from '../lib/apps/store.js';
import { UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { scheduleRetire, sweepAfter, sweepRetirements } from '../lib/deploy/retire.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_', 'after'], boolean: ['sweep'] });
  if (args.sweep) {
    if (args._.length) throw new UsageError('Usage: paas-retire --sweep [--after SECONDS]');
    if (args.after !== undefined) {
      const s = Number(args.after);
      if (!/^[0-9]+$/.test(args.after))
        throw new UsageError(`Invalid --after ${JSON.stringify(args.after)}: use seconds`);
      await sweepAfter(s);
    } else await sweepRetirements();
    return;
  }
  if (args._.length !== 1) throw new UsageError('Usage: paas-retire APP | paas-retire --sweep [--after SECONDS]');
  const app = requireApp(args._[0]);
  await withAppLock(app, () => scheduleRetire(app));
});
