import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands, validateStartCmd } from '../../../lib/ps/commands.js';
import { rawPsSetting } from '../../../lib/ps/store.js';
import { deployCreateOptions, startCmdOverride } from '../../../lib/deploy/container-spec.js';
import { Release } from '../../../lib/release/types.js';
import { runCommand } from '../cli/capture.js';

const run = (...argv: string[]) => runCommand(commands, 'ps:set', ...argv);

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ps-start-'));
  createApp('tp-app');
});

const release = (builder: string): Release => ({
  app: 'tp-app',
  number: 1,
  image: 'paas/tp-app:v1',
  builder,
  config: {},
  processes: { web: 'node web.js', worker: '' },
  rev: 'abc',
  pushedBy: 'alice',
  createdAt: '2024-01-01T00:00:00.000Z',
  live: false,
});

describe('startCmdOverride (scheduler-docker-local extract-start-cmd)', () => {
  it('gives a Dockerfile or image app its dockerfile-start-cmd as argv words, never a shell', () => {
    const s = { startCmd: 'ignored', dockerfileStartCmd: ' --harmony  server.js $(id) ' };
    expect(startCmdOverride('dockerfile', s)).toEqual(['--harmony', 'server.js', '$(id)']);
    expect(startCmdOverride('image', s)).toEqual(['--harmony', 'server.js', '$(id)']);
    expect(startCmdOverride('dockerfile', { startCmd: 'x', dockerfileStartCmd: '' })).toBeUndefined();
  });

  it("runs a buildpack app's start-cmd in its container's shell, as a Procfile line", () => {
    const s = { startCmd: 'node server.js', dockerfileStartCmd: 'ignored' };
    expect(startCmdOverride('node', s)).toEqual(['/bin/sh', '-c', 'node server.js']);
    expect(startCmdOverride('python', { startCmd: '', dockerfileStartCmd: 'x' })).toBeUndefined();
  });
});

describe('ps:set start-cmd / dockerfile-start-cmd', () => {
  it('stores the value, reaches every process container, and an empty value clears it', async () => {
    await run('tp-app', 'dockerfile-start-cmd', 'node app.js');
    expect(rawPsSetting('tp-app', 'dockerfile-start-cmd')).toBe('node app.js');
    const o = deployCreateOptions('tp-app', release('dockerfile'), 'worker', 1, 'd1', 'tp-app.worker.1');
    expect(o.Cmd).toEqual(['node', 'app.js']);
    // a buildpack release keeps its Procfile command
    const b = deployCreateOptions('tp-app', release('node'), 'web', 1, 'd1', 'tp-app.web.1');
    expect(b.Cmd).toEqual(['/bin/sh', '-c', 'node web.js']);
    await run('tp-app', 'dockerfile-start-cmd');
    expect(rawPsSetting('tp-app', 'dockerfile-start-cmd')).toBe('');
    await run('tp-app', 'start-cmd', 'bundle exec rails server');
    const c = deployCreateOptions('tp-app', release('node'), 'web', 1, 'd1', 'tp-app.web.1');
    expect(c.Cmd).toEqual(['/bin/sh', '-c', 'bundle exec rails server']);
  });

  it('refuses a multi-line or over-long value and --global, writing nothing', async () => {
    await expect(run('tp-app', 'start-cmd', 'a\nrm -rf /')).rejects.toThrow(/one line/);
    await expect(run('tp-app', 'dockerfile-start-cmd', 'x'.repeat(1025))).rejects.toThrow(/1024/);
    await expect(run('--global', 'start-cmd', 'x')).rejects.toThrow(/per app/);
    expect(rawPsSetting('tp-app', 'start-cmd')).toBe('');
    expect(rawPsSetting('tp-app', 'dockerfile-start-cmd')).toBe('');
    expect(validateStartCmd(' node x ', 'start-cmd')).toBe('node x');
  });
});
