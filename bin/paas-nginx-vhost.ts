#!/usr/bin/env node
// paas-nginx-vhost APP: render APP's vhost for its live web containers, check it, make it live, reload.
import minimist from 'minimist';
import { runMain } from '../lib/cli/main.js';
import { UsageError } from '../lib/core/errors.js';
import { requireApp } from '../lib/apps/store.js';
import { applyAppVhost } from '../lib/nginx/apply.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'] });
  if (args._.length !== 1) throw new UsageError('Usage: paas-nginx-vhost APP');
  await applyAppVhost(requireApp(String(args._[0])));
});
