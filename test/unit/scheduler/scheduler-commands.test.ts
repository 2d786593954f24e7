import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands } from '../../../lib/scheduler/scheduler-commands.js';
import { assertDockerLocalScheduler, enterShell } from '../../../lib/scheduler/settings.js';
import { paths } from '../../../lib/state/paths.js';
import { runCommand } from '../cli/capture.js';

const run = (name: string, ...argv: string[]) => runCommand(commands, name, ...argv);
const json = async (...argv: string[]) => JSON.parse(await run('scheduler:report', ...argv, '--format', 'json'));

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-scheduler-'));
  createApp('ts-app');
});

describe('scheduler (Dokku scheduler.bats)', () => {
  // "(scheduler:report) selected raw vs computed vs global"
  it('selected: raw, global and computed values', async () => {
    let j = await json('ts-app');
    expect([j['scheduler-selected'], j['scheduler-global-selected'], j['scheduler-computed-selected']]).toEqual([
      '',
      '',
      'docker-local',
    ]);
    await run('scheduler:set', '--global', 'selected', 'null');
    j = await json('ts-app');
    expect([j['scheduler-global-selected'], j['scheduler-computed-selected']]).toEqual(['null', 'null']);
    expect(() => assertDockerLocalScheduler('ts-app')).toThrow(/null scheduler is selected for ts-app/);
    await run('scheduler:set', 'ts-app', 'selected', 'docker-local');
    j = await json('ts-app');
    expect([j['scheduler-selected'], j['scheduler-global-selected'], j['scheduler-computed-selected']]).toEqual([
      'docker-local',
      'null',
      'docker-local',
    ]);
    expect(() => assertDockerLocalScheduler('ts-app')).not.toThrow();
  });

  // "(scheduler:report) shell raw vs computed vs global"
  it('shell: raw, global and computed values; it is the shell paas enter starts', async () => {
    expect(enterShell('ts-app')).toBe('');
    await run('scheduler:set', '--global', 'shell', 'sh');
    let j = await json('ts-app');
    expect([j['scheduler-shell'], j['scheduler-global-shell'], j['scheduler-computed-shell']]).toEqual([
      '',
      'sh',
      'sh',
    ]);
    await run('scheduler:set', 'ts-app', 'shell', '/bin/bash');
    j = await json('ts-app');
    expect(j['scheduler-computed-shell']).toBe('/bin/bash');
    expect(enterShell('ts-app')).toBe('/bin/bash');
    await run('scheduler:set', 'ts-app', 'shell');
    expect(enterShell('ts-app')).toBe('sh');
  });

  // "(scheduler:report) --global --format json" and "emits new stripped JSON keys alongside legacy"
  it('--global has no app keys; JSON keys come prefixed and stripped', async () => {
    const g = await json('--global');
    expect(g['scheduler-computed-selected']).toBe('docker-local');
    expect('scheduler-selected' in g).toBe(false);
    expect(g['global-selected']).toBe(g['scheduler-global-selected']);
    const a = await json('ts-app');
    for (const k of ['selected', 'global-selected', 'computed-selected']) expect(a[k]).toBe(a[`scheduler-${k}`]);
  });

  it('bad input is one error and changes nothing on disk', async () => {
    await expect(run('scheduler:set', 'ts-app', 'selected', 'k3s')).rejects.toThrow(/use docker-local or null/);
    await expect(run('scheduler:set', 'ts-app', 'shell', 'bash -c id')).rejects.toThrow(/Invalid shell/);
    await expect(run('scheduler:set', 'ts-app', 'shell', '../sh')).rejects.toThrow(/Invalid shell/);
    await expect(run('scheduler:set', 'ts-app', 'colour', 'red')).rejects.toThrow(/Invalid scheduler property/);
    await expect(run('scheduler:report', 'ts-app', '--scheduler-nope')).rejects.toThrow(/Invalid flag passed/);
    expect(fs.existsSync(paths.propsNamespace('scheduler'))).toBe(false);
  });
});
