import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEntry, destroyEntry, requireEntry } from '../../../lib/storage/entries.js';
import { attachmentRows, readAttachments } from '../../../lib/storage/attachments.js';
import { mountEntry, unmountEntry, unmountStorage } from '../../../lib/storage/actions.js';
import { removeProp, GLOBAL } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-attach-'));
  fs.mkdirSync(paths.appDir('tg'), { recursive: true });
});

const value = (app: string, key: string) => attachmentRows(app).find((r) => r.key === key)?.value;

describe('storage attachments', () => {
  it('numbers attachments and reports their fields', () => {
    createEntry('a', undefined, {});
    createEntry('b', undefined, {});
    mountEntry('tg', 'a', '/data', 'Z', false);
    mountEntry('tg', 'b', '/cache', 'z', true);
    expect(value('tg', 'storage-attachment.1.entry-name')).toBe('a');
    expect(value('tg', 'storage-attachment.1.volume-options')).toBe('Z');
    expect(value('tg', 'storage-attachment.1.readonly')).toBe('false');
    expect(value('tg', 'storage-attachment.2.entry-name')).toBe('b');
    expect(value('tg', 'storage-attachment.2.readonly')).toBe('true');
    expect(value('tg', 'storage-attachment.2.host-path')).toBe(requireEntry('b').host_path);
  });
  it('forgets an attachment when its mount goes, by either unmount form', () => {
    createEntry('a', undefined, {});
    mountEntry('tg', 'a', '/data', undefined, false);
    mountEntry('tg', 'a', '/more', undefined, false);
    unmountEntry('tg', 'a', '/data');
    expect(readAttachments('tg')).toEqual([{ entry: 'a', target: '/more' }]);
    unmountStorage('tg', `${requireEntry('a').host_path}:/more`);
    expect(readAttachments('tg')).toEqual([]);
    destroyEntry(requireEntry('a'));
  });
  it('skips an attachment whose entry has gone', () => {
    createEntry('gone', undefined, {});
    mountEntry('tg', 'gone', '/data', undefined, false);
    removeProp('storage', GLOBAL, 'entry.gone');
    expect(attachmentRows('tg')).toEqual([]);
  });
});
