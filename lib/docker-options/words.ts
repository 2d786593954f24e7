// A quote-aware word splitter for option strings ("-p 1:1 -e 'A=b c'"). Options are never handed to a
// shell, so shell operators outside quotes are refused instead of being passed on as odd words.
import { UsageError } from '../core/errors.js';

const SHELL_OPERATORS = new Set([';', '|', '&', '<', '>', '`', '$', '(', ')']);

export function splitWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new UsageError(`Unterminated single quote in ${JSON.stringify(text)}`);
      cur += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        // Inside double quotes a backslash only escapes these, as in POSIX sh.
        if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
          cur += text[i + 1];
          i += 2;
          continue;
        }
        cur += d;
        i++;
      }
      if (!closed) throw new UsageError(`Unterminated double quote in ${JSON.stringify(text)}`);
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new UsageError(`Trailing backslash in ${JSON.stringify(text)}`);
      cur += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
    } else if (SHELL_OPERATORS.has(c)) {
      throw new UsageError(
        `Docker options are not run by a shell: ${JSON.stringify(c)} is not allowed outside quotes in ${JSON.stringify(text)}`,
      );
    } else {
      cur += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** Quote one word so splitWords gives it back unchanged. */
function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinWords(words: string[]): string {
  return words.map(quoteWord).join(' ');
}
