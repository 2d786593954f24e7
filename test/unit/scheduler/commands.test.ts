import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands } from '../../../lib/scheduler/commands.js';
import { initProcess, parallelScheduleCount } from '../../../lib/scheduler/store.js';
import { paths } from '../../../lib/state/paths.js';
import { runCommand } from '../cli/capture.js';

const run = (name: string, ...argv: string[]) => runCommand(commands, name, ...argv);

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-sched-'));
  createApp('ts-app');
});

describe('scheduler-docker-local (Dokku scheduler-docker-local.bats)', () => {
  it('reports Dokku defaults: init on, one container at a time', async () => {
    const json = JSON.parse(await run('scheduler-docker-local:report', 'ts-app', '--format', 'json'));
    expect(json['init-process']).toBe('');
    expect(json['computed-init-process']).toBe('true');
    expect(json['global-parallel-schedule-count']).toBe('');
    expect(json['computed-parallel-schedule-count']).toBe('1');
    expect(
      await run('scheduler-docker-local:report', '--global', '--scheduler-docker-local-computed-init-process'),
    ).toBe('true\n');
    expect(initProcess('ts-app')).toBe(true);
    expect(parallelScheduleCount('ts-app')).toBe(1);
  });

  it('the app value wins over the global one; an empty value clears', async () => {
    await run('scheduler-docker-local:set', '--global', 'parallel-schedule-count', '4');
    expect(parallelScheduleCount('ts-app')).toBe(4);
    await run('scheduler-docker-local:set', 'ts-app', 'init-process', 'false');
    expect(initProcess('ts-app')).toBe(false);
    const json = JSON.parse(await run('scheduler-docker-local:report', 'ts-app', '--format', 'json'));
    expect(json['computed-init-process']).toBe('false');
    expect(json['parallel-schedule-count']).toBe('');
    expect(json['computed-parallel-schedule-count']).toBe('4');
    await run('scheduler-docker-local:set', 'ts-app', 'init-process');
    expect(initProcess('ts-app')).toBe(true);
  });

  it('bad input is one error and changes nothing on disk', async () => {
    await expect(run('scheduler-docker-local:set', 'ts-app', 'init-process', 'yes')).rejects.toThrow(/true or false/);
    await expect(run('scheduler-docker-local:set', 'ts-app', 'parallel-schedule-count', '0')).rejects.toThrow(
      /whole number/,
    );
    await expect(run('scheduler-docker-local:set', 'ts-app', 'colour', 'red')).rejects.toThrow(/Invalid/);
    await expect(run('scheduler-docker-local:set', 'ts-app', 'colour')).rejects.toThrow(/Invalid/);
    await expect(run('scheduler-docker-local:report', 'ts-app', '--scheduler-docker-local-nope')).rejects.toThrow(
      /Invalid flag passed/,
    );
    expect(fs.existsSync(paths.propsNamespace('scheduler-docker-local'))).toBe(false);
  });
});
