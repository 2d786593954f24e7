// `paas trace:on` / `trace:off` (Dokku's): turn trace mode on or off for every later paas command. Admins
// only: stack traces show paths of the host.
import { CommandSpec, noExtraArgs } from '../cli/command.js';
import { step } from '../core/log.js';
import { setTrace } from './settings.js';

function switchSpec(on: boolean): CommandSpec {
  const spec: CommandSpec = {
    name: on ? 'trace:on' : 'trace:off',
    usage: '',
    summary: on ? 'Enables trace mode' : 'Disables trace mode',
    async run(ctx) {
      noExtraArgs(ctx, 0);
      setTrace(on);
      step(on ? 'Enabling trace mode' : 'Disabling trace mode');
    },
  };
  return spec;
}

export const commands: CommandSpec[] = [switchSpec(false), switchSpec(true)];
