import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import {
  BuildRecord,
  buildProcessAlive,
  computedRetention,
  displayStatus,
  formatDuration,
  generateBuildId,
  kindOf,
  listBuilds,
  parseRecord,
  prunable,
  processStartedAt,
  pruneBuilds,
  readBuild,
  validateBuildId,
  validateRetention,
  writeBuild,
} from '../../../lib/builds/store.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';

const APP = 'bld-app';

function rec(id: string, startedSecondsAgo: number, over: Partial<BuildRecord> = {}): BuildRecord {
  return {
    id,
    app: APP,
    kind: 'build',
    pid: 99999,
    started_at: new Date(Date.now() - startedSecondsAgo * 1000).toISOString(),
    finished_at: new Date().toISOString(),
    status: 'succeeded',
    source: 'git-hook',
    exit_code: 0,
    ...over,
  };
}

const dead = () => false;
const alive = () => true;

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-builds-'));
  createApp(APP);
});

describe('build ids', () => {
  it("are Dokku's 14 base36 characters, sortable by time", () => {
    const a = generateBuildId(1_700_000_000_000);
    const b = generateBuildId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-z]{14}$/);
    expect(a.slice(0, 8) < b.slice(0, 8)).toBe(true);
    expect(generateBuildId()).not.toBe(generateBuildId());
  });
  it('that reach a path are checked', () => {
    expect(validateBuildId('ghost001')).toBe('ghost001');
    expect(() => validateBuildId('../x')).toThrow(/Invalid build id/);
    expect(() => validateBuildId('')).toThrow(/Please specify a build id/);
    expect(() => validateBuildId('a/b')).toThrow(/Invalid build id/);
  });
});

describe('records', () => {
  it('map sources to kinds as Dokku does', () => {
    expect(kindOf('git-hook')).toBe('build');
    expect(kindOf('ps:rebuild')).toBe('build');
    expect(kindOf('git:from-image')).toBe('build');
    expect(kindOf('ps:restart')).toBe('deploy');
    expect(kindOf('config-redeploy')).toBe('deploy');
  });

  it('are written 0600 and read back; an absent one is undefined', () => {
    writeBuild(rec('b1', 5));
    expect(fs.statSync(paths.buildRecord(APP, 'b1')).mode & 0o777).toBe(0o600);
    expect(readBuild(APP, 'b1')?.status).toBe('succeeded');
    expect(readBuild(APP, 'nope')).toBeUndefined();
  });

  it("read a hand-written record (Dokku's test helper) and refuse a bad status", () => {
    const r = parseRecord(
      '{"id":"x","app":"a","kind":"deploy","pid":12,"started_at":"2026-01-01T00:00:00Z","status":"running","source":"ps:restart"}',
      APP,
      'x',
    );
    expect(r).toEqual({
      id: 'x',
      app: APP,
      kind: 'deploy',
      pid: 12,
      started_at: '2026-01-01T00:00:00Z',
      status: 'running',
      source: 'ps:restart',
    });
    expect(() =>
      parseRecord('{"kind":"build","status":"abandoned","started_at":"2026-01-01T00:00:00Z"}', APP, 'x'),
    ).toThrow(/unknown status/);
  });

  it("are written with Dokku's field order whatever order they were built in", () => {
    const { finished_at, status, exit_code, ...rest } = rec('o1', 1);
    writeBuild({ ...rest, status, exit_code, finished_at });
    expect(Object.keys(JSON.parse(fs.readFileSync(paths.buildRecord(APP, 'o1'), 'utf8')))).toEqual([
      'id',
      'app',
      'kind',
      'pid',
      'started_at',
      'finished_at',
      'status',
      'source',
      'exit_code',
    ]);
  });

  it('list newest first, skipping unreadable ones', () => {
    writeBuild(rec('old', 30));
    writeBuild(rec('new', 1));
    fs.writeFileSync(paths.buildRecord(APP, 'broken'), '{not json');
    expect(listBuilds(APP).map((b) => b.id)).toEqual(['new', 'old']);
  });

  it('show abandoned for a running record whose process is gone', () => {
    const r = rec('r', 1, { status: 'running', finished_at: undefined, exit_code: undefined });
    expect(displayStatus(r, dead)).toBe('abandoned');
    expect(displayStatus(r, alive)).toBe('running');
    expect(displayStatus(rec('s', 1), dead)).toBe('succeeded');
    expect(displayStatus({ ...r, pid: process.pid })).toBe('running');
  });

  it("give the duration in Go's format", () => {
    const start = '2026-01-01T00:00:00Z';
    expect(formatDuration({ ...rec('a', 0), started_at: start, finished_at: '2026-01-01T00:01:14Z' })).toBe('1m14s');
    expect(formatDuration({ ...rec('a', 0), started_at: start, finished_at: '2026-01-01T00:00:00Z' })).toBe('0s');
    expect(formatDuration({ ...rec('a', 0), started_at: start, finished_at: '2026-01-01T02:00:05Z' })).toBe('2h0m5s');
  });
});

