#!/usr/bin/env node
// paas-storage-mount APP list [--format json] | mount SPEC | unmount SPEC
// The storage step as its own executable, so an operator or a script can manage mounts without the
// `paas` front door; `paas storage:*` calls the same functions.
import minimist from 'minimist';
import { runMain } from '../lib/cli/main.js';
import { UsageError } from '../lib/core/errors.js';
import { requireApp } from '../lib/apps/store.js';
import { listStorage, mountStorage, unmountStorage } from '../lib/storage/actions.js';

const USAGE = 'Usage: paas-storage-mount APP list [--format text|json] | mount SPEC | unmount SPEC';

runMain(async (argv) => {
  const unknown: string[] = [];
  const a = minimist(argv, {
    string: ['_', 'format'],
    unknown: (x) => (x.startsWith('-') ? (unknown.push(x), false) : true),
  });
  if (unknown.length) throw new UsageError(`Unknown flag ${unknown[0]}. ${USAGE}`);
  const [appArg, verb, spec, ...extra] = a._ as string[];
  if (!appArg || !verb || extra.length) throw new UsageError(USAGE);
  const app = requireApp(appArg);
  if (verb === 'list' && spec === undefined) listStorage(app, a.format);
  else if (verb === 'mount' && spec) mountStorage(app, spec);
  else if (verb === 'unmount' && spec) unmountStorage(app, spec);
  else throw new UsageError(USAGE);
  return 0;
});
