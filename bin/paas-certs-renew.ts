#!/usr/bin/env node
// paas-certs-renew [--force]: cron's daily job. Renews every Let's Encrypt certificate within its
// renew-days of expiry, reloads nginx once, prints one line per app; exit 1 when any app failed.
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { renewAll } from '../lib/certs/renew.js';

runMain(async (argv) => {
  const { flags } = parseBinArgs({ name: 'paas-certs-renew', usage: '[--force]', boolean: ['force'], args: 0 }, argv);
  return renewAll({ force: flags.force === true });
});
