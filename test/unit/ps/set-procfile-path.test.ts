import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { readBuilderSettings } from '../../../lib/build/settings.js';
import { commands } from '../../../lib/ps/commands.js';
import { rawPsSetting } from '../../../lib/ps/store.js';
import { runCommand } from '../cli/capture.js';

const run = (...argv: string[]) => runCommand(commands, 'ps:set', ...argv);

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ps-set-'));
  createApp('tp-app');
});

describe('ps:set procfile-path (Dokku ps-general-2.bats)', () => {
  it('is what the build reads; an empty value clears it', async () => {
    await run('tp-app', 'procfile-path', 'second.Procfile');
    expect(readBuilderSettings('tp-app').procfilePath).toBe('second.Procfile');
    await run('tp-app', 'procfile-path');
    expect(readBuilderSettings('tp-app').procfilePath).toBe('Procfile');
  });

  it('keeps the path inside the pushed source and writes nothing on bad input', async () => {
    await expect(run('tp-app', 'procfile-path', '../../etc/passwd')).rejects.toThrow(/not allowed/);
    await expect(run('tp-app', 'procfile-path', '/etc/passwd')).rejects.toThrow(/relative/);
    expect(rawPsSetting('tp-app', 'procfile-path')).toBe('');
  });
});
