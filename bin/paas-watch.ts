#!/usr/bin/env node
// paas-watch APP: start watching the release the last deploy left to watch (paas-deploy does this
// itself; by hand it restarts a watcher that died), detached, logging to logs/watch.log.
// paas-watch --follow APP: the watcher: the new containers must keep running and answering until the
// watch ends (checks:set APP watch SECONDS); if they do not, the previous release takes over again.
import minimist from 'minimist';
import { requireApp } from '../lib/apps/store.js';
import { UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { followWatch, startWatch } from '../lib/deploy/watch.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'], boolean: ['follow'] });
  if (args._.length !== 1) throw new UsageError('Usage: paas-watch [--follow] APP');
  const app = requireApp(args._[0]);
  if (args.follow) await followWatch(app);
  else startWatch(app);
});
