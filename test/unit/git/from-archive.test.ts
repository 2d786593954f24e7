import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { execa } from 'execa';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { readDeploySource } from '../../../lib/apps/settings.js';
import { commands } from '../../../lib/git/commands.js';
import { deployFromArchive, prepareArchiveTree } from '../../../lib/git/from-archive.js';
import { branchHead, gitArgs } from '../../../lib/git/repo.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, readProp, writeProp } from '../../../lib/state/props.js';
import { capture, runCommand } from '../cli/capture.js';
import { Entry, makeTar, makeZip } from '../archive/build.js';

const APP = 'fa-app';
const author = { name: 'Camila', email: 'camila@example.com' };
let outside: string;
let deploys: string[];

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-fromarchive-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-outside-'));
  createApp(APP);
  deploys = [];
  before = new Set(fs.readdirSync(os.tmpdir()));
});

const okDeploy = async (_app: string, ref: string) => {
  deploys.push(ref);
  return 0;
};

async function fromArchive(buf: Buffer, type: 'tar' | 'tar.gz' | 'zip' = 'tar', deploy = okDeploy) {
  const r = await capture(() => deployFromArchive(APP, '--', { type, author, input: Readable.from([buf]), deploy }));
  if (r.error) throw r.error;
  return r.stderr;
}

async function git(...args: string[]): Promise<string> {
  return (await execa('git', gitArgs(paths.repo(APP), ...args))).stdout;
}

/** Work dirs of git:from-archive left in the temp dir since the test began (none may be). */
let before: Set<string>;
const workDirs = () =>
  fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('paas-archive-') && !before.has(f)).length;

const app: Entry[] = [
  { name: 'smoke-test-app-2.0.0/', type: '5' },
  { name: 'smoke-test-app-2.0.0/Procfile', data: 'web: httpd\n' },
  { name: 'smoke-test-app-2.0.0/public/index.html', data: 'hello\n' },
  { name: 'smoke-test-app-2.0.0/current', type: '2', link: 'public' },
];

describe('deployFromArchive', () => {
  it('commits the tree (top folder dropped) with the given author, deploys it, then moves the branch', async () => {
    const stderr = await fromArchive(makeTar(app));
    expect(stderr).toMatch(/Fetching tar file from stdin/);
    const head = branchHead(APP, 'main')!;
    expect(deploys).toEqual([`${'0'.repeat(40)} ${head} refs/heads/main\n`]);
    expect((await git('ls-tree', '-r', '--name-only', head)).split('\n')).toEqual([
      'Procfile',
      'current',
      'public/index.html',
    ]);
    expect(await git('log', '-1', '--format=%an <%ae>|%cn|%s', head)).toBe(
      'Camila <camila@example.com>|Camila|Initial commit',
    );
    expect(readDeploySource(APP)).toEqual({ source: 'tar', metadata: '--' });

    // the same archive again: nothing to commit, nothing deployed (Dokku's early exit)
    const again = await fromArchive(makeTar(app, true), 'tar.gz');
    expect(again).toMatch(/No changes detected, skipping git commit/);
    expect(deploys).toHaveLength(1);

    // a change: a second commit on top of the first
    await fromArchive(
      makeZip([
        { name: 'Procfile', data: 'web: httpd -f\n' },
        { name: 'public/index.html', data: 'v2\n' },
      ]),
      'zip',
    );
    const second = branchHead(APP, 'main')!;
    expect(await git('rev-parse', `${second}^`)).toBe(head);
    expect(await git('show', `${second}:public/index.html`)).toBe('v2');
    expect(deploys[1]).toBe(`${head} ${second} refs/heads/main\n`);
    expect(workDirs()).toBe(0);
  });

  it('a failed deploy leaves the branch where it was', async () => {
    await fromArchive(makeTar(app));
    const head = branchHead(APP, 'main');
    const failing = async () => {
      throw new Error('build failed');
    };
    await expect(fromArchive(makeTar([{ name: 'Procfile', data: 'web: other\n' }]), 'tar', failing)).rejects.toThrow(
      /build failed/,
    );
    expect(branchHead(APP, 'main')).toBe(head);
  });

  const up = (out: string) => '../'.repeat(20) + out.slice(1);
  const evil: [string, (out: string) => Buffer, RegExp][] = [
    [
      'an absolute symlink',
      (out) =>
        makeTar([
          { name: 'pwn', type: '2', link: out },
          { name: 'pwn/canary.txt', data: 'x' },
          { name: 'README.md', data: 'x' },
        ]),
      /symlinks with absolute targets/,
    ],
    [
      'a traversal symlink',
      (out) =>
        makeTar([
          { name: 'pwn', type: '2', link: up(out) },
          { name: 'pwn/canary.txt', data: 'x' },
        ]),
      /symlinks pointing outside extraction directory/,
    ],
    ['an absolute path', (out) => makeTar([{ name: `${out}/canary.txt`, data: 'x' }]), /entries with absolute paths/],
    [
      'a parent traversal',
      (out) => makeTar([{ name: `${up(out)}/canary.txt`, data: 'x' }]),
      /parent directory traversal/,
    ],
    ['a hard link', (out) => makeTar([{ name: 'canary.txt', type: '1', link: `${out}/x` }]), /hard links/],
    [
      'a file below a symlink',
      () =>
        makeTar([
          { name: 'd', type: '2', link: 'sub' },
          { name: 'd/x', data: 'x' },
        ]),
      /inside a symlink/,
    ],
  ];
  it.each(evil)(
    'refuses %s before unpacking: nothing written outside, no commit, no temp dir left',
    async (_w, make, msg) => {
      await expect(fromArchive(make(outside))).rejects.toThrow(msg);
      expect(fs.readdirSync(outside)).toEqual([]);
      expect(fs.existsSync(path.join(paths.repo(APP), 'HEAD'))).toBe(false);
      expect(deploys).toEqual([]);
      expect(workDirs()).toBe(0);
    },
  );

  it('refuses a zip whose symlink leaves the tree', async () => {
    const zip = makeZip([
      { name: 'pwn', data: outside, mode: 0o120777 },
      { name: 'README.md', data: 'x' },
    ]);
    await expect(fromArchive(zip, 'zip')).rejects.toThrow(/absolute targets/);
    expect(deploys).toEqual([]);
  });

  it('enforces git:set --global archive-max-size and archive-max-files', async () => {
    writeProp('git', GLOBAL, 'archive-max-size', '1');
    await expect(fromArchive(makeTar(app))).rejects.toThrow(/^Archive exceeds maximum allowed size of 1 bytes$/);
    writeProp('git', GLOBAL, 'archive-max-size', '100000');
    writeProp('git', GLOBAL, 'archive-max-files', '1');
    await expect(fromArchive(makeTar(app))).rejects.toThrow(
      /^Archive contains 4 entries which exceeds the maximum of 1$/,
    );
    expect(deploys).toEqual([]);
    expect(workDirs()).toBe(0);
  });
});

