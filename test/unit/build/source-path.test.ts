import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { pathInsideSource } from '../../../lib/build/source-path.js';
import { readAppFiles } from '../../../lib/build/app-files.js';
import { planSourceBuild } from '../../../lib/build/plan.js';
import { readBuilderSettings } from '../../../lib/build/settings.js';

let root: string;
let outside: string;

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-srcpath-'));
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-src-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-outside-'));
  fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM scratch\n');
  fs.writeFileSync(path.join(outside, 'Procfile'), 'web: cat /secret\n');
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'app', 'Dockerfile'), 'FROM scratch\n');
});

describe('committed symlinks that leave the source tree', () => {
  it('refuses a build-dir that is, or passes through, such a symlink', () => {
    fs.symlinkSync(outside, path.join(root, 'escape'));
    fs.symlinkSync('/', path.join(root, 'slash'));
    const settings = { ...readBuilderSettings('tg'), buildDir: 'escape' };
    expect(() => planSourceBuild(root, 'dockerfile', settings)).toThrow(
      /build-dir escape leads out of the pushed source through a symlink/,
    );
    expect(() => pathInsideSource(root, 'slash/etc', 'build-dir')).toThrow(/leads out of the pushed source/);
    expect(() => pathInsideSource(root, 'app/../slash', 'build-dir')).toThrow(/leads out/);
  });

  it('accepts real directories and symlinks that stay inside', () => {
    fs.symlinkSync('app', path.join(root, 'inner'));
    expect(pathInsideSource(root, 'inner', 'build-dir')).toBe(path.join(root, 'inner'));
    const settings = { ...readBuilderSettings('tg'), buildDir: 'inner' };
    expect(planSourceBuild(root, 'dockerfile', settings).kind).toBe('dockerfile');
    expect(pathInsideSource(root, 'missing', 'build-dir')).toBe(path.join(root, 'missing'));
  });

  it('refuses a Dockerfile or Procfile that links out of the tree', () => {
    fs.symlinkSync(path.join(outside, 'Procfile'), path.join(root, 'app', 'Procfile'));
    expect(() => readAppFiles(path.join(root, 'app'))).toThrow(/File Procfile leads out of the pushed source/);
    fs.rmSync(path.join(root, 'app', 'Dockerfile'));
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(root, 'app', 'Dockerfile'));
    const settings = { ...readBuilderSettings('tg'), buildDir: 'app' };
    expect(() => planSourceBuild(root, 'dockerfile', settings)).toThrow(/dockerfile-path Dockerfile leads out/);
  });
});
