#!/usr/bin/env node
// paas-push APP < "OLD NEW REF" lines: a whole push deploy, as hooks/pre-receive runs it: receive,
// build, release, deploy, nginx-vhost, retire (lib/lifecycle/push.ts), in one process.
// Exit 0: deployed; 3: the push deploys nothing (accepted as is); other: rejected.
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { readStdin } from '../lib/core/stdin.js';
import { pushDeploy } from '../lib/lifecycle/push.js';

runMain(async (argv) => {
  const { args } = parseBinArgs({ name: 'paas-push', usage: 'APP < ref-updates', args: 1 }, argv);
  return pushDeploy(args[0], await readStdin());
});
