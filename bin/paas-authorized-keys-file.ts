#!/usr/bin/env node
// paas-authorized-keys-file [FILE]: record FILE as the authorized_keys that ssh-keys:add and
// ssh-keys:remove rewrite (install.sh runs it as the paas user); without FILE, print the file in use.
import minimist from 'minimist';
import { runMain } from '../lib/cli/main.js';
import { out } from '../lib/core/log.js';
import { UsageError } from '../lib/core/errors.js';
import { authorizedKeysFile, recordAuthorizedKeysFile } from '../lib/ssh/keys.js';

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'] });
  if (args._.length > 1) throw new UsageError('Usage: paas-authorized-keys-file [FILE]');
  if (args._.length === 0) out(authorizedKeysFile());
  else recordAuthorizedKeysFile(args._[0]);
});