describe('retention', () => {
  it('accepts positive integers only', () => {
    expect(validateRetention('5')).toBe('5');
    expect(() => validateRetention('0')).toThrow(/must be >= 1/);
    expect(() => validateRetention('abc')).toThrow(/positive integer/);
    expect(() => validateRetention('-1')).toThrow(/positive integer/);
    expect(() => validateRetention('1.5')).toThrow(/positive integer/);
  });

  it('is the app value, else the global one, else 20; a hand-edited bad value falls through', () => {
    expect(computedRetention(APP)).toBe(20);
    writeProp('builds', GLOBAL, 'retention', '7');
    expect(computedRetention(APP)).toBe(7);
    writeProp('builds', APP, 'retention', '3');
    expect(computedRetention(APP)).toBe(3);
    writeProp('builds', APP, 'retention', 'zero');
    expect(computedRetention(APP)).toBe(7);
  });

  it('prunes the oldest finished records, never a live one', () => {
    const builds = [rec('a', 5), rec('b', 4), rec('c', 3), rec('live', 10, { status: 'running' })];
    expect(prunable(builds, 2, alive).map((b) => b.id)).toEqual(['a']);
    expect(prunable(builds, 2, dead).map((b) => b.id)).toEqual(['a', 'live']);
  });

  it('pruneBuilds reaps abandoned records as failed, then removes records and logs beyond retention', () => {
    writeProp('builds', APP, 'retention', '2');
    for (let i = 1; i <= 5; i++) {
      writeBuild(rec(`p${i}`, 10 - i));
      fs.writeFileSync(paths.buildLog(APP, `p${i}`), 'log');
    }
    writeBuild(rec('ghost', 0, { status: 'running', finished_at: undefined, exit_code: undefined }));
    expect(pruneBuilds(APP, dead)).toBe(4);
    expect(listBuilds(APP).map((b) => b.id)).toEqual(['ghost', 'p5']);
    expect(readBuild(APP, 'ghost')).toMatchObject({ status: 'failed', exit_code: -1 });
    expect(fs.existsSync(paths.buildLog(APP, 'p1'))).toBe(false);
  });

  it('pruneBuilds keeps a live running record as it is', () => {
    writeBuild(rec('alive', 0, { status: 'running', pid: process.pid, finished_at: undefined, exit_code: undefined }));
    pruneBuilds(APP);
    expect(readBuild(APP, 'alive')?.status).toBe('running');
  });
});

describe('buildProcessAlive (a reused pid is not the build)', () => {
  const mine = { pid: process.pid };
  it('is this process for a record written after it started', () => {
    expect(processStartedAt(process.pid)).toBeLessThanOrEqual(Date.now());
    expect(buildProcessAlive({ ...mine, started_at: new Date().toISOString() })).toBe(true);
  });
  it('is not a process that started after the record (the pid was given to another process)', () => {
    const anHourBefore = new Date((processStartedAt(process.pid) ?? Date.now()) - 3_600_000).toISOString();
    expect(buildProcessAlive({ ...mine, started_at: anHourBefore })).toBe(false);
  });
  it('is gone when the pid is', () => {
    expect(buildProcessAlive({ pid: 2 ** 22 + 1, started_at: new Date().toISOString() })).toBe(false);
  });
});
