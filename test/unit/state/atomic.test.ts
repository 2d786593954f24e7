import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureDir, readFileOr, removeFile, writeFileAtomic } from '../../../lib/state/atomic.js';
import { paths, stateRoot } from '../../../lib/state/paths.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-atomic-'));
  process.env.PAAS_ROOT = root;
});

describe('writeFileAtomic', () => {
  it('creates parent dirs, writes the content with the mode and leaves no temp file', () => {
    const f = path.join(root, 'a', 'b', 'secret');
    writeFileAtomic(f, 'one', 0o600);
    expect(fs.readFileSync(f, 'utf8')).toBe('one');
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    writeFileAtomic(f, Buffer.from('two'), 0o600);
    expect(fs.readFileSync(f, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['secret']);
  });
  it('replaces by rename: a reader holding the old file keeps the old content', () => {
    const f = path.join(root, 'x');
    writeFileAtomic(f, 'old');
    const fd = fs.openSync(f, 'r');
    writeFileAtomic(f, 'new');
    expect(fs.readFileSync(fd, 'utf8')).toBe('old');
    fs.closeSync(fd);
    expect(fs.readFileSync(f, 'utf8')).toBe('new');
  });
  it('tightens the mode of an existing file', () => {
    const f = path.join(root, 'y');
    fs.writeFileSync(f, 'x', { mode: 0o644 });
    writeFileAtomic(f, 'z', 0o600);
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });
  it('fails cleanly when the target is a directory, leaving no temp file', () => {
    const d = path.join(root, 'dir');
    fs.mkdirSync(path.join(d, 'inner'), { recursive: true });
    expect(() => writeFileAtomic(d, 'x')).toThrow();
    expect(fs.readdirSync(root)).toEqual(['dir']);
  });
});

describe('helpers', () => {
  it('readFileOr gives the fallback only for a missing file', () => {
    expect(readFileOr(path.join(root, 'missing'), 'fb')).toBe('fb');
    fs.mkdirSync(path.join(root, 'd'));
    expect(() => readFileOr(path.join(root, 'd'), 'fb')).toThrow();
  });
  it('ensureDir and removeFile', () => {
    const d = path.join(root, 'p', 'q');
    ensureDir(d);
    ensureDir(d);
    expect(fs.statSync(d).isDirectory()).toBe(true);
    removeFile(path.join(d, 'none'));
    fs.writeFileSync(path.join(d, 'f'), '');
    removeFile(path.join(d, 'f'));
    expect(fs.readdirSync(d)).toEqual([]);
  });
  it('every path lives under PAAS_ROOT', () => {
    expect(stateRoot()).toBe(root);
    expect(paths.appEnv('a')).toBe(path.join(root, 'apps', 'a', 'ENV'));
    expect(paths.prop('ns', '--global', 'k')).toBe(path.join(root, 'props', 'ns', '__global__', 'k'));
    expect(paths.repo('a')).toBe(path.join(root, 'repos', 'a.git'));
    delete process.env.PAAS_ROOT;
    expect(stateRoot()).toBe('/var/lib/paas');
    process.env.PAAS_ROOT = root;
  });
});

describe('hardening (issue 9)', () => {
  it('makes directories 0750 by default: other local accounts read nothing under the state root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-mode-'));
    const old = process.umask(0o022);
    try {
      ensureDir(path.join(root, 'a', 'b'));
      expect(fs.statSync(path.join(root, 'a', 'b')).mode & 0o777).toBe(0o750);
    } finally {
      process.umask(old);
    }
  });

  it('never writes through a file or symlink already sitting at the temp name (O_EXCL)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-excl-'));
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'untouched');
    const spy = vi.spyOn(Date, 'now').mockReturnValue(1234);
    try {
      fs.symlinkSync(victim, path.join(dir, `.target.${process.pid}.1234.tmp`));
      writeFileAtomic(path.join(dir, 'target'), 'new');
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('new');
  });
});
