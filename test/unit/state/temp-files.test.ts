import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = path.resolve(__dirname, '../../../lib');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

describe('temporary files on the host', () => {
  // A predictable name in /tmp (paas-context-PID-MS.tar) let a local user's symlink make paas write a
  // file of their choice: temporary files live in a private mkdtemp directory (0700), nowhere else.
  it('are only made inside fs.mkdtempSync directories', () => {
    const offenders = sources(LIB).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${path.relative(LIB, file)}:${i + 1}`, line }))
        .filter(({ line }) => line.includes('os.tmpdir()') && !line.includes('fs.mkdtempSync(')),
    );
    expect(offenders).toEqual([]);
  });

  it('never name a fixed path under /tmp on the host', () => {
    const offenders = sources(LIB).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${path.relative(LIB, file)}:${i + 1}`, line }))
        // Scripts that run inside a container (services/kinds.ts) have their own /tmp.
        .filter(({ line, where }) => /['"`]\/tmp\//.test(line) && !where.startsWith('services/kinds.ts')),
    );
    expect(offenders).toEqual([]);
  });
});
