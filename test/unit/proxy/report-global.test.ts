import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands } from '../../../lib/proxy/commands.js';
import { commands as psCommands } from '../../../lib/ps/commands.js';
import { runCommand } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-proxy-global-'));
  createApp('pg-app');
});

describe('proxy:report --global (Dokku proxy.bats)', () => {
  it('has the global (never set) and computed (nginx) type, with and without the prefix', async () => {
    const r = JSON.parse(await runCommand(commands, 'proxy:report', '--global', '--format', 'json'));
    expect(r).toEqual({
      'proxy-global-type': '',
      'global-type': '',
      'proxy-computed-type': 'nginx',
      'computed-type': 'nginx',
    });
    expect((await runCommand(commands, 'proxy:report', '--global', '--proxy-computed-type')).trim()).toBe('nginx');
  });

  it('refuses an app together with --global', async () => {
    await expect(runCommand(commands, 'proxy:report', '--global', 'pg-app')).rejects.toThrow(/with --global/);
  });
});

describe('ps:report --global (Dokku ps-general-1.bats)', () => {
  it('shows the global and computed values, computed falling back to the defaults', async () => {
    await runCommand(psCommands, 'ps:set', '--global', 'stop-timeout-seconds', '75');
    const r = JSON.parse(await runCommand(psCommands, 'ps:report', '--global', '--format', 'json'));
    expect(r['ps-global-stop-timeout-seconds']).toBe('75');
    expect(r['computed-stop-timeout-seconds']).toBe('75');
    expect(r['ps-computed-procfile-path']).toBe('Procfile');
    expect(r['global-procfile-path']).toBe('');
    expect(r['ps-computed-restart-policy']).toBe('unless-stopped');
  });
});
