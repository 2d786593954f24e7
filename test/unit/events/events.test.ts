import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { createApp } from '../../../lib/apps/create.js';
import { grantKey } from '../../../lib/acl/store.js';
import { setRemoteCaller } from '../../../lib/core/caller.js';
import { isReadOnly } from '../../../lib/events/audit.js';
import { formatEvent, makeEvent, readEvents, recordEvent } from '../../../lib/events/log.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-events-'));
  createApp('alice-app');
  createApp('bob-app');
  grantKey('alice-app', 'users', 'alice');
});

afterEach(() => {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
});

describe('the audit trail', () => {
  it('records config:set with the key names, never the values, as one JSON line 0600', async () => {
    setRemoteCaller('alice', 'user');
    await capture(() => dispatch(['config:set', '--no-restart', 'alice-app', 'SECRET=hunter2', 'TOKEN=abc=def']));
    // A value typed where a KEY=VALUE belongs fails the command and is not recorded either.
    await capture(() => dispatch(['config:set', '--no-restart', 'alice-app', 'stray-value']));
    const text = fs.readFileSync(paths.eventsLog(), 'utf8');
    expect(text).not.toMatch(/hunter2|abc|stray/);
    expect(fs.statSync(paths.eventsLog()).mode & 0o777).toBe(0o600);
    const [e, stray] = readEvents();
    expect(stray).toMatchObject({ command: 'config:set', exit: 64 });
    expect(stray.names).toBeUndefined();
    expect(e).toMatchObject({
      user: 'alice',
      role: 'user',
      command: 'config:set',
      app: 'alice-app',
      names: ['SECRET', 'TOKEN'],
      exit: 0,
    });
  });

  it('records refusals and failures with their exit code, and skips read-only commands', async () => {
    setRemoteCaller('alice', 'user');
    await capture(() => dispatch(['config:unset', '--no-restart', 'bob-app', 'X']));
    await capture(() => dispatch(['config:get', 'alice-app', 'X']));
    await capture(() => dispatch(['apps:create', 'bob-app']));
    expect(readEvents().map((e) => [e.command, e.app, e.exit])).toEqual([
      ['config:unset', 'bob-app', 77],
      ['apps:create', 'bob-app', 1],
    ]);
  });

  it('paas events: all for an admin, only its apps for a user key; -n and --format json', async () => {
    const t = new Date('2026-01-02T03:04:05.678Z');
    recordEvent(
      makeEvent({ name: 'alice', role: 'user', remote: true }, { command: 'ps:restart', app: 'alice-app' }, 0, t),
    );
    recordEvent(
      makeEvent(
        { name: 'root', role: 'admin', remote: false },
        { command: 'config:set', app: 'bob-app', names: ['A'] },
        0,
        t,
      ),
    );
    recordEvent(makeEvent({ name: 'root', role: 'admin', remote: false }, { command: 'domains:add-global' }, 0, t));
    const all = await capture(() => dispatch(['events']));
    expect(all.stdout).toBe(
      [
        '2026-01-02T03:04:05Z alice (user) ps:restart alice-app exit 0',
        '2026-01-02T03:04:05Z root (admin) config:set bob-app A exit 0',
        '2026-01-02T03:04:05Z root (admin) domains:add-global - exit 0',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await capture(() => dispatch(['events', '-n', '1', '--format', 'json']))).stdout)).toEqual([
      { time: t.toISOString(), user: 'root', role: 'admin', command: 'domains:add-global', exit: 0 },
    ]);
    setRemoteCaller('alice', 'user');
    expect((await capture(() => dispatch(['events']))).stdout).toBe(
      '2026-01-02T03:04:05Z alice (user) ps:restart alice-app exit 0\n',
    );
    const r = await capture(() => dispatch(['events', 'bob-app']));
    expect((r.error as Error).message).toBe('The key alice (user) may not use app bob-app');
  });

  it('rejects a bad -n or --format', async () => {
    expect(((await capture(() => dispatch(['events', '-n', 'x']))).error as Error).message).toMatch(/Invalid -n/);
    expect(((await capture(() => dispatch(['events', '--format', 'xml']))).error as Error).message).toMatch(
      /Invalid --format/,
    );
  });

  it('formats an event in one line and guesses read-only commands from the verb', () => {
    const e = makeEvent({ name: 'k', role: 'deploy', remote: true }, { command: 'git-push', app: 'a' }, 1, new Date(0));
    expect(formatEvent(e)).toBe('1970-01-01T00:00:00Z k (deploy) git-push a exit 1');
    expect(isReadOnly({ name: 'config:get' })).toBe(true);
    expect(isReadOnly({ name: 'apps:report' })).toBe(true);
    expect(isReadOnly({ name: 'config:set' })).toBe(false);
    expect(isReadOnly({ name: 'run' })).toBe(false);
    expect(isReadOnly({ name: 'run', readOnly: true })).toBe(true);
  });
});
