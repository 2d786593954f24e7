import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsePairs, sameEnv, updateEnv } from '../../../lib/config/change.js';
import { readEnv, writeEnv } from '../../../lib/config/env-file.js';
import { GLOBAL, paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-change-'));
  fs.mkdirSync(paths.appDir('a1'), { recursive: true });
});

describe('parsePairs', () => {
  it('splits on the first = only and keeps every character', () => {
    expect(parsePairs(['A=hello  world$', 'B=x=y=', 'C=', "D='q'"])).toEqual({
      A: 'hello  world$',
      B: 'x=y=',
      C: '',
      D: "'q'",
    });
  });
  it('refuses pairs without = and bad keys', () => {
    expect(() => parsePairs(['NOEQUALS'])).toThrow(/Invalid env pair: "NOEQUALS"/);
    expect(() => parsePairs(['1BAD=x'])).toThrow(/Invalid env key "1BAD"/);
    expect(() => parsePairs(['=x'])).toThrow(/Invalid env key/);
    expect(() => parsePairs(['A-B=x'])).toThrow(/Invalid env key/);
  });
  it('decodes --encoded values strictly', () => {
    expect(parsePairs([`A=${Buffer.from('a b\n$').toString('base64')}`], true)).toEqual({ A: 'a b\n$' });
    expect(() => parsePairs(['A=not base64!'], true)).toThrow(/Invalid base64 value for key 'A'/);
    expect(() => parsePairs(['A=abc'], true)).toThrow(/Invalid base64/);
  });
});

describe('updateEnv', () => {
  it('writes only when something changed', () => {
    writeEnv('a1', { A: '1' });
    const before = fs.statSync(paths.appEnv('a1')).mtimeMs;
    const r = updateEnv('a1', (env) => ({ ...env, A: '1' }));
    expect(r.changed).toBe(false);
    expect(fs.statSync(paths.appEnv('a1')).mtimeMs).toBe(before);
    const r2 = updateEnv('a1', (env) => ({ ...env, B: '2' }));
    expect(r2.changed).toBe(true);
    expect(r2.before).toEqual({ A: '1' });
    expect(readEnv('a1')).toEqual({ A: '1', B: '2' });
  });
  it('leaves the file untouched when the change throws', () => {
    writeEnv('a1', { A: '1' });
    const text = fs.readFileSync(paths.appEnv('a1'), 'utf8');
    expect(() =>
      updateEnv('a1', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(fs.readFileSync(paths.appEnv('a1'), 'utf8')).toBe(text);
  });
  it('removes temp files of killed writers, not of live ones', async () => {
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync('true').pid;
    const dir = paths.appDir('a1');
    fs.writeFileSync(path.join(dir, `.ENV.${dead}.1.tmp`), "export A='half");
    fs.writeFileSync(path.join(dir, `.ENV.${process.pid}.2.tmp`), '');
    fs.writeFileSync(path.join(dir, '.other.1.1.tmp'), '');
    updateEnv('a1', (env) => ({ ...env, A: '1' }));
    expect(fs.readdirSync(dir).sort()).toEqual([`.ENV.${process.pid}.2.tmp`, '.other.1.1.tmp', 'ENV']);
  });
  it('works on the global scope', () => {
    updateEnv(GLOBAL, () => ({ G: 'x' }));
    expect(readEnv(GLOBAL)).toEqual({ G: 'x' });
  });
  it('compares envs', () => {
    expect(sameEnv({ A: '1' }, { A: '1' })).toBe(true);
    expect(sameEnv({ A: '1' }, { A: '2' })).toBe(false);
    expect(sameEnv({ A: '' }, {})).toBe(false);
  });
});
