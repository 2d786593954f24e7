import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEntry } from '../../../lib/storage/entries.js';
import { execPlan } from '../../../lib/storage/exec.js';

const quiet = { command: [], interactive: false, tty: false };
let outside: string;
beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-exec-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-exec-out-'));
});

describe('storage:exec plan', () => {
  it('runs the command in a throwaway container with the entry at /data, never through a shell', () => {
    const { entry } = createEntry('e', undefined, {});
    const plan = execPlan('e', { ...quiet, image: 'paas/busybox:latest', command: ['sh', '-c', 'exit 42; rm -rf /'] });
    expect(plan.args).toEqual([
      'run',
      '--rm',
      '-v',
      `${entry.host_path}:/data`,
      'paas/busybox:latest',
      'sh',
      '-c',
      'exit 42; rm -rf /',
    ]);
  });
  it('runs as the entry chown uid, or --as-user', () => {
    createEntry('e', undefined, {});
    expect(execPlan('e', { ...quiet, asUser: '1234' }).args).toContain('1234:1234');
    expect(execPlan('e', { ...quiet, tty: true }).args).toContain('-it');
  });
  it('refuses a bad image, a bad user, a missing entry and a missing or planted directory', () => {
    const { entry } = createEntry('e', undefined, {});
    for (const image of ['-v', '--privileged', '', 'a b', 'x;y'])
      expect(() => execPlan('e', { ...quiet, image })).toThrow(/Invalid --image/);
    for (const asUser of ['abc', '-1', '65536', '0:0'])
      expect(() => execPlan('e', { ...quiet, asUser })).toThrow(/Invalid --as-user/);
    expect(() => execPlan('absent', quiet)).toThrow(/does not exist/);
    expect(() => execPlan(undefined, quiet)).toThrow(/requires a storage entry name/);
    fs.rmdirSync(entry.host_path);
    expect(() => execPlan('e', quiet)).toThrow(/does not exist/);
    fs.symlinkSync(outside, entry.host_path);
    expect(() => execPlan('e', quiet)).toThrow(/not a directory/);
  });
});
