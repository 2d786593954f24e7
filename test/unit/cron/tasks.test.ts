import { describe, expect, it } from 'vitest';
import { base36, cronId, cronLine, parseCronTasks, validateCronId } from '../../../lib/cron/tasks.js';

describe('ids', () => {
  it("is go-base36's lowercase encoding (the id Dokku's docs show for a global @daily /bin/true)", () => {
    expect(base36(Buffer.from('@daily;;;/bin/true'))).toBe('5cruaotm4yzzpnjlsdunblj8qyjp');
    expect(base36(Uint8Array.from([0, 0, 1]))).toBe('001');
  });

  it('derives from app, command and schedule (as GenerateCommandID)', () => {
    const id = cronId('node-js-app', 'npm run send-email', '@daily');
    expect(id).toBe(base36(Buffer.from('node-js-app===npm run send-email===@daily')));
    expect(id).toMatch(/^[0-9a-z]+$/);
    expect(cronId('other', 'npm run send-email', '@daily')).not.toBe(id);
    expect(cronId('node-js-app', 'npm run send-email', '@hourly')).not.toBe(id);
  });

  it('refuses ids that are not base36 digits', () => {
    expect(validateCronId('abc123', 'a')).toBe('abc123');
    expect(() => validateCronId(undefined, 'a')).toThrow(
      "Please specify a Cron ID from the output of 'paas cron:list a'",
    );
    expect(() => validateCronId('abc;rm', 'a')).toThrow(/lowercase letters and digits/);
    expect(() => validateCronId('ABC', 'a')).toThrow(/lowercase letters and digits/);
  });
});

describe('parseCronTasks', () => {
  it('reads tasks with Dokku defaults', () => {
    const tasks = parseCronTasks('app', {
      cron: [
        { command: 'python3 task.py', schedule: '5  5 5 5 5' },
        { command: 'echo hi', schedule: '@daily', concurrency_policy: 'forbid', maintenance: true, extra: 1 },
      ],
    });
    expect(tasks).toEqual([
      {
        id: cronId('app', 'python3 task.py', '5  5 5 5 5'),
        app: 'app',
        command: 'python3 task.py',
        schedule: '5  5 5 5 5',
        cronSchedule: '5 5 5 5 5',
        concurrencyPolicy: 'allow',
        maintenance: false,
      },
      {
        id: cronId('app', 'echo hi', '@daily'),
        app: 'app',
        command: 'echo hi',
        schedule: '@daily',
        cronSchedule: '@daily',
        concurrencyPolicy: 'forbid',
        maintenance: true,
      },
    ]);
  });

  it('is empty without a cron key', () => {
    expect(parseCronTasks('app', undefined)).toEqual([]);
    expect(parseCronTasks('app', { scripts: {} })).toEqual([]);
  });

  it.each([
    [{ cron: {} }, 'Invalid app.json cron for app app: must be a list of tasks'],
    [{ cron: ['x'] }, 'Invalid app.json cron[0] for app app: a task must be an object'],
    [{ cron: [{ schedule: '@daily' }] }, 'Invalid app.json cron[0] for app app: missing cron task command'],
    [{ cron: [{ command: '  ', schedule: '@daily' }] }, 'cron[0] for app app: missing cron task command'],
    [{ cron: [{ command: 'x' }] }, 'cron[0] for app app: missing cron schedule'],
    [{ cron: [{ command: 1, schedule: '@daily' }] }, 'command must be a string'],
    [
      {
        cron: [
          { command: 'x', schedule: '@daily' },
          { command: 'y', schedule: '61 * * * *' },
        ],
      },
      'Invalid app.json cron[1] for app app: invalid cron schedule "61 * * * *": minute 61 is out of range 0-59',
    ],
    [
      { cron: [{ command: 'x', schedule: '@daily', concurrency_policy: 'never' }] },
      'invalid concurrency_policy "never"',
    ],
    [{ cron: [{ command: 'x', schedule: '@daily', maintenance: 'yes' }] }, 'maintenance must be true or false'],
    [
      {
        cron: [
          { command: 'x', schedule: '@daily' },
          { command: 'x', schedule: '@daily' },
        ],
      },
      'cron[1] for app app: duplicate of cron[0] (same command and schedule)',
    ],
    [{ cron: [{ command: 'x'.repeat(700), schedule: '@daily' }] }, 'command too long'],
    [{ cron: [{ command: 'a\0b', schedule: '@daily' }] }, 'NUL byte'],
  ])('refuses %j', (appJson, why) => {
    expect(() => parseCronTasks('app', appJson as Record<string, unknown>)).toThrow(why);
  });

  it('keeps a hostile command out of the crontab line', () => {
    const command = 'echo "$(id)" ; touch /tmp/pwned\n* * * * * root touch /tmp/pwned2 %';
    const [t] = parseCronTasks('app', { cron: [{ command, schedule: '* * * * *' }] });
    expect(cronLine(t)).toBe(`* * * * * /usr/local/bin/paas cron:run app ${t.id}`);
    expect(t.command).toBe(command);
  });
});
