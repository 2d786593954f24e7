#!/usr/bin/env node
// paas-receive-app [--check] APP < "OLD NEW REF" lines: step 1 of a push (called by hooks/pre-receive).
// Exit 0: go on and build; 3: the push deploys nothing (accepted as is); 1: rejected.
import minimist from 'minimist';
import { UsageError } from '../lib/core/errors.js';
import { runMain } from '../lib/cli/main.js';
import { receiveApp } from '../lib/git/receive.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runMain(async (argv) => {
  const args = minimist(argv, { string: ['_'], boolean: ['check'] });
  const unknown = Object.keys(args).filter((k) => k !== '_' && k !== 'check');
  if (unknown.length || args._.length !== 1)
    throw new UsageError('Usage: paas-receive-app [--check] APP < ref-updates');
  return receiveApp(String(args._[0]), await readStdin(), { check: args.check });
});