describe('git:from-archive command', () => {
  it("refuses bad input with Dokku's messages before fetching anything", async () => {
    await expect(runCommand(commands, 'git:from-archive', APP)).rejects.toThrow(
      'Please specify an archive url or -- to fetch the archive from stdin',
    );
    await expect(
      runCommand(commands, 'git:from-archive', '--archive-type', 'tarball', APP, 'http://example.com/src.tar'),
    ).rejects.toThrow('Invalid archive type specified, valid archive types include: tar, tar.gz, zip');
    await expect(runCommand(commands, 'git:from-archive', APP, 'file:///etc/passwd')).rejects.toThrow(
      /only http and https/,
    );
    await expect(runCommand(commands, 'git:from-archive', APP, '--', 'a<b>', 'x@y')).rejects.toThrow(
      /Invalid git username/,
    );
    await expect(runCommand(commands, 'git:from-archive', 'fa-missing', '--')).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(path.join(paths.repo(APP), 'HEAD'))).toBe(false);
  });
});

describe('git:set and git:report archive limits', () => {
  it('are global only, positive whole numbers, and shown with their defaults', async () => {
    await expect(runCommand(commands, 'git:set', APP, 'archive-max-size', '5')).rejects.toThrow(
      /archive-max-size is a global property/,
    );
    await expect(runCommand(commands, 'git:set', '--global', 'archive-max-files', '0')).rejects.toThrow(
      /Invalid archive-max-files/,
    );
    await expect(runCommand(commands, 'git:set', '--global', 'archive-max-size', '1kb')).rejects.toThrow(
      /Invalid archive-max-size/,
    );
    expect(readProp('git', GLOBAL, 'archive-max-size')).toBe('');
    const report = (flag: string) => runCommand(commands, 'git:report', '--global', flag);
    expect(await report('--git-global-archive-max-size')).toBe('\n');
    expect(await report('--git-computed-archive-max-size')).toBe('1073741824\n');
    expect(await report('--git-computed-archive-max-files')).toBe('10000\n');
    await runCommand(commands, 'git:set', '--global', 'archive-max-size', '2147483648');
    expect(await report('--git-global-archive-max-size')).toBe('2147483648\n');
    expect(await report('--git-computed-archive-max-size')).toBe('2147483648\n');
    expect(await runCommand(commands, 'git:report', APP, '--git-computed-archive-max-size')).toBe('2147483648\n');
    await runCommand(commands, 'git:set', '--global', 'archive-max-size');
    expect(await report('--git-global-archive-max-size')).toBe('\n');
  });
});

describe('entries stored without read permission', () => {
  it('are made readable (as Dokku) and committed', async () => {
    const buf = makeTar([
      { name: 'Procfile', data: 'web: x\n' },
      { name: 'secret.txt', data: 'x' },
    ]);
    // mode field of the second header: 0000000 (no permission at all)
    const second = 1024;
    buf.write('0000000\0', second + 100);
    let sum = 0;
    buf.write('        ', second + 148);
    for (let i = second; i < second + 512; i++) sum += buf[i];
    buf.write(sum.toString(8).padStart(6, '0') + '\0 ', second + 148);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-arctest-'));
    const limits = { maxSize: 100000, maxFiles: 10 };
    const dir = await capture(() => prepareArchiveTree('--', 'tar', work, limits, Readable.from([buf])));
    // root reads anything: the mode is what shows it was fixed
    expect(fs.statSync(path.join(dir.result!, 'secret.txt')).mode & 0o400).toBe(0o400);
    fs.rmSync(work, { recursive: true, force: true });
    await fromArchive(buf);
    expect(await git('show', 'main:secret.txt')).toBe('x');
  });
});

describe('a signal while the archive is read', () => {
  it('removes the work dir and exits 143 (SIGTERM)', async () => {
    const listeners = process.listenerCount('SIGTERM');
    const input = new PassThrough();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const done = capture(() => deployFromArchive(APP, '--', { type: 'tar', author, input, deploy: okDeploy }));
    input.write(Buffer.alloc(512));
    await new Promise((r) => setTimeout(r, 100));
    expect(workDirs()).toBe(1);
    process.emit('SIGTERM');
    expect(exit).toHaveBeenCalledWith(143);
    expect(workDirs()).toBe(0);
    exit.mockRestore();
    input.end();
    await done;
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});
