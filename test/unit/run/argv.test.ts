import { describe, expect, it } from 'vitest';
import { parseEnvPairs, resolveCommand, takeLeadingOptions } from '../../../lib/run/argv.js';
import { chooseContainer, DEFAULT_SHELL } from '../../../lib/run/enter-commands.js';
import { AppContainer } from '../../../lib/docker/containers.js';

const RUN = new Set(['--env', '-e', '--no-tty', '--detach']);

describe('takeLeadingOptions', () => {
  it('takes options off the front and leaves the command untouched', () => {
    expect(
      takeLeadingOptions(['--env', 'A=1', '-e', 'B=2', '--env=C=3', '--no-tty', 'sh', '-c', 'echo --env'], RUN),
    ).toEqual({
      env: ['A=1', 'B=2', 'C=3'],
      noTty: true,
      detach: false,
      rest: ['sh', '-c', 'echo --env'],
    });
  });
  it('stops at -- and refuses unknown options before the command', () => {
    expect(takeLeadingOptions(['--', '--version'], RUN).rest).toEqual(['--version']);
    expect(() => takeLeadingOptions(['--frobnicate', 'ls'], RUN)).toThrow(/Unknown option --frobnicate/);
    expect(() => takeLeadingOptions(['--env'], RUN)).toThrow(/--env needs a value/);
  });
});

describe('parseEnvPairs', () => {
  it('validates keys and keeps the last value', () => {
    expect(parseEnvPairs(['A=1', 'B=x=y', 'A=2', 'E='])).toEqual(['A=2', 'B=x=y', 'E=']);
    expect(() => parseEnvPairs(['=1'])).toThrow(/KEY=VALUE/);
    expect(() => parseEnvPairs(['NOPE'])).toThrow(/KEY=VALUE/);
    expect(() => parseEnvPairs(['1A=1'])).toThrow(/Invalid env key/);
  });
});

describe('resolveCommand', () => {
  const procs = { web: 'httpd -f -p $PORT', console: 'node repl.js', empty: '' };
  it('runs a Procfile process by its name', () => {
    expect(resolveCommand(['console'], procs)).toEqual(['/bin/sh', '-c', 'node repl.js']);
    expect(resolveCommand(['empty'], procs)).toEqual(['empty']);
    // Dokku: words after a process name are its arguments, passed as such (never re-parsed by the shell).
    expect(resolveCommand(['console', 'hi dokku', '$(id)'], procs)).toEqual([
      '/bin/sh',
      '-c',
      'node repl.js "$@"',
      'console',
      'hi dokku',
      '$(id)',
    ]);
  });
  it('runs one argument with spaces through sh, several words as they are', () => {
    expect(resolveCommand(['echo $HOME && ls'], procs)).toEqual(['/bin/sh', '-c', 'echo $HOME && ls']);
    expect(resolveCommand(['echo', '$HOME'], procs)).toEqual(['echo', '$HOME']);
    expect(resolveCommand(['ls'], procs)).toEqual(['ls']);
  });
});

let seq = 0;
function c(name: string, running = true): AppContainer {
  const [app, proc, index] = name.split('.');
  const id = (++seq).toString(16).padStart(4, '0') + 'abcdef0123456789';
  return {
    id,
    name,
    app,
    process: proc,
    release: 1,
    deploy: 'd1',
    kind: 'deploy',
    dyno: `${proc}.${index}`,
    index: Number(index),
    port: 5000,
    state: running ? 'running' : 'exited',
    running,
    ip: '',
    published: {},
  };
}

describe('chooseContainer', () => {
  const list = [c('a.web.1.d1'), c('a.web.2.d1'), c('a.worker.1.d1'), c('a.clock.1.d1', false)];
  it('picks by dyno name or process type, with the rest as the command', () => {
    expect(chooseContainer('a', list, ['web.2', 'ls', '-l'])).toMatchObject({
      container: { name: 'a.web.2.d1' },
      command: ['ls', '-l'],
    });
    expect(chooseContainer('a', list, ['worker'])).toMatchObject({
      container: { name: 'a.worker.1.d1' },
      command: DEFAULT_SHELL,
    });
  });
  it('needs a choice when several run, and refuses stopped or unknown ones', () => {
    expect(() => chooseContainer('a', list, ['ls'])).toThrow(/several containers.*web\.1\|web\.2\|worker\.1/);
    expect(() => chooseContainer('a', list, ['clock.1'])).toThrow(/No running container clock.1/);
    expect(() => chooseContainer('a', [], [])).toThrow(/no running containers/);
  });
  it('uses the only container when there is one', () => {
    expect(chooseContainer('a', [c('a.web.1.d1')], ['ls'])).toMatchObject({
      container: { name: 'a.web.1.d1' },
      command: ['ls'],
    });
  });
  it('only accepts ids of the app containers', () => {
    const id = list[2].id;
    expect(chooseContainer('a', list, [], id.slice(0, 8)).container.name).toBe('a.worker.1.d1');
    expect(() => chooseContainer('a', list, [], 'ffff0000')).toThrow(/No container ffff0000 belongs to a/);
    expect(() => chooseContainer('a', list, [], '../x')).toThrow(/hex id/);
  });
});
