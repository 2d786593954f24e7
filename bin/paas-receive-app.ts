#!/usr/bin/env node
// paas-receive-app [--check] APP < "OLD NEW REF" lines: step 1 of a push (called by hooks/pre-receive).
// Exit 0: go on and build; 3: the push deploys nothing (accepted as is); 1: rejected.
import { runMain } from '../lib/cli/main.js';
import { parseBinArgs } from '../lib/cli/bin-args.js';
import { receiveApp } from '../lib/git/receive.js';
import { readStdin } from '../lib/core/stdin.js';

runMain(async (argv) => {
  const { args, flags } = parseBinArgs(
    { name: 'paas-receive-app', usage: '[--check] APP < ref-updates', boolean: ['check'], args: 1 },
    argv,
  );
  return receiveApp(args[0], await readStdin(), { check: flags.check === true });
});
