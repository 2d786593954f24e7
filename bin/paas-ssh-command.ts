#!/usr/bin/env node
// paas-ssh-command KEY_NAME: the forced command of every key in the paas user's authorized_keys.
// sshd puts what the client asked for in SSH_ORIGINAL_COMMAND: a git push or a paas command.
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { runSshCommand } from '../lib/ssh/ssh-command.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-ssh-command', usage: 'KEY_NAME', args: [0, 1] }, argv);
  return runSshCommand(args[0], process.env.SSH_ORIGINAL_COMMAND);
});
