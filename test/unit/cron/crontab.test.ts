import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAppDir } from '../../../lib/apps/create.js';
import { renderCrontab, scheduledTasks, writeCrontab } from '../../../lib/cron/crontab.js';
import { setCronSetting, setTaskSuspended } from '../../../lib/cron/settings.js';
import { cronId } from '../../../lib/cron/tasks.js';
import { markLive, writeRelease } from '../../../lib/release/store.js';
import { Release } from '../../../lib/release/types.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';
import { emitAppEvent } from '../../../lib/lifecycle/app-events.js';
import { capture } from '../cli/capture.js';

let installed: string;

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-cron-'));
  // A fake crontab(1): records the file it was asked to install, and how often.
  const bin = path.join(paths.root(), 'fake-crontab');
  installed = path.join(paths.root(), 'installed');
  fs.writeFileSync(bin, `#!/bin/sh\nfor a; do f=$a; done\ncp "$f" "${installed}"\necho x >> "${installed}.calls"\n`, {
    mode: 0o755,
  });
  process.env.PAAS_CRONTAB_BIN = bin;
});

const HOSTILE = 'echo "$(id)" \'q\' ; touch /tmp/pwned\n* * * * * root touch /tmp/pwned2 % `x`';

function deploy(app: string, cron: unknown[], n = 1): void {
  if (!fs.existsSync(paths.appDir(app))) makeAppDir(app);
  const r: Release = {
    app,
    number: n,
    image: `paas/${app}:v${n}`,
    builder: 'dockerfile',
    config: {},
    processes: { web: '' },
    appJson: { cron },
    rev: 'f'.repeat(40),
    pushedBy: 't',
    createdAt: new Date().toISOString(),
    live: false,
  };
  writeRelease(r);
  markLive(app, n, `d${n}`);
}

function calls(): number {
  return fs.existsSync(`${installed}.calls`) ? fs.readFileSync(`${installed}.calls`, 'utf8').split('\n').length - 1 : 0;
}

describe('renderCrontab', () => {
  it("is Dokku's template with paas cron:run lines", () => {
    const text = renderCrontab({
      tasks: [{ app: 'a', id: 'abc', cronSchedule: '@daily' }],
      mailto: 'ops@example.com',
      mailfrom: 'cron@example.com',
      root: '/var/lib/paas',
    });
    expect(text.split('\n').filter((l) => !l.startsWith('#'))).toEqual([
      'MAILFROM=cron@example.com',
      'MAILTO=ops@example.com',
      'PATH=/usr/local/bin:/usr/bin:/bin',
      'SHELL=/bin/sh',
      '',
      '@daily /usr/local/bin/paas cron:run a abc',
      '',
    ]);
  });

  it('carries a non-default state root', () => {
    expect(renderCrontab({ tasks: [], root: '/srv/paas' })).toContain('\nPAAS_ROOT=/srv/paas\n');
    expect(renderCrontab({ tasks: [], root: '/var/lib/paas' })).not.toContain('PAAS_ROOT');
  });

  it('refuses an app or id that is not plain', () => {
    expect(() => renderCrontab({ tasks: [{ app: 'a;b', id: 'abc', cronSchedule: '@daily' }] })).toThrow(/Refusing/);
    expect(() => renderCrontab({ tasks: [{ app: 'a', id: 'a%b', cronSchedule: '@daily' }] })).toThrow(/Refusing/);
    expect(() => renderCrontab({ tasks: [{ app: 'a', id: 'ab', cronSchedule: '@daily\n*' }] })).toThrow(/Refusing/);
  });
});

