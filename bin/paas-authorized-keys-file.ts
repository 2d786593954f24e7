#!/usr/bin/env node
// paas-authorized-keys-file [FILE]: record FILE as the authorized_keys that ssh-keys:add and
// ssh-keys:remove rewrite (install.sh runs it as the paas user); without FILE, print the file in use.
import { runMain } from '../lib/cli/main.js';
import { out } from '../lib/core/log.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { authorizedKeysFile, recordAuthorizedKeysFile } from '../lib/ssh/keys.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-authorized-keys-file', usage: '[FILE]', args: [0, 1] }, argv);
  if (args.length === 0) out(authorizedKeysFile());
  else recordAuthorizedKeysFile(args[0]);
});
