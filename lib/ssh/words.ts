// Splits an ssh command line into words the way a POSIX shell would quote them, without ever running a
// shell: no expansion, no globbing, no command substitution. `$(id)` stays the literal word "$(id)".
import { splitWordsWith } from '../core/words.js';

export function splitWords(line: string): string[] {
  return splitWordsWith(line, {
    where: 'command',
    isSpace: (c) => c === ' ' || c === '\t' || c === '\n',
    doubleQuoteEscapes: '"\\$`\n',
    refuseTrailingBackslash: false,
  });
}
