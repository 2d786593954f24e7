import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEntry, destroyEntry, readEntry, removesHostDir, requireEntry } from '../../../lib/storage/entries.js';
import { normalizeDirectoryMode, removeEntryDir, storageChild } from '../../../lib/storage/entry-dir.js';
import { ANNOTATIONS, LABELS, parseKeyValues, setEntry, setMapKey } from '../../../lib/storage/entry-props.js';
import { paths } from '../../../lib/state/paths.js';

let outside: string;
beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-entry-props-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-outside-'));
  fs.writeFileSync(path.join(outside, 'precious'), 'keep');
});

const modeOf = (p: string) => (fs.statSync(p).mode & 0o7777).toString(8);

describe('directory mode', () => {
  it('takes 3 or 4 octal digits and stores the 4-digit form', () => {
    expect(normalizeDirectoryMode('750')).toBe('0750');
    expect(normalizeDirectoryMode('0777')).toBe('0777');
    expect(normalizeDirectoryMode('')).toBe('');
    for (const bad of ['0888', 'u+rwx', '7', '07777', '0755 ', '-755', '0x1ff'])
      expect(() => normalizeDirectoryMode(bad)).toThrow(/Unsupported directory mode/);
  });
  it('applies --mode on create and re-applies it on an existing directory', () => {
    const { entry } = createEntry('m', undefined, {});
    createEntry('m', undefined, { mode: '0700' });
    expect(modeOf(entry.host_path)).toBe('700');
    expect(readEntry('m')?.mode).toBe('0700');
  });
  it('refuses --mode and reclaim policy Delete on a custom host path, storing nothing', () => {
    expect(() => createEntry('c', outside, { mode: '0777' })).toThrow(/--mode is only supported/);
    expect(() => createEntry('d', outside, { reclaimPolicy: 'Delete' })).toThrow(/default host path/);
    expect(() => createEntry('e', undefined, { reclaimPolicy: 'Sometimes' })).toThrow(/unsupported reclaim policy/);
    expect(readEntry('c') ?? readEntry('d') ?? readEntry('e')).toBeNull();
    expect(modeOf(outside)).not.toBe('777');
  });
  it('refuses to chmod through a symlink planted as the entry directory', () => {
    fs.mkdirSync(paths.storageDir(), { recursive: true });
    fs.symlinkSync(outside, path.join(paths.storageDir(), 'planted'));
    const before = modeOf(outside);
    expect(() => createEntry('planted', undefined, { mode: '0777' })).toThrow(/not a directory/);
    expect(modeOf(outside)).toBe(before);
    expect(readEntry('planted')).toBeNull();
  });
});

describe('storage:destroy --destroy-host-dir', () => {
  it('removes the default directory and its contents', () => {
    const { entry } = createEntry('drop', undefined, {});
    fs.writeFileSync(path.join(entry.host_path, 'payload'), 'x');
    destroyEntry(entry, removesHostDir(entry, true));
    expect(fs.existsSync(entry.host_path)).toBe(false);
    expect(readEntry('drop')).toBeNull();
  });
  it('refuses a custom host path and leaves it', () => {
    const { entry } = createEntry('custom', outside, {});
    expect(() => removesHostDir(entry, true)).toThrow(/--destroy-host-dir is only supported/);
    expect(() => destroyEntry(entry, true)).toThrow(/--destroy-host-dir is only supported/);
    expect(fs.existsSync(path.join(outside, 'precious'))).toBe(true);
    expect(readEntry('custom')).not.toBeNull();
  });
  it('a tampered entry record pointing outside the root is still refused', () => {
    const { entry } = createEntry('tampered', undefined, {});
    expect(() => destroyEntry({ ...entry, host_path: outside }, true)).toThrow(/default host path/);
    expect(fs.existsSync(path.join(outside, 'precious'))).toBe(true);
  });
  it('a symlink planted as the entry directory is unlinked, its target kept', () => {
    const { entry } = createEntry('link', undefined, {});
    fs.rmSync(entry.host_path, { recursive: true });
    fs.symlinkSync(outside, entry.host_path);
    destroyEntry(entry, true);
    expect(fs.existsSync(entry.host_path)).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('keep');
  });
  it('a symlink inside the entry directory is not followed', () => {
    const { entry } = createEntry('inner', undefined, {});
    fs.symlinkSync(outside, path.join(entry.host_path, 'escape'));
    destroyEntry(entry, true);
    expect(fs.existsSync(entry.host_path)).toBe(false);
    expect(fs.readFileSync(path.join(outside, 'precious'), 'utf8')).toBe('keep');
  });
  it('reclaim policy Delete removes the directory; Retain keeps it', () => {
    const del = createEntry('del', undefined, { reclaimPolicy: 'Delete' }).entry;
    expect(removesHostDir(del, false)).toBe(true);
    const keep = createEntry('keep', undefined, {}).entry;
    expect(removesHostDir(keep, false)).toBe(false);
  });
  it('destroy-storage-dir refuses a traversing or odd directory name', () => {
    for (const bad of ['..', '../x', 'a/b', '', '.']) expect(() => removeEntryDir(bad)).toThrow(/Directory|specify/);
    expect(storageChild('ok_1-x')).toBe(path.join(paths.storageDir(), 'ok_1-x'));
  });
});

