import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarArgs, tarInput } from '../../../lib/build/docker-build.js';
import { contextMembers, isIgnored, parseDockerignore } from '../../../lib/build/dockerignore.js';

describe('.dockerignore patterns', () => {
  const ignored = (patterns: string, rel: string) => isIgnored(rel, parseDockerignore(patterns));

  it('matches like docker: * within a segment, ** across, parents exclude children', () => {
    expect(ignored('*.md', 'README.md')).toBe(true);
    expect(ignored('*.md', 'docs/README.md')).toBe(false);
    expect(ignored('**/*.md', 'docs/deep/README.md')).toBe(true);
    expect(ignored('**/*.md', 'README.md')).toBe(true);
    expect(ignored('node_modules', 'node_modules/x/index.js')).toBe(true);
    expect(ignored('/tmp/', 'tmp/a')).toBe(true);
    expect(ignored('a?c', 'abc')).toBe(true);
    expect(ignored('a?c', 'a/c')).toBe(false);
    expect(ignored('[a-c].txt', 'b.txt')).toBe(true);
    expect(ignored('file.txt', 'fileXtxt')).toBe(false);
  });

  it('"!" re-includes and the last matching pattern wins; comments are skipped', () => {
    const p = '# secrets\nsecrets\n!secrets/public.pem\n*.log\n!keep.log\n';
    expect(ignored(p, 'secrets/private.pem')).toBe(true);
    expect(ignored(p, 'secrets/public.pem')).toBe(false);
    expect(ignored(p, 'x.log')).toBe(true);
    expect(ignored(p, 'keep.log')).toBe(false);
    expect(ignored('!keep.log\n*.log', 'keep.log')).toBe(true);
  });
});

describe('contextMembers', () => {
  function tree(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ign-'));
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), c);
    }
    return dir;
  }

  it('is undefined without a .dockerignore', () => {
    expect(contextMembers(tree({ Dockerfile: 'FROM x' }), 'Dockerfile')).toBeUndefined();
  });

  it('lists what is sent, always keeping the Dockerfile and .dockerignore, parents of re-included files', async () => {
    const dir = tree({
      Dockerfile: 'FROM x',
      '.dockerignore': 'Dockerfile\n.dockerignore\n*.md\nsecrets\n!secrets/public.pem\n',
      'README.md': 'r',
      'app.js': 'a',
      'lib/util.js': 'u',
      'secrets/private.pem': 'p',
      'secrets/public.pem': 'P',
    });
    const members = contextMembers(dir, 'Dockerfile')!;
    expect(members).toEqual([
      '.dockerignore',
      'Dockerfile',
      'app.js',
      'lib',
      'secrets',
      'lib/util.js',
      'secrets/public.pem',
    ]);
    // The list goes through tar as the exact member list.
    const parts = [{ dir, names: members, exact: true }];
    const out = path.join(dir, '..', `${path.basename(dir)}.tar`);
    await execa('tar', [...tarArgs(parts), '-f', out], { input: tarInput(parts) });
    const listed = (await execa('tar', ['-tf', out])).stdout
      .split('\n')
      .map((l) => l.replace(/\/$/, ''))
      .sort();
    expect(listed).toEqual([...members].sort());
  });
});
