import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { legacyEntryName, migrateApp } from '../../../lib/storage/migrate.js';
import { addOptions, readOptionLines } from '../../../lib/docker-options/store.js';
import { assertStoredMountsAllowed, readMounts } from '../../../lib/storage/mounts.js';
import { readAttachments } from '../../../lib/storage/attachments.js';
import { readEntry, requireEntry } from '../../../lib/storage/entries.js';
import { readProp } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-migrate-'));
  fs.mkdirSync(paths.appDir('tg'), { recursive: true });
});

describe('storage:migrate', () => {
  it('moves a deploy+run -v line into a legacy entry attachment, once', () => {
    addOptions('tg', ['deploy', 'run'], '-v /tmp/legacy-mount:/legacy');
    expect(migrateApp('tg')).toBe(1);
    const name = legacyEntryName('/tmp/legacy-mount');
    expect(name).toMatch(/^legacy-[0-9a-f]{10}$/);
    expect(readEntry(name)?.host_path).toBe('/tmp/legacy-mount');
    expect(requireEntry(name).name).toBe(name);
    expect(readMounts('tg').map((m) => m.target)).toEqual(['/legacy']);
    expect(readAttachments('tg')).toEqual([{ entry: name, target: '/legacy' }]);
    expect(readOptionLines('tg', 'deploy')).toEqual([]);
    expect(readOptionLines('tg', 'run')).toEqual([]);
    expect(readProp('storage', 'tg', 'legacy-mounts-migrated')).toBe('true');
    expect(migrateApp('tg')).toBe(0);
    expect(readMounts('tg')).toHaveLength(1);
  });
  it('leaves the property unset with nothing to move, and a one-phase line in place', () => {
    addOptions('tg', ['deploy'], '-v /tmp/only:/only');
    expect(migrateApp('tg')).toBe(0);
    expect(readProp('storage', 'tg', 'legacy-mounts-migrated')).toBeFalsy();
    expect(readOptionLines('tg', 'deploy')).toEqual(['-v /tmp/only:/only']);
  });
  it("keeps a line's admin mark and never adds one: an unvouched mount outside the root stays refused", () => {
    addOptions('tg', ['deploy', 'run'], '-v /srv/admin:/admin');
    expect(() => assertStoredMountsAllowed('tg')).not.toThrow();
    // a line stored without an admin mark (a user key, a hand edit, an old install)
    const dir = paths.propsDir('docker-options', 'tg');
    for (const phase of ['deploy', 'run']) fs.appendFileSync(path.join(dir, phase), '-v /etc:/host-etc\n');
    expect(migrateApp('tg')).toBe(2);
    expect(
      readMounts('tg')
        .map((m) => m.target)
        .sort(),
    ).toEqual(['/admin', '/host-etc']);
    expect(() => assertStoredMountsAllowed('tg')).toThrow(/"\/etc:\/host-etc" of tg was not set by an admin/);
  });
});
