import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkExtractedTree, checkListing, symlinkLanding } from '../../../lib/archive/check.js';
import { listArchive, TarLister } from '../../../lib/archive/list.js';
import { makeTar, makeZip } from './build.js';

const limits = { maxSize: 1_000_000, maxFiles: 100 };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'paas-arctest-'));
}

function write(buf: Buffer, name: string): string {
  const f = path.join(tmp(), name);
  fs.writeFileSync(f, buf);
  return f;
}

async function check(buf: Buffer, type: 'tar' | 'tar.gz' | 'zip' = 'tar', l = limits): Promise<void> {
  const f = write(buf, `a.${type}`);
  checkListing(await listArchive(f, type, l.maxFiles + 1), l);
}

describe('listArchive', () => {
  it('reads names, types, sizes and link targets of tar, tar.gz and zip', async () => {
    const entries = [
      { name: 'app/', type: '5' },
      { name: 'app/Procfile', data: 'web: x\n' },
      { name: 'app/link', type: '2', link: 'Procfile' },
      { name: `app/${'d'.repeat(120)}/long.txt`, data: 'long', pax: true },
    ];
    for (const gz of [false, true]) {
      const l = await listArchive(write(makeTar(entries, gz), 'x'), gz ? 'tar.gz' : 'tar', 10);
      expect(l.count).toBe(4);
      expect(l.totalSize).toBe(11);
      expect(l.entries.map((e) => [e.name, e.type, e.target])).toEqual([
        ['app/', 'dir', undefined],
        ['app/Procfile', 'file', undefined],
        ['app/link', 'symlink', 'Procfile'],
        [`app/${'d'.repeat(120)}/long.txt`, 'file', undefined],
      ]);
    }
    const z = await listArchive(
      write(
        makeZip([{ name: 'a/' }, { name: 'a/x', data: 'hi' }, { name: 'a/l', data: '../../etc', mode: 0o120777 }]),
        'z',
      ),
      'zip',
      10,
    );
    expect(z.entries.map((e) => [e.name, e.type, e.target])).toEqual([
      ['a/', 'dir', undefined],
      ['a/x', 'file', undefined],
      ['a/l', 'symlink', '../../etc'],
    ]);
  });

  it('lists what GNU tar lists (pax names included)', async () => {
    const buf = makeTar([
      { name: 'short', data: 'x' },
      { name: `${'p'.repeat(150)}/f`, data: 'y', pax: true },
    ]);
    const f = write(buf, 'a.tar');
    const gnu = (await execa('tar', ['-tf', f])).stdout.split('\n');
    const ours = (await listArchive(f, 'tar', 10)).entries.map((e) => e.name);
    expect(ours).toEqual(gnu);
  });

  it('counts every entry but keeps only as many as asked', () => {
    const lister = new TarLister(2);
    lister.push(makeTar([{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }]));
    expect(lister.end().count).toBe(4);
    expect(lister.listing.entries).toHaveLength(2);
  });

  it('says what is wrong with something that is not the given type', async () => {
    const gz = write(makeTar([{ name: 'a' }], true), 'a.tar');
    await expect(listArchive(gz, 'tar', 10)).rejects.toThrow(
      /gzipped; run git:from-archive again with --archive-type tar.gz/,
    );
    const junk = write(Buffer.alloc(2048, 7), 'junk');
    await expect(listArchive(junk, 'tar', 10)).rejects.toThrow(/not a valid tar file/);
    await expect(listArchive(junk, 'zip', 10)).rejects.toThrow(/not a valid zip file/);
    await expect(listArchive(junk, 'tar.gz', 10)).rejects.toThrow(/not a valid tar.gz file/);
  });
});

