import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  claimReleaseNumber,
  listReleases,
  liveRelease,
  markLive,
  nextReleaseNumber,
  readRelease,
  releaseKeep,
  writeRelease,
} from '../../../lib/release/store.js';
import { choosePrunable } from '../../../lib/release/prune.js';
import { previousLiveRelease } from '../../../lib/release/store.js';
import { describeRelease, publicRelease, releaseStatus, releaseTable } from '../../../lib/release/commands.js';
import { Release } from '../../../lib/release/types.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, readProp, writeProp } from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-release-'));
});

function rel(number: number, extra: Partial<Release> = {}): Release {
  return {
    app: 'a',
    number,
    image: `paas/a:v${number}`,
    builder: 'dockerfile',
    config: { SECRET: 's3cret', A: '1' },
    processes: { web: '' },
    rev: 'f'.repeat(40),
    pushedBy: 'alice',
    createdAt: `2024-01-0${number}T00:00:00.000Z`,
    live: false,
    ...extra,
  };
}

describe('release records', () => {
  it('numbers from 1 and never reuses a number, even after records are removed', () => {
    expect(nextReleaseNumber('a')).toBe(1);
    expect(claimReleaseNumber('a')).toBe(1);
    writeRelease(rel(1));
    expect(claimReleaseNumber('a')).toBe(2);
    writeRelease(rel(2));
    fs.rmSync(paths.release('a', 2));
    expect(nextReleaseNumber('a')).toBe(3);
  });

  it('stores records 0600 and lists them in order', () => {
    for (const n of [10, 2, 1]) writeRelease(rel(n));
    fs.writeFileSync(path.join(paths.releasesDir('a'), 'junk.json'), '{}');
    expect(listReleases('a').map((r) => r.number)).toEqual([1, 2, 10]);
    expect(fs.statSync(paths.release('a', 2)).mode & 0o777).toBe(0o600);
    expect(readRelease('a', 3)).toBeUndefined();
  });

  it('markLive sets the props and the record', () => {
    writeRelease(rel(1));
    expect(liveRelease('a')).toBeUndefined();
    markLive('a', 1, 'dep1');
    expect(readProp('ps', 'a', 'live-release')).toBe('1');
    expect(readProp('ps', 'a', 'live-deploy')).toBe('dep1');
    expect(liveRelease('a')).toMatchObject({ number: 1, live: true });
    expect(liveRelease('a')?.deployedAt).toBeTruthy();
  });

  it('keep defaults to 5, follows the app then the global value', () => {
    expect(releaseKeep('a')).toBe(5);
    writeProp('releases', GLOBAL, 'keep', '3');
    expect(releaseKeep('a')).toBe(3);
    writeProp('releases', 'a', 'keep', '8');
    expect(releaseKeep('a')).toBe(8);
    writeProp('releases', 'a', 'keep', '0');
    expect(releaseKeep('a')).toBe(5);
  });
});

describe('choosePrunable', () => {
  const list = [1, 2, 3, 4, 5, 6, 7].map((number) => ({ number }));
  it('keeps the newest N', () => {
    expect(choosePrunable(list, 5, new Set())).toEqual([1, 2]);
    expect(choosePrunable(list, 10, new Set())).toEqual([]);
  });
  it('never prunes an image in use, and skips already pruned ones', () => {
    expect(choosePrunable(list, 2, new Set([3, 6]))).toEqual([1, 2, 4, 5]);
    expect(choosePrunable([{ number: 1, pruned: true }, ...list.slice(1)], 5, new Set())).toEqual([2]);
  });
  it('always keeps at least the newest one', () => {
    expect(choosePrunable(list, 0, new Set())).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('rollback target', () => {
  it('is the newest earlier release that went live and still has its image', () => {
    const rs = [
      rel(1, { live: true }),
      rel(2, { live: true, pruned: false }),
      rel(3, { failure: 'x' }),
      rel(4, { live: true }),
    ];
    expect(previousLiveRelease(rs, 4)?.number).toBe(2);
    expect(previousLiveRelease(rs, 2)?.number).toBe(1);
    expect(previousLiveRelease(rs, 1)).toBeUndefined();
    expect(previousLiveRelease([rel(1, { live: true, pruned: true }), rel(2, { live: true })], 2)).toBeUndefined();
  });
});

describe('listing', () => {
  it('shows status, who and what, newest first, never config values', () => {
    const rs = [
      rel(1, { live: true }),
      rel(2, { failure: 'checks failed' }),
      rel(3, { live: true, rollbackOf: 1 }),
      rel(4, { pruned: true, live: true }),
    ];
    expect(rs.map((r) => releaseStatus(r, 3))).toEqual(['retired', 'failed', 'live', 'pruned']);
    expect(describeRelease(rs[0])).toBe('Deploy fffffff (dockerfile)');
    expect(describeRelease(rs[2])).toBe('Rollback to v1');
    const table = releaseTable(rs, 3);
    expect(table[0]).toMatch(/^Release\s+Status\s+Created\s+By\s+Description$/);
    expect(table[1]).toMatch(/^v4\s+pruned\s+2024-01-04T00:00:00.000Z\s+alice\s+Deploy fffffff/);
    expect(table[2]).toMatch(/^v3\s+live\s+/);
    const pub = publicRelease(rs[0], 3);
    expect(pub).toMatchObject({ number: 1, status: 'retired', configKeys: ['A', 'SECRET'] });
    expect(JSON.stringify(pub)).not.toContain('s3cret');
  });
});
