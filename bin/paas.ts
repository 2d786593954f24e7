#!/usr/bin/env node
// The front door: `paas NAMESPACE:COMMAND ...`, Dokku's syntax.
import { dispatch } from '../lib/cli/dispatch.js';
import { runMain } from '../lib/cli/main.js';

runMain(dispatch, { selfHelp: false });
