#!/usr/bin/env node
// paas-watch APP: start watching the release the last deploy left to watch (paas-deploy does this
// itself; by hand it restarts a watcher that died), detached, logging to logs/watch.log.
// paas-watch --follow APP: the watcher: the new containers must keep running and answering until the
// watch ends (checks:set APP watch SECONDS); if they do not, the previous release takes over again.
import { requireApp } from '../lib/apps/store.js';
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { followWatch, startWatch } from '../lib/deploy/watch.js';

runMain(async (argv) => {
  const { args, flags } = parseBinArgs(
    { name: 'paas-watch', usage: '[--follow] APP', boolean: ['follow'], args: 1 },
    argv,
  );
  const app = requireApp(args[0]);
  if (flags.follow) await followWatch(app);
  else startWatch(app);
});
