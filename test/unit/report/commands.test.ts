import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-report-'));
  fs.mkdirSync(paths.appDir('tc-rep'), { recursive: true });
});

describe('paas report', () => {
  it('prints the host vitals and every namespace report of the app', async () => {
    const r = await capture(() => dispatch(['report', 'tc-rep']));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toMatch(/-----> uname: Linux/);
    expect(r.stderr).toMatch(/-----> paas version: /);
    expect(r.stdout).toContain('=====> tc-rep app information');
    for (const ns of ['builder', 'ps', 'checks', 'domains', 'ports', 'nginx', 'proxy', 'storage', 'network'])
      expect(r.stdout).toMatch(new RegExp(`^=====> tc-rep ${ns} information$`, 'm'));
  }, 30_000);

  it('refuses an app that does not exist before printing anything', async () => {
    const r = await capture(() => dispatch(['report', 'tc-none']));
    expect(String(r.error)).toMatch(/App tc-none does not exist/);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('refuses --format, as Dokku does', async () => {
    const r = await capture(() => dispatch(['report', '--format', 'json']));
    expect(String(r.error)).toMatch(/--format flag not supported on global report/);
  });
});
