import { describe, expect, it } from 'vitest';
import { BinSpec, binUsage, parseBinArgs } from '../../../lib/cli/bin-args.js';
import { UsageError } from '../../../lib/core/errors.js';

const retire: BinSpec = {
  name: 'paas-retire',
  usage: 'APP | --sweep [--after SECONDS]',
  boolean: ['sweep'],
  string: ['after'],
  args: [0, 1],
};

describe('parseBinArgs', () => {
  it('splits positionals from the declared flags, wherever they are', () => {
    expect(parseBinArgs(retire, ['--sweep', '--after', '30'])).toEqual({
      args: [],
      flags: { sweep: true, after: '30' },
    });
    expect(parseBinArgs(retire, ['web', '--sweep']).args).toEqual(['web']);
  });

  it('leaves an absent string flag undefined and an absent boolean false', () => {
    expect(parseBinArgs(retire, ['web']).flags).toEqual({ sweep: false });
  });

  it('keeps positionals as strings: a commit or release number is never turned into a number', () => {
    const spec: BinSpec = { name: 'paas-deploy', usage: 'APP [RELEASE]', args: [1, 2] };
    const { args } = parseBinArgs(spec, ['app', '0012']);
    expect(args).toEqual(['app', '0012']);
    expect(parseBinArgs(spec, ['1e3']).args[0]).toBe('1e3');
  });

  it('refuses an undeclared flag with the usage line, as command specs do', () => {
    expect(() => parseBinArgs(retire, ['web', '--force'])).toThrow(UsageError);
    expect(() => parseBinArgs(retire, ['web', '--force'])).toThrow(
      'paas-retire: unknown flag --force (usage: paas-retire APP | --sweep [--after SECONDS])',
    );
    expect(() => parseBinArgs(retire, ['-x', 'web'])).toThrow(/unknown flag -x/);
  });

  it('refuses too few or too many positionals with "Usage: NAME USAGE"', () => {
    const build: BinSpec = { name: 'paas-build', usage: 'APP', args: 1 };
    expect(() => parseBinArgs(build, [])).toThrow('Usage: paas-build APP');
    expect(() => parseBinArgs(build, ['a', 'b'])).toThrow('Usage: paas-build APP');
    expect(() => parseBinArgs(retire, ['a', 'b'])).toThrow(binUsage(retire));
    expect(parseBinArgs(build, ['a']).args).toEqual(['a']);
  });

  it('takes everything after -- as positionals', () => {
    const spec: BinSpec = { name: 'paas-x', usage: 'APP', args: [1, 2] };
    expect(parseBinArgs(spec, ['app', '--', '--not-a-flag']).args).toEqual(['app', '--not-a-flag']);
  });
});