describe('checkListing (before anything is unpacked)', () => {
  const cases: [string, Buffer, RegExp][] = [
    [
      'absolute path',
      makeTar([{ name: '/tmp/canary.txt', data: 'x' }]),
      /^Archive contains entries with absolute paths$/,
    ],
    [
      'parent traversal',
      makeTar([{ name: '../../../tmp/c', data: 'x' }]),
      /^Archive contains entries with parent directory traversal$/,
    ],
    ['traversal inside', makeTar([{ name: 'a/../../c', data: 'x' }]), /parent directory traversal/],
    ['backslash traversal', makeTar([{ name: 'a\\..\\..\\c', data: 'x' }]), /parent directory traversal/],
    [
      'absolute symlink',
      makeTar([
        { name: 'pwn', type: '2', link: '/tmp' },
        { name: 'README.md', data: 'x' },
      ]),
      /^Archive contains symlinks with absolute targets$/,
    ],
    [
      'escaping symlink',
      makeTar([{ name: 'pwn', type: '2', link: '../../../../tmp' }]),
      /^Archive contains symlinks pointing outside extraction directory$/,
    ],
    [
      'escaping nested symlink',
      makeTar([{ name: 'a/b/l', type: '2', link: '../../../x' }]),
      /pointing outside extraction directory/,
    ],
    ['empty symlink', makeTar([{ name: 'l', type: '2', link: '' }]), /pointing outside/],
    [
      'long (pax) absolute symlink',
      makeTar([{ name: 'l', type: '2', link: '/etc/passwd', pax: true }]),
      /absolute targets/,
    ],
    [
      'hard link',
      makeTar([
        { name: 'a', data: 'x' },
        { name: 'b', type: '1', link: 'a' },
      ]),
      /hard links/,
    ],
    ['hard link out', makeTar([{ name: 'b', type: '1', link: '/etc/shadow' }]), /hard links/],
    ['char device', makeTar([{ name: 'null', type: '3' }]), /"null", a device, fifo or other special entry/],
    ['fifo', makeTar([{ name: 'p', type: '6' }]), /device, fifo/],
    [
      'entry below a symlink',
      makeTar([
        { name: 'd', type: '2', link: 'sub' },
        { name: 'd/x', data: 'x' },
      ]),
      /"d\/x" inside a symlink/,
    ],
    [
      'link chain out',
      makeTar([
        { name: 'a', type: '2', link: '.' },
        { name: 'a/b', type: '2', link: '..' },
      ]),
      /inside a symlink/,
    ],
    ['gzipped absolute symlink', makeTar([{ name: 'pwn', type: '2', link: '/tmp' }], true), /absolute targets/],
  ];
  it.each(cases)('refuses %s', async (_what, buf, msg) => {
    await expect(check(buf, buf[0] === 0x1f ? 'tar.gz' : 'tar')).rejects.toThrow(msg);
  });

  it('refuses the same in a zip', async () => {
    await expect(check(makeZip([{ name: '/etc/x', data: 'x' }]), 'zip')).rejects.toThrow(/absolute paths/);
    await expect(check(makeZip([{ name: '../x', data: 'x' }]), 'zip')).rejects.toThrow(/parent directory traversal/);
    await expect(check(makeZip([{ name: 'l', data: '/tmp', mode: 0o120777 }]), 'zip')).rejects.toThrow(
      /absolute targets/,
    );
    await expect(check(makeZip([{ name: 'l', data: '../..', mode: 0o120777 }]), 'zip')).rejects.toThrow(
      /pointing outside/,
    );
    await expect(check(makeZip([{ name: 'p', mode: 0o010644 }]), 'zip')).rejects.toThrow(/special entry/);
  });

  it('enforces archive-max-files and the unpacked size, with Dokku message for the count', async () => {
    const four = makeTar(['README.md', 'Procfile', 'app.py', 'requirements.txt'].map((name) => ({ name, data: name })));
    await expect(check(four, 'tar', { maxSize: 1_000_000, maxFiles: 1 })).rejects.toThrow(
      /^Archive contains 4 entries which exceeds the maximum of 1$/,
    );
    await check(four, 'tar', { maxSize: 1_000_000, maxFiles: 4 });
    await expect(check(four, 'tar', { maxSize: 30, maxFiles: 10 })).rejects.toThrow(
      /exceed maximum allowed size of 30 bytes/,
    );
  });

  it('accepts an ordinary source tree with relative symlinks that stay inside', async () => {
    await check(
      makeTar([
        { name: './', type: '5' },
        { name: './app/', type: '5' },
        { name: './app/index.js', data: 'x' },
        { name: './app/node_modules/.bin/x', type: '2', link: '../../index.js' },
        { name: './current', type: '2', link: 'app' },
        { name: './dangling', type: '2', link: 'not/there' },
      ]),
    );
  });

  it('symlinkLanding resolves relative to the link, undefined when it leaves the root', () => {
    expect(symlinkLanding('a/b/l', '../c')).toBe('a/c');
    expect(symlinkLanding('a/l', '..')).toBe('');
    expect(symlinkLanding('a/l', '../..')).toBeUndefined();
    expect(symlinkLanding('l', './x/../y')).toBe('y');
  });
});

describe('checkExtractedTree (after unpacking, on disk)', () => {
  it('refuses a symlink out of the tree, a hard link and a fifo; accepts links inside', async () => {
    const make = () => {
      const d = tmp();
      fs.mkdirSync(path.join(d, 'sub'));
      fs.writeFileSync(path.join(d, 'sub', 'f'), 'x');
      fs.symlinkSync('sub/f', path.join(d, 'in'));
      fs.symlinkSync('missing', path.join(d, 'sub', 'dangling'));
      return d;
    };
    const ok = make();
    expect(() => checkExtractedTree(ok)).not.toThrow();
    const out = make();
    fs.symlinkSync('/tmp', path.join(out, 'sub', 'pwn'));
    expect(() => checkExtractedTree(out)).toThrow(/symlinks pointing outside extraction directory/);
    const rel = make();
    fs.symlinkSync('../..', path.join(rel, 'sub', 'up'));
    expect(() => checkExtractedTree(rel)).toThrow(/pointing outside/);
    const hard = make();
    fs.linkSync(path.join(hard, 'sub', 'f'), path.join(hard, 'h'));
    expect(() => checkExtractedTree(hard)).toThrow(/hard links/);
    const fifo = make();
    await execa('mkfifo', [path.join(fifo, 'p')]);
    expect(() => checkExtractedTree(fifo)).toThrow(/p, a device, fifo or socket/);
  });
});

describe('listZip with more entries than asked for', () => {
  it('counts them from the end record without reading the directory', async () => {
    const zip = makeZip([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const l = await listArchive(write(zip, 'z.zip'), 'zip', 2);
    expect(l.count).toBe(3);
    expect(() => checkListing(l, { maxSize: 100, maxFiles: 1 })).toThrow(/3 entries which exceeds the maximum of 1/);
  });
});
