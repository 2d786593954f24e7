// Splitting a line into words the way a POSIX shell quotes them, without ever running a shell: no
// expansion, no globbing, no command substitution. The ssh front door and docker options each pass
// their rules (what separates words, what an unquoted character may be).
import { UsageError } from './errors.js';

export interface WordRules {
  /** Named in errors: `Unterminated single quote in <where>`. */
  where: string;
  /** Separates words outside quotes. */
  isSpace(c: string): boolean;
  /** What a backslash escapes inside double quotes (POSIX sh: " \ $ ` and newline). */
  doubleQuoteEscapes: string;
  /** A backslash at the very end: refused, or (false) dropped. */
  refuseTrailingBackslash: boolean;
  /** Sees every unquoted character that is not a space, quote or backslash; throws to refuse it. */
  check?(c: string): void;
}

export function splitWordsWith(text: string, rules: WordRules): string[] {
  const fail = (what: string) => new UsageError(`${what} in ${rules.where}`);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (rules.isSpace(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw fail('Unterminated single quote');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw fail('Unterminated double quote');
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < text.length && rules.doubleQuoteEscapes.includes(text[i + 1])) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      else if (rules.refuseTrailingBackslash) throw fail('Trailing backslash');
      inWord = true;
      i += 2;
    } else {
      rules.check?.(c);
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
