import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addMount,
  ensureStorageDirectory,
  phaseMounts,
  readMounts,
  removeMount,
  storageCreateOptions,
} from '../../../lib/storage/mounts.js';
import { formatMount, parseMountSpec } from '../../../lib/storage/mount-spec.js';
import { addOptions } from '../../../lib/docker-options/store.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-storage-'));
});

describe('parseMountSpec', () => {
  it('reads bind mounts and named volumes', () => {
    expect(parseMountSpec('/srv/x/:/data:ro')).toEqual({
      kind: 'bind',
      source: '/srv/x/',
      target: '/data',
      options: 'ro',
    });
    expect(parseMountSpec('tg-data:/data')).toEqual({
      kind: 'volume',
      source: 'tg-data',
      target: '/data',
      options: '',
    });
    expect(formatMount(parseMountSpec('/a//b:/c'))).toBe('/a/b:/c');
  });
  it('refuses bad specs', () => {
    expect(() => parseMountSpec('/only')).toThrow(/HOST_PATH:CONTAINER_PATH/);
    expect(() => parseMountSpec('/a:relative')).toThrow(/must be absolute/);
    expect(() => parseMountSpec('/a:/')).toThrow(/cannot be "\/"/);
    expect(() => parseMountSpec('x:/a')).toThrow(/Invalid volume name/);
    expect(() => parseMountSpec('../a:/a')).toThrow(/Invalid volume name/);
    expect(() => parseMountSpec('/a:/b:rx')).toThrow(/Invalid mount option "rx"/);
    expect(() => parseMountSpec('/a/../b:/b')).toThrow(/"\.\."/);
    expect(() => parseMountSpec('/a:/b:ro,rw')).toThrow(/both ro and rw/);
  });
});

describe('mounts', () => {
  it('adds, lists and removes mounts; applies them to deploy and run', () => {
    addMount('tg', '/srv/tg:/data');
    addMount('tg', 'tgvol:/cache:ro');
    expect(readMounts('tg').map(formatMount)).toEqual(['/srv/tg:/data', 'tgvol:/cache:ro']);
    expect(storageCreateOptions('tg', 'deploy')).toEqual({
      HostConfig: { Binds: ['/srv/tg:/data', 'tgvol:/cache:ro'] },
    });
    expect(storageCreateOptions('tg', 'run')).toEqual(storageCreateOptions('tg', 'deploy'));
    expect(() => addMount('tg', '/srv/tg:/data')).toThrow(/already exists/);
    expect(() => addMount('tg', '/srv/other:/data')).toThrow(/already mounted/);
    removeMount('tg', 'tgvol:/cache');
    expect(readMounts('tg').map(formatMount)).toEqual(['/srv/tg:/data']);
    expect(() => removeMount('tg', '/nope:/data')).toThrow(/does not exist/);
    removeMount('tg', '/srv/tg:/data');
    expect(storageCreateOptions('tg', 'deploy')).toEqual({});
    expect(fs.existsSync(paths.prop('storage', 'tg', 'mounts'))).toBe(false);
  });
  it('lists docker-options -v mounts too and refuses a clash with them', () => {
    addOptions('tg', ['deploy'], '-v /var/log/tg:/logs');
    addMount('tg', '/srv/tg:/data');
    expect(phaseMounts('tg', 'deploy').map(formatMount)).toEqual(['/srv/tg:/data', '/var/log/tg:/logs']);
    expect(phaseMounts('tg', 'run').map(formatMount)).toEqual(['/srv/tg:/data']);
    expect(() => addMount('tg', '/elsewhere:/logs')).toThrow(/already mounted/);
  });
});

describe('ensureStorageDirectory', () => {
  it('makes the directory under the storage root and refuses bad input', () => {
    const { dir } = ensureStorageDirectory('tg-data', 'false');
    expect(dir).toBe(path.join(paths.storageDir(), 'tg-data'));
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(() => ensureStorageDirectory('../etc', 'false')).toThrow(/Invalid directory name/);
    expect(() => ensureStorageDirectory('x', 'nobody')).toThrow(/Invalid --chown/);
    expect(fs.existsSync(path.join(paths.storageDir(), 'x'))).toBe(false);
  });
  it('chowns for the builder user when running as root', () => {
    if (process.getuid?.() !== 0) return;
    const { dir } = ensureStorageDirectory('tg-h');
    expect(fs.statSync(dir).uid).toBe(32767);
    const { dir: d2 } = ensureStorageDirectory('tg-p', 'paketo');
    expect(fs.statSync(d2).gid).toBe(2000);
  });
});
