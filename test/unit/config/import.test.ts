import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportEnv } from '../../../lib/config/formats.js';
import { parseImport, parseImportFormat } from '../../../lib/config/import.js';

const env = {
  A: 'hello  world$',
  B: `it's "double" and 'single'`,
  C: 'l1\nl2\n',
  D: '',
  E: 'a=b # not a comment',
  F: 'back\\slash `tick` !bang',
  N: '5000',
  Z: '007',
};

describe('config:import', () => {
  for (const f of EXPORT_FORMATS.filter((f) => f !== 'pretty' && f !== 'docker-args-keys' && f !== 'pack-keys'))
    it(`reads back what --format ${f} writes`, () => {
      expect(parseImport(exportEnv(env, f))).toEqual(env);
    });

  it('reads an ordinary .env file', () => {
    const text = [
      '# comment',
      '',
      'export PLAIN=value with spaces   ',
      'INLINE=abc # trailing comment',
      "SQ='x # y'",
      'DQ="tab\\there\\nnewline"',
      '  INDENTED=1',
      'EMPTY=',
    ].join('\n');
    expect(parseImport(text)).toEqual({
      PLAIN: 'value with spaces',
      INLINE: 'abc',
      SQ: 'x # y',
      DQ: 'tab\there\nnewline',
      INDENTED: '1',
      EMPTY: '',
    });
  });

  it('lets the last of a repeated key win', () => {
    expect(parseImport('A=1\nA=2\n')).toEqual({ A: '2' });
  });

  it('reads JSON objects and lists', () => {
    expect(parseImport('{"A":"1","B":2}')).toEqual({ A: '1', B: '2' });
    expect(parseImport('[{"name":"A","value":"x"}]')).toEqual({ A: 'x' });
    expect(parseImport('null')).toEqual({});
  });

  it('reports bad input with its line', () => {
    expect(() => parseImport('A=1\nNOEQUALS\n')).toThrow(/line 2: expected "=" after NOEQUALS/);
    expect(() => parseImport('1BAD=x')).toThrow(/line 1: .*Invalid env key/);
    expect(() => parseImport("A='open\nB=2")).toThrow(/line 1: unterminated single quote/);
    expect(() => parseImport('A="open')).toThrow(/unterminated double quote/);
    expect(() => parseImport('{"bad key":"x"}')).toThrow(/Invalid env key/);
    expect(() => parseImport('{"A":{"x":1}}')).toThrow(/not a string/);
    expect(() => parseImport('{nope')).toThrow(/invalid JSON/);
  });
});

describe('config:import --format (Dokku: envfile or json)', () => {
  it('reads the text as the format says, whatever it looks like', () => {
    expect(parseImport('{"A": "1"}', 'json')).toEqual({ A: '1' });
    expect(() => parseImport('A=1', 'json')).toThrow(/invalid JSON/);
    expect(parseImport('A=1\n', 'envfile')).toEqual({ A: '1' });
  });
  it('accepts only the formats Dokku names', () => {
    expect(parseImportFormat(undefined)).toBeUndefined();
    expect(parseImportFormat('json')).toBe('json');
    expect(() => parseImportFormat('yaml')).toThrow(/use envfile or json/);
  });
});
