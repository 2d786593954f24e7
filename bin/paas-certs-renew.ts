#!/usr/bin/env node
// paas-certs-renew [--force]: cron's daily job. Renews every Let's Encrypt certificate within its
// renew-days of expiry, reloads nginx once, prints one line per app; exit 1 when any app failed.
import minimist from 'minimist';
import { runMain } from '../lib/cli/main.js';
import { UsageError } from '../lib/core/errors.js';
import { renewAll } from '../lib/certs/renew.js';

runMain(async (argv) => {
  const bad = argv.find((a) => a.startsWith('-') && a !== '--force' && a !== '--help');
  if (bad) throw new UsageError(`Unknown flag ${bad} (usage: paas-certs-renew [--force])`);
  const args = minimist(argv, { string: ['_'], boolean: ['force', 'help'] });
  if (args.help) {
    process.stdout.write(
      "Usage: paas-certs-renew [--force]\n  Renew Let's Encrypt certificates that are due (--force: all of them).\n",
    );
    return 0;
  }
  if (args._.length) throw new UsageError('Usage: paas-certs-renew [--force]');
  return renewAll({ force: args.force === true });
});
