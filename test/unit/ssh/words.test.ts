import { describe, expect, it } from 'vitest';
import { splitWords } from '../../../lib/ssh/words.js';
import { parseSshCommand } from '../../../lib/ssh/ssh-command.js';

describe('splitWords', () => {
  it('splits on blanks and honours quotes like sh, without expanding anything', () => {
    expect(splitWords("git-receive-pack 'my-app'")).toEqual(['git-receive-pack', 'my-app']);
    expect(splitWords('  config:set  app "A=hello  world$" ')).toEqual(['config:set', 'app', 'A=hello  world$']);
    expect(splitWords(`run app echo '$(id)' "\\$HOME" a\\ b`)).toEqual(['run', 'app', 'echo', '$(id)', '$HOME', 'a b']);
    expect(splitWords(`a'b'"c"d`)).toEqual(['abcd']);
    expect(splitWords(`x '' ""`)).toEqual(['x', '', '']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords('apps:list; id')).toEqual(['apps:list;', 'id']);
  });

  it('refuses unterminated quotes', () => {
    expect(() => splitWords("git-receive-pack 'app")).toThrow(/Unterminated single quote/);
    expect(() => splitWords('echo "x')).toThrow(/Unterminated double quote/);
  });
});

describe('parseSshCommand', () => {
  it('recognises a push in the forms git clients send', () => {
    expect(parseSshCommand("git-receive-pack 'app'")).toEqual({ kind: 'receive-pack', app: 'app', wait: true });
    expect(parseSshCommand("git-receive-pack '/app.git'")).toEqual({ kind: 'receive-pack', app: 'app', wait: true });
    expect(parseSshCommand("git-receive-pack --no-wait 'app'")).toEqual({
      kind: 'receive-pack',
      app: 'app',
      wait: false,
    });
  });

  it('validates the app name of a push', () => {
    expect(() => parseSshCommand("git-receive-pack '../etc'")).toThrow(/App name/);
    expect(() => parseSshCommand("git-receive-pack 'App'")).toThrow(/App name/);
    expect(() => parseSshCommand('git-receive-pack')).toThrow(/Usage/);
    expect(() => parseSshCommand("git-receive-pack --upload-pack=x 'app'")).toThrow(/Unknown git-receive-pack option/);
  });

  it('refuses fetches and clones', () => {
    expect(() => parseSshCommand("git-upload-pack 'app'")).toThrow(/not supported/);
    expect(() => parseSshCommand("git-upload-archive 'app'")).toThrow(/not supported/);
  });

  it('passes anything else to paas as words', () => {
    expect(parseSshCommand('apps:list')).toEqual({ kind: 'paas', args: ['apps:list'] });
    expect(parseSshCommand("config:set app 'A=b c'")).toEqual({ kind: 'paas', args: ['config:set', 'app', 'A=b c'] });
    expect(parseSshCommand(undefined)).toEqual({ kind: 'paas', args: [] });
  });
});
