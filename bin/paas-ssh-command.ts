#!/usr/bin/env node
// paas-ssh-command KEY_NAME: the forced command of every key in the paas user's authorized_keys.
// sshd puts what the client asked for in SSH_ORIGINAL_COMMAND: a git push or a paas command.
import { runMain } from '../lib/cli/main.js';
import { runSshCommand } from '../lib/ssh/ssh-command.js';

runMain((argv) => runSshCommand(argv[0], process.env.SSH_ORIGINAL_COMMAND));
