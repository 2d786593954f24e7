import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAppDir } from '../../../lib/apps/create.js';
import { formatTaskTable, listTasks } from '../../../lib/cron/commands.js';
import { formatCronLogLine, parseCronLogLine } from '../../../lib/cron/log.js';
import { cronCreateOptions } from '../../../lib/cron/run.js';
import {
  lastRun,
  recordLastRun,
  setCronSetting,
  setTaskSuspended,
  validateCronSetting,
} from '../../../lib/cron/settings.js';
import { cronId } from '../../../lib/cron/tasks.js';
import { createRelease } from '../../../lib/release/create.js';
import { markLive, nextReleaseNumber, writeRelease } from '../../../lib/release/store.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL } from '../../../lib/state/props.js';
import type { BuildResult } from '../../../lib/build/build.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-cron-cmd-'));
  makeAppDir('a');
});

const CRON = [
  { command: 'echo "$(date)"\necho two', schedule: '* * * * *' },
  { command: 'worker', schedule: '@daily', concurrency_policy: 'forbid' },
];

function live(cron: unknown[]): void {
  writeRelease({
    app: 'a',
    number: 1,
    image: 'paas/a:v1',
    builder: 'dockerfile',
    config: {},
    processes: { web: '', worker: 'node worker.js' },
    appJson: { cron },
    rev: 'r',
    pushedBy: 't',
    createdAt: '',
    live: false,
  });
  markLive('a', 1, 'd1');
}

describe('cron:list', () => {
  it("lists the live release's tasks with Dokku's json keys and the last run", () => {
    live(CRON);
    const id0 = cronId('a', CRON[0].command, CRON[0].schedule);
    const id1 = cronId('a', 'worker', '@daily');
    recordLastRun('a', id1, { at: '2026-01-01T00:00:00.000Z', exitCode: 3 });
    setTaskSuspended('a', id0, true);
    expect(listTasks('a')).toEqual([
      {
        id: id0,
        app: 'a',
        command: CRON[0].command,
        schedule: '* * * * *',
        concurrency_policy: 'allow',
        'app-in-maintenance': false,
        'task-in-maintenance': true,
        maintenance: true,
        'last-run-at': null,
        'last-exit-code': null,
      },
      {
        id: id1,
        app: 'a',
        command: 'worker',
        schedule: '@daily',
        concurrency_policy: 'forbid',
        'app-in-maintenance': false,
        'task-in-maintenance': false,
        maintenance: false,
        'last-run-at': '2026-01-01T00:00:00.000Z',
        'last-exit-code': 3,
      },
    ]);
    setCronSetting('a', 'maintenance', 'true');
    const table = formatTaskTable(listTasks('a'));
    const w = id0.length;
    expect(table).toEqual([
      `${'ID'.padEnd(w)}  Schedule   Concurrency  Maintenance  Command`,
      `${id0}  * * * * *  allow        true (task)  echo "$(date)"\\necho two`,
      `${id1.padEnd(w)}  @daily     forbid       true (app)   worker`,
    ]);
  });

  it('is empty for an app that was never deployed', () => {
    expect(listTasks('a')).toEqual([]);
    expect(formatTaskTable([])).toEqual(['ID  Schedule  Concurrency  Maintenance  Command']);
  });
});

describe('cron:set', () => {
  it("takes Dokku's keys; mailto and mailfrom only globally", () => {
    expect(validateCronSetting('a', 'maintenance', 'true')).toBe('true');
    expect(validateCronSetting('a', 'maintenance', '')).toBe('');
    expect(() => validateCronSetting('a', 'maintenance', 'yes')).toThrow(/use true or false/);
    expect(() => validateCronSetting('a', 'mailto', 'x@y.z')).toThrow(
      'Property cannot be specified on a per-app basis',
    );
    expect(validateCronSetting(GLOBAL, 'mailto', 'x@y.z,ops@y.z')).toBe('x@y.z,ops@y.z');
    expect(() => validateCronSetting(GLOBAL, 'mailto', 'x@y.z\n* * * * * root id')).toThrow(/e-mail addresses/);
    expect(() => validateCronSetting(GLOBAL, 'mailfrom', 'a b')).toThrow(/e-mail addresses/);
    expect(() => validateCronSetting('a', 'schedule', 'x')).toThrow(/valid properties include: maintenance/);
    expect(() => validateCronSetting(GLOBAL, 'maintenance.abc', 'true')).toThrow(
      'Task maintenance properties cannot be set globally',
    );
  });
});

describe('cron:run', () => {
  it('runs the command in the container (Procfile entry or sh -c), labelled with app, id and start time', () => {
    const base = { Image: 'paas/a:v1', Env: ['A=1', 'DYNO=run.1'], Labels: { 'paas.app': 'a', 'paas.kind': 'run' } };
    const procs = { web: '', worker: 'node worker.js' };
    const task = { app: 'a', id: 'abc', command: 'echo "$(date)"\necho two', concurrencyPolicy: 'forbid' as const };
    const o = cronCreateOptions(base, { processes: procs }, task, '2026-01-01T00:00:00.000Z', 'f00');
    expect(o.name).toBe('a.cron.f00');
    expect(o.Cmd).toEqual(['/bin/sh', '-c', 'echo "$(date)"\necho two']);
    expect(o.Env).toEqual(['A=1', 'DYNO=cron.f00']);
    expect(o.Labels).toEqual({
      'paas.app': 'a',
      'paas.kind': 'run',
      'paas.process': 'cron',
      'paas.cron-id': 'abc',
      'paas.cron-started': '2026-01-01T00:00:00.000Z',
      'paas.concurrency-policy': 'forbid',
    });
    expect(o.Tty).toBe(false);
    expect(cronCreateOptions(base, { processes: procs }, { ...task, command: 'worker' }, '', 'x').Cmd).toEqual([
      '/bin/sh',
      '-c',
      'node worker.js',
    ]);
  });

  it('keeps the last run per task', () => {
    expect(lastRun('a', 'abc')).toBeUndefined();
    recordLastRun('a', 'abc', { at: '2026-01-01T00:00:00.000Z', exitCode: 0 });
    expect(lastRun('a', 'abc')).toEqual({ at: '2026-01-01T00:00:00.000Z', exitCode: 0 });
    expect(lastRun('a', 'abd')).toBeUndefined();
  });

  it('logs lines in the shape paas logs prints', () => {
    const l = formatCronLogLine('2026-01-01T00:00:00.000Z', 'cron.f00', 'hello ]: x');
    expect(l).toBe('2026-01-01T00:00:00.000Z app[cron.f00]: hello ]: x\n');
    expect(parseCronLogLine(l.trimEnd())).toEqual({
      ts: '2026-01-01T00:00:00.000Z',
      dyno: 'cron.f00',
      text: 'hello ]: x',
    });
    expect(paths.cronLog('a')).toBe(path.join(paths.appDir('a'), 'cron.log'));
  });
});

describe('deploy-time validation', () => {
  it('a bad app.json cron fails the release before a number is taken', async () => {
    const build = {
      builder: 'dockerfile',
      image: 'paas/a:build-1',
      processes: { web: '' },
      appJson: { cron: [{ command: 'x', schedule: '* * * *' }] },
      rev: 'r',
    } as unknown as BuildResult;
    await expect(createRelease('a', build)).rejects.toThrow(
      'Invalid app.json cron[0] for app a: invalid cron schedule "* * * *": expected exactly 5 fields',
    );
    expect(nextReleaseNumber('a')).toBe(1);
  });
});
