import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { effectiveEnv, parseEnv, readEnv, serializeEnv, shellQuote, writeEnv } from '../../../lib/config/env-file.js';
import { GLOBAL, paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-env-'));
});

const tricky = {
  SPACES: 'hello  world$',
  QUOTES: `it's "quoted" and '' twice`,
  NEWLINES: 'line1\nline2\n\nline4\n',
  EQUALS: 'a=b==c',
  DOLLAR: '$HOME ${PATH} `id` $(id)',
  BACKSLASH: 'C:\\path\\n\\t\\',
  EMPTY: '',
  UNICODE: 'héllo ✓ 日本',
  EXPORT_LIKE: "x\nexport FAKE='injected'",
  TRAILING_SPACE: 'v  ',
};

describe('ENV file format', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });

  it('serializes sorted export lines', () => {
    expect(serializeEnv({ B: '2', A: 'x y' })).toBe("export A='x y'\nexport B='2'\n");
    expect(serializeEnv({})).toBe('');
  });

  it('round-trips every character', () => {
    expect(parseEnv(serializeEnv(tricky))).toEqual(tricky);
  });

  it('never turns a value line into a key', () => {
    const env = parseEnv(serializeEnv(tricky));
    expect(env.FAKE).toBeUndefined();
  });

  it('is what a POSIX shell reads back', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = serializeEnv(tricky) + 'printf "%s" "$QUOTES|$DOLLAR|$NEWLINES|$BACKSLASH"';
    const outp = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(outp).toBe(`${tricky.QUOTES}|${tricky.DOLLAR}|${tricky.NEWLINES}|${tricky.BACKSLASH}`);
  });

  it('rejects a truncated file instead of guessing', () => {
    expect(() => parseEnv("export A='never closed\n")).toThrow(/malformed/);
  });
});

describe('readEnv / writeEnv', () => {
  it('writes app and global files 0600 and reads them back', () => {
    fs.mkdirSync(paths.appDir('a1'), { recursive: true });
    writeEnv('a1', tricky);
    writeEnv(GLOBAL, { G: 'global' });
    expect(fs.statSync(paths.appEnv('a1')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(paths.globalEnv()).mode & 0o777).toBe(0o600);
    expect(readEnv('a1')).toEqual(tricky);
    expect(readEnv(GLOBAL)).toEqual({ G: 'global' });
  });

  it('reads a missing file as empty', () => {
    expect(readEnv('nope')).toEqual({});
  });

  it('merges global under app values', () => {
    writeEnv(GLOBAL, { A: 'global', G: 'g' });
    writeEnv('a1', { A: 'app' });
    expect(effectiveEnv('a1')).toEqual({ A: 'app', G: 'g' });
  });
});
