import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { certKeyFromTar, MAX_CERT_INPUT, readLimited, readTarFiles } from '../../../lib/certs/tar.js';
import { tmpDir } from './helpers.js';
import { makeTar as craftTar } from '../archive/build.js';

function makeTar(files: Record<string, string>, args: string[], names: string[]): Buffer {
  const d = tmpDir();
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    fs.writeFileSync(path.join(d, f), text);
  }
  return execFileSync('tar', [...args, '-C', d, ...names]);
}

describe('tar input', () => {
  it('reads server.crt and server.key from a plain tar', () => {
    const t = makeTar({ 'server.crt': 'CERT', 'server.key': 'KEY' }, ['-cf', '-'], ['server.crt', 'server.key']);
    expect(certKeyFromTar(t)).toEqual({ cert: 'CERT', key: 'KEY' });
  });

  it('accepts ./ prefixes, folders, gzip and long names', () => {
    const long = 'd'.repeat(120);
    const t = makeTar(
      { [`${long}/server.crt`]: 'C2', [`${long}/server.key`]: 'K2', 'notes.txt': 'x' },
      ['-czf', '-'],
      ['.'],
    );
    const files = readTarFiles(t)
      .map((f) => f.name)
      .sort();
    expect(files).toEqual([`${long}/server.crt`, `${long}/server.key`, 'notes.txt']);
    expect(certKeyFromTar(t)).toEqual({ cert: 'C2', key: 'K2' });
  });

  it('takes the single .crt/.key when they are not called server.*', () => {
    const t = makeTar({ 'a.crt': 'C', 'a.key': 'K' }, ['-cf', '-'], ['a.crt', 'a.key']);
    expect(certKeyFromTar(t)).toEqual({ cert: 'C', key: 'K' });
  });

  it('says what is missing or ambiguous, and refuses non-tar input', () => {
    expect(() => certKeyFromTar(makeTar({ 'server.crt': 'C' }, ['-cf', '-'], ['server.crt']))).toThrow(/no \.key file/);
    const two = makeTar({ 'a.crt': 'C', 'b.crt': 'C', 'a.key': 'K' }, ['-cf', '-'], ['a.crt', 'b.crt', 'a.key']);
    expect(() => certKeyFromTar(two)).toThrow(/several \.crt files/);
    expect(() => readTarFiles(Buffer.from('garbage\n'))).toThrow(/not a tar archive|empty/);
    expect(() => readTarFiles(Buffer.alloc(0))).toThrow(/empty/);
    expect(() => readTarFiles(Buffer.alloc(512, 0x41))).toThrow(/not a tar archive/);
  });
});

describe('certs:add input size limit', () => {
  it('refuses input larger than 1 MiB, plain or gzipped, and a gzip bomb', async () => {
    expect(() => readTarFiles(Buffer.alloc(MAX_CERT_INPUT + 1))).toThrow(/larger than 1 MiB/);
    // 64 MiB of zeros gzips to about 64 KiB: refused once the unpacked stream passes 1 MiB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_CERT_INPUT);
    expect(() => readTarFiles(bomb)).toThrow(/unpacked archive is larger than 1 MiB/);
    async function* chunks(n: number) {
      for (let i = 0; i < n; i++) yield Buffer.alloc(64 * 1024);
    }
    await expect(readLimited(chunks(17), 'input on stdin')).rejects.toThrow(/input on stdin is larger than 1 MiB/);
    expect((await readLimited(chunks(16), 'input on stdin')).length).toBe(MAX_CERT_INPUT);
  });
});

// from dokku tests/unit/archive-security.bats "certs:add rejects tar with absolute symlink target"
describe('unsafe tar entries', () => {
  const pem = [
    { name: 'server.crt', data: 'CERT' },
    { name: 'server.key', data: 'KEY' },
  ];
  it('refuses what git:from-archive refuses, with the same messages, even though nothing is unpacked', () => {
    const abs = craftTar([{ name: 'pwn', type: '2', link: '/tmp' }, { name: 'pwn/canary.txt', data: 'x' }, ...pem]);
    expect(() => certKeyFromTar(abs)).toThrow('Archive contains symlinks with absolute targets');
    expect(() => certKeyFromTar(craftTar([{ name: 'l', type: '2', link: '../../x' }, ...pem]))).toThrow(
      /symlinks pointing outside extraction directory/,
    );
    expect(() => certKeyFromTar(craftTar([{ name: '/etc/server.crt', data: 'x' }, ...pem]))).toThrow(/absolute paths/);
    expect(() => certKeyFromTar(craftTar([{ name: 'a', type: '1', link: '/etc/shadow' }, ...pem]))).toThrow(
      /hard links/,
    );
    expect(certKeyFromTar(craftTar([{ name: 'l', type: '2', link: 'server.crt' }, ...pem]))).toEqual({
      cert: 'CERT',
      key: 'KEY',
    });
  });
});
