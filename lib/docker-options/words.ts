// A quote-aware word splitter for option strings ("-p 1:1 -e 'A=b c'"). Options are never handed to a
// shell, so shell operators outside quotes are refused instead of being passed on as odd words.
import { UsageError } from '../core/errors.js';
import { splitWordsWith } from '../core/words.js';

const SHELL_OPERATORS = new Set([';', '|', '&', '<', '>', '`', '$', '(', ')']);

export function splitWords(text: string): string[] {
  const where = JSON.stringify(text);
  return splitWordsWith(text, {
    where,
    isSpace: (c) => /\s/.test(c),
    // Inside double quotes a backslash only escapes these, as in POSIX sh.
    doubleQuoteEscapes: '"\\$`',
    refuseTrailingBackslash: true,
    check: (c) => {
      if (SHELL_OPERATORS.has(c))
        throw new UsageError(
          `Docker options are not run by a shell: ${JSON.stringify(c)} is not allowed outside quotes in ${where}`,
        );
    },
  });
}

/** Quote one word so splitWords gives it back unchanged. */
function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinWords(words: string[]): string {
  return words.map(quoteWord).join(' ');
}
