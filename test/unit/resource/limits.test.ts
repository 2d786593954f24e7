import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearResources, listResources, resourceCreateOptions, setResources } from '../../../lib/resource/limits.js';
import { GLOBAL } from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-resource-'));
});

const MB = 1024 * 1024;

describe('resource limits', () => {
  it('maps limits and reservations to HostConfig, plain memory numbers in megabytes', () => {
    setResources('tg', '_default_', 'limit', { cpu: '0.5', memory: '256', 'memory-swap': '1g', pids: '64' });
    setResources('tg', '_default_', 'reserve', { memory: '128m', cpu: '1' });
    expect(resourceCreateOptions('tg', 'web')).toEqual({
      HostConfig: {
        NanoCpus: 5e8,
        Memory: 256 * MB,
        MemorySwap: 1024 * MB,
        PidsLimit: 64,
        MemoryReservation: 128 * MB,
        CpuShares: 1024,
      },
    });
  });
  it('prefers the process type over the app default over global values', () => {
    setResources(GLOBAL, '_default_', 'limit', { memory: '1g', cpu: '2' });
    setResources('tg', '_default_', 'limit', { memory: '512' });
    setResources('tg', 'worker', 'limit', { memory: '64' });
    expect(resourceCreateOptions('tg', 'web').HostConfig).toEqual({ Memory: 512 * MB, NanoCpus: 2e9 });
    expect(resourceCreateOptions('tg', 'worker').HostConfig).toEqual({ Memory: 64 * MB, NanoCpus: 2e9 });
    expect(resourceCreateOptions('other', 'web').HostConfig).toEqual({ Memory: 1024 * MB, NanoCpus: 2e9 });
  });
  it('is empty without settings and drops a swap limit without a memory limit', () => {
    expect(resourceCreateOptions('tg', 'web')).toEqual({});
    setResources('tg', '_default_', 'limit', { 'memory-swap': '-1' });
    expect(resourceCreateOptions('tg', 'web')).toEqual({});
  });
  it('refuses bad values and stores nothing', () => {
    expect(() => setResources('tg', 'web', 'limit', { memory: '100', cpu: 'lots' })).toThrow(/Invalid cpu count/);
    expect(() => setResources('tg', 'web', 'limit', { memory: '1k' })).toThrow(/at least 6m/);
    expect(() => setResources('tg', 'web', 'reserve', { pids: '5' })).toThrow(/cannot be reserved/);
    expect(listResources('tg')).toEqual([]);
  });
  it('clears values by "clear", by process type, or all of a request type', () => {
    setResources('tg', '_default_', 'limit', { memory: '100', cpu: '1' });
    setResources('tg', 'web', 'limit', { memory: '200' });
    setResources('tg', 'web', 'reserve', { memory: '50' });
    setResources('tg', '_default_', 'limit', { cpu: 'clear' });
    expect(listResources('tg').map((r) => r.key)).toEqual([
      '_default_.limit.memory',
      'web.limit.memory',
      'web.reserve.memory',
    ]);
    clearResources('tg', 'limit', 'web');
    expect(listResources('tg').map((r) => r.key)).toEqual(['_default_.limit.memory', 'web.reserve.memory']);
    clearResources('tg', 'limit');
    expect(listResources('tg')).toEqual([{ key: 'web.reserve.memory', value: '50' }]);
  });
});