describe('writeCrontab', () => {
  it('installs one cron:run line per task of every deployed app, never the command', async () => {
    deploy('a1', [
      { command: HOSTILE, schedule: '* * * * *' },
      { command: 'echo daily', schedule: '@daily' },
    ]);
    deploy('a2', [{ command: 'true', schedule: '0 3 * * 1-5' }]);
    makeAppDir('never-deployed');
    await capture(() => writeCrontab());
    const text = fs.readFileSync(installed, 'utf8');
    const jobs = text.split('\n').filter((l) => /^[@0-9*]/.test(l));
    expect(jobs).toEqual([
      `* * * * * /usr/local/bin/paas cron:run a1 ${cronId('a1', HOSTILE, '* * * * *')}`,
      `@daily /usr/local/bin/paas cron:run a1 ${cronId('a1', 'echo daily', '@daily')}`,
      `0 3 * * 1-5 /usr/local/bin/paas cron:run a2 ${cronId('a2', 'true', '0 3 * * 1-5')}`,
    ]);
    expect(text).not.toMatch(/pwned|echo|\$\(/);
    expect(fs.readFileSync(paths.crontab(), 'utf8')).toBe(text);
  });

  it('leaves out stopped apps, apps and tasks in maintenance, and suspended tasks', async () => {
    deploy('run', [{ command: 'a', schedule: '@daily' }]);
    deploy('stopped', [{ command: 'a', schedule: '@daily' }]);
    writeProp('ps', 'stopped', 'stopped-deploy', 'd1');
    deploy('maint', [{ command: 'a', schedule: '@daily' }]);
    setCronSetting('maint', 'maintenance', 'true');
    deploy('tasks', [
      { command: 'a', schedule: '@daily', maintenance: true },
      { command: 'b', schedule: '@daily' },
      { command: 'c', schedule: '@daily' },
    ]);
    setTaskSuspended('tasks', cronId('tasks', 'b', '@daily'), true);
    expect(scheduledTasks('run').map((t) => t.command)).toEqual(['a']);
    expect(scheduledTasks('stopped')).toEqual([]);
    expect(scheduledTasks('maint')).toEqual([]);
    expect(scheduledTasks('tasks').map((t) => t.command)).toEqual(['c']);
    setCronSetting(GLOBAL, 'maintenance', 'true');
    expect(scheduledTasks('run')).toEqual([]);
  });

  it('a release without the task removes its line; the last app gone leaves only the header', async () => {
    deploy('a', [{ command: 'x', schedule: '@daily' }]);
    await capture(() => writeCrontab());
    expect(fs.readFileSync(installed, 'utf8')).toContain(' cron:run a ');
    deploy('a', [], 2);
    await capture(() => writeCrontab());
    expect(fs.readFileSync(installed, 'utf8')).not.toContain(' cron:run a ');
    expect(calls()).toBe(2);
  });

  it('does nothing on a host that never had a task (no crontab appears)', async () => {
    makeAppDir('plain');
    await capture(() => writeCrontab());
    expect(calls()).toBe(0);
    expect(fs.existsSync(paths.crontab())).toBe(false);
  });

  it('skips an app whose live app.json cron is unreadable, with a warning', async () => {
    deploy('bad', [{ command: 'x', schedule: 'nope' }]);
    deploy('good', [{ command: 'x', schedule: '@daily' }]);
    const r = await capture(() => writeCrontab());
    expect(r.stderr).toContain('Invalid app.json cron[0] for app bad');
    expect(fs.readFileSync(installed, 'utf8')).not.toContain('cron:run bad');
    expect(fs.readFileSync(installed, 'utf8')).toContain('cron:run good');
  });

  it('fails with the message of crontab(1) when it refuses', async () => {
    deploy('a', [{ command: 'x', schedule: '@daily' }]);
    fs.writeFileSync(process.env.PAAS_CRONTAB_BIN!, '#!/bin/sh\necho "no crontab for you" >&2\nexit 1\n');
    const r = await capture(() => writeCrontab());
    expect(String(r.error)).toContain('Unable to update schedule file: no crontab for you');
  });
});

describe('app events', () => {
  it('a release going live writes the schedule; a destroyed or renamed app leaves it before its files go', async () => {
    deploy('a', [{ command: 'x', schedule: '@daily' }]);
    deploy('b', [{ command: 'y', schedule: '@hourly' }]);
    expect(await capture(() => emitAppEvent('releaseLive', 'a', 1))).toMatchObject({ result: [] });
    expect(fs.readFileSync(installed, 'utf8')).toMatch(/ cron:run a [\s\S]* cron:run b /);
    await capture(() => emitAppEvent('destroyed', 'a'));
    expect(fs.readFileSync(installed, 'utf8')).not.toContain(' cron:run a ');
    expect(fs.readFileSync(installed, 'utf8')).toContain(' cron:run b ');
    await capture(() => emitAppEvent('renamed', 'b', 'c'));
    expect(fs.readFileSync(installed, 'utf8')).not.toContain(' cron:run b ');
  });
});
