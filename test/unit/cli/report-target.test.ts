import { describe, expect, it } from 'vitest';
import { parseArgs, CommandSpec } from '../../../lib/cli/command.js';
import { reportTarget } from '../../../lib/cli/report-target.js';

const spec: CommandSpec = {
  name: 'x:report',
  usage: '',
  summary: '',
  string: ['format'],
  looseFlags: true,
  run: async () => {},
};
const target = (...argv: string[]) => reportTarget(parseArgs(spec, argv));

describe('reportTarget (Dokku report arguments in any order)', () => {
  it('reads the app before or after an info flag, dotted flag names kept whole', () => {
    expect(target('app-a', '--resource-_default_.limit.memory')).toEqual({
      global: false,
      app: 'app-a',
      flags: { 'resource-_default_.limit.memory': true },
    });
    expect(target('--resource-_default_.limit.memory', 'app-a')).toEqual({
      global: false,
      app: 'app-a',
      flags: { 'resource-_default_.limit.memory': true },
    });
  });
  it('takes --global without an app, and --format as a value flag', () => {
    expect(target('--global', '--format', 'json')).toEqual({ global: true, app: undefined, flags: { format: 'json' } });
    expect(target()).toEqual({ global: false, app: undefined, flags: {} });
  });
  it('refuses --global with an app, two apps, and --format with an info flag (Dokku message)', () => {
    expect(() => target('--global', 'app-a')).toThrow(/with --global/);
    expect(() => target('app-a', 'app-b')).toThrow(/Unexpected argument/);
    expect(() => target('app-a', '--format', 'json', '--x-y')).toThrow(
      '--format flag cannot be specified when specifying an info flag',
    );
  });
});
