import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinePrinter, mergeBuildOptions, tarArgs } from '../../../lib/build/docker-build.js';
import { firstFileInTar } from '../../../lib/build/image-source.js';
import { buildTag } from '../../../lib/build/build.js';

describe('mergeBuildOptions (docker-options build merged into paas build options)', () => {
  const own = {
    t: ['paas/a:build-1', 'paas/a:latest'],
    dockerfile: 'Dockerfile',
    labels: { 'paas.app': 'a' },
    rm: true,
  };

  it('merges build args and labels, keeps other docker-options keys', () => {
    const merged = mergeBuildOptions(own, {
      buildargs: { X: 'y', Z: '1' },
      labels: { team: 'web' },
      networkmode: 'host',
      memory: 1024,
    });
    expect(merged).toEqual({
      t: ['paas/a:build-1', 'paas/a:latest'],
      dockerfile: 'Dockerfile',
      labels: { team: 'web', 'paas.app': 'a' },
      rm: true,
      buildargs: { X: 'y', Z: '1' },
      networkmode: 'host',
      memory: 1024,
    });
  });

  it('never lets docker-options replace the tags, the Dockerfile or the paas labels', () => {
    const merged = mergeBuildOptions(own, { t: 'evil:latest', dockerfile: 'Other', labels: { 'paas.app': 'other' } });
    expect(merged.t).toEqual(own.t);
    expect(merged.dockerfile).toBe('Dockerfile');
    expect(merged.labels).toEqual({ 'paas.app': 'a' });
  });

  it('later docker-options fragments win over earlier ones', () => {
    expect(mergeBuildOptions({}, { buildargs: { A: '1' } }, { buildargs: { A: '2', B: '3' } }).buildargs).toEqual({
      A: '2',
      B: '3',
    });
  });
});

describe('build context', () => {
  it('tar arguments put each part under its own -C', () => {
    expect(
      tarArgs([
        { dir: '/c', names: ['Dockerfile', 'ca.crt'] },
        { dir: '/b', names: ['src'] },
      ]),
    ).toEqual([
      '-c',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-C',
      '/c',
      'Dockerfile',
      'ca.crt',
      '-C',
      '/b',
      'src',
    ]);
  });

  it('the parts make one archive with Dockerfile at the top and the source under src/', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ctx-'));
    fs.mkdirSync(path.join(base, 'context'));
    fs.mkdirSync(path.join(base, 'src/.git'), { recursive: true });
    fs.writeFileSync(path.join(base, 'context/Dockerfile'), 'FROM x');
    fs.writeFileSync(path.join(base, 'src/app.js'), '1');
    fs.writeFileSync(path.join(base, 'src/.git/HEAD'), 'ref');
    const args = tarArgs([
      { dir: path.join(base, 'context'), names: ['Dockerfile'] },
      { dir: base, names: ['src'] },
    ]);
    const tar = await execa('tar', [...args, '-f', path.join(base, 'ctx.tar')]);
    expect(tar.exitCode).toBe(0);
    const list = (await execa('tar', ['-tf', path.join(base, 'ctx.tar')])).stdout.split('\n').sort();
    // A .git in the source is there only with git:set APP keep-git-dir true, and then it goes along.
    expect(list).toEqual(['Dockerfile', 'src/', 'src/.git/', 'src/.git/HEAD', 'src/app.js']);
  });
});

describe('LinePrinter', () => {
  it('prints whole lines as they complete, across chunks and carriage returns', () => {
    const lines: string[] = [];
    const p = new LinePrinter((l) => lines.push(l));
    p.push('Step 1/2 : FROM x\n ---> ab');
    expect(lines).toEqual(['Step 1/2 : FROM x']);
    p.push('c\r\nlast');
    expect(lines).toEqual(['Step 1/2 : FROM x', ' ---> abc']);
    p.flush();
    expect(lines).toEqual(['Step 1/2 : FROM x', ' ---> abc', 'last']);
  });
});

describe('firstFileInTar', () => {
  it('reads a file from an archive, also behind a long-name header', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-tar-'));
    const long = 'd'.repeat(120);
    fs.mkdirSync(path.join(base, long));
    fs.writeFileSync(path.join(base, long, 'Procfile'), 'web: httpd\n');
    fs.writeFileSync(path.join(base, 'Procfile'), 'web: short\n');
    await execa('tar', ['-cf', path.join(base, 'a.tar'), '-C', base, 'Procfile']);
    await execa('tar', ['-cf', path.join(base, 'b.tar'), '-C', base, `${long}/Procfile`]);
    expect(firstFileInTar(fs.readFileSync(path.join(base, 'a.tar')))?.toString()).toBe('web: short\n');
    expect(firstFileInTar(fs.readFileSync(path.join(base, 'b.tar')))?.toString()).toBe('web: httpd\n');
    expect(firstFileInTar(Buffer.alloc(1024))).toBeUndefined();
  });
});

describe('buildTag', () => {
  it('uses the short sha for git revisions and a UTC timestamp otherwise', () => {
    expect(buildTag('0123456789abcdef0123456789abcdef01234567')).toBe('build-0123456789ab');
    expect(buildTag('', new Date('2024-05-06T07:08:09.123Z'))).toBe('build-20240506T070809');
    expect(buildTag('paas/busybox:latest', new Date('2024-05-06T07:08:09Z'))).toBe('build-20240506T070809');
  });
});