describe('storage:set', () => {
  it('sets, unsets and converges the mode', () => {
    const { entry } = createEntry('s', undefined, { mode: '0755' });
    setEntry('s', [{ property: 'mode', value: '0770' }]);
    expect(modeOf(entry.host_path)).toBe('770');
    setEntry('s', [{ property: 'mode', value: '' }]);
    expect(requireEntry('s').mode).toBeUndefined();
  });
  it('refuses unknown properties, in-place changes and bad values without storing anything', () => {
    createEntry('s', undefined, {});
    const before = JSON.stringify(requireEntry('s'));
    expect(() => setEntry('s', [{ property: 'bogus', value: 'v' }])).toThrow(/Invalid property specified/);
    expect(() => setEntry('s', [{ property: 'access-mode', value: 'ReadWriteMany' }])).toThrow(/in place/);
    expect(() => setEntry('s', [{ property: 'chown', value: '99999' }])).toThrow(/Unsupported chown/);
    expect(() => setEntry('s', [{ property: 'mode', value: '0888' }])).toThrow(/Unsupported directory mode/);
    expect(() => setEntry('s', [{ property: 'reclaim-policy', value: 'Never' }])).toThrow(/reclaim policy/);
    expect(() => setEntry('s', [{ property: 'namespace', value: '../x' }])).toThrow(/Invalid namespace/);
    expect(JSON.stringify(requireEntry('s'))).toBe(before);
  });
  it('refuses chown on a custom host path', () => {
    createEntry('c', outside, {});
    expect(() => setEntry('c', [{ property: 'chown', value: 'herokuish' }])).toThrow(/--chown is only supported/);
  });
});

describe('annotations and labels', () => {
  it('sets one key, clears it, leaves the others, keeps labels apart', () => {
    createEntry('a', undefined, {});
    setMapKey(ANNOTATIONS, 'a', 'first', 'one');
    setMapKey(ANNOTATIONS, 'a', 'backup.velero.io/backup-volumes', 'a');
    setMapKey(LABELS, 'a', 'tier', 'cache');
    setMapKey(ANNOTATIONS, 'a', 'first', '');
    expect(requireEntry('a').annotations).toEqual({ 'backup.velero.io/backup-volumes': 'a' });
    expect(requireEntry('a').labels).toEqual({ tier: 'cache' });
    setMapKey(LABELS, 'a', 'tier', '');
    expect(requireEntry('a').labels).toBeUndefined();
  });
  it('refuses a missing entry, a missing key and an odd key', () => {
    expect(() => setMapKey(ANNOTATIONS, 'absent', 'k', 'v')).toThrow(/does not exist/);
    createEntry('a', undefined, {});
    expect(() => setMapKey(ANNOTATIONS, 'a', undefined, '')).toThrow(/No annotation key specified/);
    for (const bad of ['a b', '../x', 'k\n', '-k', 'a/b/c'])
      expect(() => setMapKey(LABELS, 'a', bad, 'v')).toThrow(/Invalid label key/);
    expect(requireEntry('a').labels).toBeUndefined();
    for (const bad of ['two\nlines', 'esc\x1b[31m', 'x'.repeat(4097)])
      expect(() => setMapKey(LABELS, 'a', 'k', bad)).toThrow(/Invalid label value/);
    expect(() => parseKeyValues(['k=a\nb'], 'annotation')).toThrow(/Invalid annotation value/);
    expect(requireEntry('a').labels).toBeUndefined();
  });
  it('reads the deprecated key=value flags', () => {
    expect(parseKeyValues(['team=billing', 'x=a=b'], 'annotation')).toEqual({ team: 'billing', x: 'a=b' });
    expect(() => parseKeyValues(['novalue'], 'annotation')).toThrow(/key=value/);
  });
});

describe('role matrix', () => {
  it('the entry commands are admin-only (no access field)', async () => {
    const { commands } = await import('../../../lib/storage/commands.js');
    const entryCommands = commands.filter(
      (c) => !['storage:list', 'storage:mount', 'storage:unmount', 'storage:report'].includes(c.name),
    );
    for (const c of entryCommands) expect([c.name, c.access]).toEqual([c.name, undefined]);
  });
});
