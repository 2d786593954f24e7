// .dockerignore for Dockerfile builds. The docker CLI applies it on the client side (the engine does
// not), so paas does the same before packing the context: same pattern rules as moby's patternmatcher
// (`*`, `?`, `[...]`, `**`, `!` re-includes, the last matching pattern wins, a match on a parent
// directory excludes everything below it). The Dockerfile and .dockerignore are always sent.
import fs from 'node:fs';
import path from 'node:path';

interface Pattern {
  re: RegExp;
  negate: boolean;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // "**/" matches zero or more directories; a trailing "**" matches everything.
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\]\\/]/g, (m) => (m === '/' ? '/' : '\\' + m));
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1).trim();
    line = path.posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    out.push({ re: globToRegExp(line), negate });
  }
  return out;
}

/** True when the relative path (or one of its parent directories) is excluded by the patterns. */
export function isIgnored(rel: string, patterns: Pattern[]): boolean {
  const parents: string[] = [];
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  let ignored = false;
  for (const p of patterns) {
    if (parents.some((q) => p.re.test(q))) ignored = !p.negate;
  }
  return ignored;
}

/**
 * Members of the context after .dockerignore, relative to dir, directories before their contents;
 * undefined when there is no .dockerignore (the whole directory is sent).
 */
export function contextMembers(dir: string, dockerfile: string): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
  } catch {
    return undefined;
  }
  const patterns = parseDockerignore(text);
  const always = new Set([path.posix.normalize(dockerfile), '.dockerignore']);
  const hasNegation = patterns.some((p) => p.negate);
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (r === '.git') continue;
      const ignored = isIgnored(r, patterns);
      if (d.isDirectory()) {
        if (!ignored) out.push(r);
        // An ignored directory can still hold re-included files when there are "!" patterns.
        if (!ignored || hasNegation) walk(r);
      } else if (!ignored || always.has(r)) out.push(r);
    }
  };
  walk('');
  // Parent directories of re-included files must be in the archive too.
  const set = new Set(out);
  for (const r of [...out]) {
    const parts = r.split('/');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
  }
  return [...set].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
}
