#!/usr/bin/env node
// paas-storage-mount APP list [--format json] | mount SPEC | unmount SPEC
// The storage step as its own executable, so an operator or a script can manage mounts without the
// `paas` front door; `paas storage:*` calls the same functions.
import { runMain } from '../lib/cli/main.js';
import { BinSpec, binUsage, parseBinArgs } from '../lib/cli/bin-args.js';
import { flagString } from '../lib/cli/command.js';
import { UsageError } from '../lib/core/errors.js';
import { requireApp } from '../lib/apps/store.js';
import { listStorage, mountStorage, unmountStorage } from '../lib/storage/actions.js';

const SPEC: BinSpec = {
  name: 'paas-storage-mount',
  usage: 'APP list [--format text|json] | mount SPEC | unmount SPEC',
  string: ['format'],
  args: [2, 3],
};
const USAGE = binUsage(SPEC);

runMain(async (argv) => {
  const { args, flags } = parseBinArgs(SPEC, argv);
  const [appArg, verb, spec] = args;
  const app = requireApp(appArg);
  if (verb === 'list' && spec === undefined) listStorage(app, flagString(flags, 'format'));
  else if (verb === 'mount' && spec) mountStorage(app, spec);
  else if (verb === 'unmount' && spec) unmountStorage(app, spec);
  else throw new UsageError(USAGE);
  return 0;
});
