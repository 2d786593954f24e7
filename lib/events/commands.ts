// `paas events [APP] [--format json] [-n N]`: the audit trail, newest last. Admins see every event; a
// user key sees the events of the apps it may use.
import { CommandSpec, flagString } from '../cli/command.js';
import { currentCaller } from '../core/caller.js';
import { UsageError } from '../core/errors.js';
import { out } from '../core/log.js';
import { checkAccess, mayUseApp } from '../acl/access.js';
import { validateAppName } from '../state/validate.js';
import { formatEvent, readEvents } from './log.js';
import { jsonOrPlain } from '../core/format.js';

export const commands: CommandSpec[] = [
  {
    name: 'events',
    usage: '[<app>] [--format text|json] [-n N]',
    summary: 'Show who changed what, when (the audit trail)',
    access: 'any',
    readOnly: true,
    string: ['format', 'n'],
    async run(ctx) {
      const format = jsonOrPlain(flagString(ctx.flags, 'format'), ['text']) === 'json' ? 'json' : 'text';
      const nFlag = flagString(ctx.flags, 'n');
      if (nFlag !== undefined && !/^[1-9][0-9]*$/.test(nFlag))
        throw new UsageError(`Invalid -n value ${JSON.stringify(nFlag)} (a number of events, 1 or more)`);
      if (ctx.args.length > 1) throw new UsageError(`Usage: paas events ${this.usage}`);
      const caller = currentCaller();
      const app = ctx.args[0];
      if (app !== undefined) checkAccess({ command: 'events', access: 'app', app, global: false }, caller);
      if (app !== undefined) validateAppName(app);
      let events = readEvents().filter((e) =>
        app !== undefined
          ? e.app === app
          : caller.role === 'admin' || (e.app !== undefined && mayUseApp(caller, e.app)),
      );
      if (nFlag !== undefined) events = events.slice(-Number(nFlag));
      if (format === 'json') return void out(JSON.stringify(events));
      for (const e of events) out(formatEvent(e));
    },
  },
];
