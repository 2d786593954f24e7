import { describe, expect, it } from 'vitest';
import { splitWordsWith, WordRules } from '../../../lib/core/words.js';

const rules = (extra: Partial<WordRules> = {}): WordRules => ({
  where: 'test',
  isSpace: (c) => c === ' ',
  doubleQuoteEscapes: '"\\',
  refuseTrailingBackslash: false,
  ...extra,
});

describe('splitWordsWith', () => {
  it('splits on the given spaces and joins quoted parts into one word', () => {
    expect(splitWordsWith(`a 'b c'"d\\"e" f\\ g`, rules())).toEqual(['a', 'b cd"e', 'f g']);
    expect(splitWordsWith('a\tb', rules())).toEqual(['a\tb']);
    expect(splitWordsWith("'' x", rules())).toEqual(['', 'x']);
  });

  it('drops or refuses a trailing backslash as told', () => {
    expect(splitWordsWith('a\\', rules())).toEqual(['a']);
    expect(() => splitWordsWith('a\\', rules({ refuseTrailingBackslash: true }))).toThrow('Trailing backslash in test');
  });

  it('names what is unterminated, and lets the caller refuse unquoted characters', () => {
    expect(() => splitWordsWith("a 'b", rules())).toThrow('Unterminated single quote in test');
    expect(() => splitWordsWith('a "b', rules())).toThrow('Unterminated double quote in test');
    const check = (c: string) => {
      if (c === ';') throw new Error('no ;');
    };
    expect(() => splitWordsWith('a;b', rules({ check }))).toThrow('no ;');
    expect(splitWordsWith("a';'b", rules({ check }))).toEqual(['a;b']);
  });
});
