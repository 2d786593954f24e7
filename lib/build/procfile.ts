// Procfile: one `name: command` a line. `release:` is a task run once per release (by paas-release),
// not a long-running process, so it is kept apart from the process types.
import { PaasError } from '../core/errors.js';

const LINE_RE = /^([A-Za-z0-9][A-Za-z0-9_-]{0,62})\s*:\s*(.*)$/;

export interface Procfile {
  processes: Record<string, string>;
  release?: string;
}

/** Parse a Procfile. A line that is neither blank, a comment nor `name: command` is an error, not skipped. */
export function parseProcfile(text: string): Procfile {
  const processes: Record<string, string> = {};
  let release: string | undefined;
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = LINE_RE.exec(line);
    if (!m)
      throw new PaasError(
        `Procfile line ${i + 1} is invalid: ${JSON.stringify(line.slice(0, 80))} (expected "name: command", names of letters, digits, dashes and underscores)`,
      );
    const [, name, command] = m;
    const cmd = command.trim();
    if (cmd === '') throw new PaasError(`Procfile line ${i + 1}: process type "${name}" has no command`);
    if (seen.has(name)) throw new PaasError(`Procfile line ${i + 1}: process type "${name}" is defined twice`);
    seen.add(name);
    if (name === 'release') release = cmd;
    else processes[name] = cmd;
  });
  return release === undefined ? { processes } : { processes, release };
}
