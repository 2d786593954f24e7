#!/usr/bin/env node
// paas-nginx-vhost APP: render APP's vhost for its live web containers, check it, make it live, reload.
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { requireApp } from '../lib/apps/store.js';
import { routeStep } from '../lib/lifecycle/steps.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-nginx-vhost', usage: 'APP', args: 1 }, argv);
  await routeStep(requireApp(args[0]));
});
