import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chownId,
  createEntry,
  destroyEntry,
  listEntries,
  requireEntry,
  validateEntryName,
} from '../../../lib/storage/entries.js';
import { addMount, readMounts, removeMountsOf } from '../../../lib/storage/mounts.js';
import { formatMount } from '../../../lib/storage/mount-spec.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-entries-'));
  fs.mkdirSync(paths.appDir('tg'), { recursive: true });
});

describe('storage entries', () => {
  it('validates names as Dokku does', () => {
    expect(validateEntryName('rdmtest-data')).toBe('rdmtest-data');
    for (const bad of ['rdmtest_invalid', 'RdmTest', 'a'.repeat(46), 'legacy-foo', 'x-', '../x', ''])
      expect(() => validateEntryName(bad)).toThrow();
  });
  it('reads --chown presets and numeric uids', () => {
    expect(chownId('herokuish')).toBe(32767);
    expect(chownId('1500')).toBe(1500);
    expect(chownId('false')).toBeNull();
    for (const bad of ['65536', '165535', '231072', '-1', 'abc', '1e3', ' 1'])
      expect(() => chownId(bad)).toThrow(/Unsupported chown/);
    expect(() => chownId('abc')).toThrow(/non-negative integer/);
    expect(chownId('165536')).toBe(165536);
    expect(chownId('231071')).toBe(231071);
  });
  it('creates the default directory, lists, and refuses --chown with a custom path', () => {
    const { entry } = createEntry('data', undefined);
    expect(entry.host_path).toBe(path.join(paths.storageDir(), 'data'));
    expect(fs.statSync(entry.host_path).isDirectory()).toBe(true);
    expect(listEntries().map((e) => e.name)).toEqual(['data']);
    expect(() => createEntry('other', '/tmp/elsewhere', { chown: 'herokuish' })).toThrow(/default host path/);
    expect(listEntries().map((e) => e.name)).toEqual(['data']);
    expect(() => createEntry('data', '/tmp/elsewhere')).toThrow(/refusing to redefine/);
  });
  it('refuses to destroy a mounted entry, then forgets it (data stays)', () => {
    const { entry } = createEntry('data', undefined);
    addMount('tg', `${entry.host_path}:/data`, true);
    expect(() => destroyEntry(entry)).toThrow(/still mounted by app\(s\): tg/);
    expect(removeMountsOf('tg', entry.host_path).map(formatMount)).toEqual([`${entry.host_path}:/data`]);
    destroyEntry(entry);
    expect(() => requireEntry('data')).toThrow(/does not exist/);
    expect(fs.existsSync(entry.host_path)).toBe(true);
  });
  it('a user key may not name a host path outside the storage root', () => {
    process.env.PAAS_USER = 'alice';
    process.env.PAAS_ROLE = 'user';
    try {
      expect(() => createEntry('etc', '/etc')).toThrow(/outside the storage root/);
      expect(listEntries()).toEqual([]);
      expect(createEntry('ok', undefined).entry.name).toBe('ok');
    } finally {
      delete process.env.PAAS_USER;
      delete process.env.PAAS_ROLE;
    }
  });
  it('mounting an entry again on the same container path updates it in place', () => {
    const { entry } = createEntry('data', undefined);
    addMount('tg', `${entry.host_path}:/data:Z`, true);
    addMount('tg', `${entry.host_path}:/data:ro`, true);
    addMount('tg', `${entry.host_path}:/other`, true);
    expect(readMounts('tg').map(formatMount)).toEqual([`${entry.host_path}:/data:ro`, `${entry.host_path}:/other`]);
    expect(() => removeMountsOf('tg', entry.host_path, '/nope')).toThrow(/does not exist/);
  });
});
