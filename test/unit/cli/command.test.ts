import { describe, expect, it } from 'vitest';
import { CommandSpec, flagString, parseArgs, requireArgs } from '../../../lib/cli/command.js';
import { UsageError } from '../../../lib/core/errors.js';

const spec = (extra: Partial<CommandSpec> = {}): CommandSpec => ({
  name: 'x:do',
  usage: '<app> ARGS',
  summary: '',
  boolean: ['force', 'no-restart'],
  string: ['format'],
  repeat: ['opt'],
  run: async () => {},
  ...extra,
});

describe('parseArgs', () => {
  it('splits positionals and declared flags anywhere on the line', () => {
    const c = parseArgs(spec(), ['--force', 'app', 'A=1', '--format', 'json', 'B=2', '--no-restart']);
    expect(c.args).toEqual(['app', 'A=1', 'B=2']);
    expect(c.flags).toMatchObject({ force: true, 'no-restart': true, format: 'json' });
  });
  it('reads --no-X as the declared boolean no-X, not as "X is false"', () => {
    const c = parseArgs(spec(), ['app', '--no-restart', 'A=1']);
    expect(c.flags['no-restart']).toBe(true);
    expect('restart' in c.flags).toBe(false);
    expect(parseArgs(spec(), ['app']).flags['no-restart']).toBe(false);
    expect(parseArgs(spec(), ['app', '--force', '--no-force']).flags.force).toBe(false);
    expect(() => parseArgs(spec(), ['app', '--no-bogus'])).toThrow(/unknown flag --no-bogus/);
    // after a stopEarly command, --no-X belongs to the command being run
    expect(parseArgs(spec({ stopEarly: true }), ['app', 'cmd', '--no-restart']).args).toEqual([
      'app',
      'cmd',
      '--no-restart',
    ]);
  });
  it('gives a value flag a negative number as its value, not as a flag of its own', () => {
    const c = parseArgs(spec(), ['app', '--format', '-1', 'x']);
    expect(c.flags.format).toBe('-1');
    expect(c.args).toEqual(['app', 'x']);
    expect(() => parseArgs(spec(), ['app', '--force', '-1'])).toThrow(/unknown flag -1/);
    expect(parseArgs(spec({ stopEarly: true }), ['app', '--', '--format', '-1']).args).toEqual([
      'app',
      '--format',
      '-1',
    ]);
  });
  it('keeps positionals as strings (a SHA or 007 stays itself)', () => {
    const c = parseArgs(spec(), ['007', '1e3', '0x10', 'deadbeef']);
    expect(c.args).toEqual(['007', '1e3', '0x10', 'deadbeef']);
  });
  it('collects repeated flags and keeps the last of a repeated string', () => {
    const c = parseArgs(spec(), ['--opt', 'a', '--opt=b', '--format', 'x', '--format', 'json']);
    expect(c.flags.opt).toEqual(['a', 'b']);
    expect(c.flags.format).toBe('json');
  });
  it('refuses unknown flags with the usage', () => {
    expect(() => parseArgs(spec(), ['app', '--nope'])).toThrow(UsageError);
    expect(() => parseArgs(spec(), ['app', '--nope'])).toThrow(/x:do: unknown flag --nope \(usage: x:do <app> ARGS\)/);
    expect(parseArgs(spec({ looseFlags: true }), ['app', '--nope']).flags.nope).toBe(true);
  });
  it('leaves an unset string flag out, and an empty one in', () => {
    expect('format' in parseArgs(spec(), ['app']).flags).toBe(false);
    expect(parseArgs(spec(), ['app', '--format=']).flags.format).toBe('');
  });
  it('stops at the first positional after the app with stopEarly (run APP cmd --flags)', () => {
    const c = parseArgs(spec({ stopEarly: true }), ['app', 'ls', '-la', '--force']);
    expect(c.args).toEqual(['app', 'ls', '-la', '--force']);
  });
  it('passes everything after -- through', () => {
    expect(parseArgs(spec(), ['app', '--', '--force', 'x']).args).toEqual(['app', '--force', 'x']);
  });
  it('values that look like flags after = are values', () => {
    expect(parseArgs(spec(), ['app', 'A=--force']).args).toEqual(['app', 'A=--force']);
  });
});

describe('helpers', () => {
  it('flagString', () => {
    expect(flagString({ a: 'x', b: true, c: false, d: ['1', '2'] }, 'a')).toBe('x');
    expect(flagString({ b: true }, 'b')).toBe('');
    expect(flagString({ c: false }, 'c')).toBeUndefined();
    expect(flagString({ d: ['1', '2'] }, 'd')).toBe('2');
    expect(flagString({}, 'z')).toBeUndefined();
  });
  it('requireArgs', () => {
    expect(() => requireArgs({ args: ['a'], flags: {} }, { name: 'x:do', usage: '<a> <b>' }, 2)).toThrow(
      'Usage: paas x:do <a> <b>',
    );
    expect(() => requireArgs({ args: ['a', 'b'], flags: {} }, { name: 'x:do', usage: '' }, 2)).not.toThrow();
  });
});
