import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands } from '../../../lib/domains/commands.js';
import { appDomains, writeGlobalDomains } from '../../../lib/domains/store.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { capture } from '../cli/capture.js';

async function run(name: string, ...argv: string[]): Promise<string> {
  const spec = commands.find((c) => c.name === name)!;
  const r = await capture(() => spec.run.call(spec, parseArgs(spec, argv)));
  if (r.error) throw r.error;
  return r.stdout.trim();
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-domcmd-'));
  writeGlobalDomains(['dk.test']);
  createApp('td-app');
});

describe('domains:reset', () => {
  it("puts back APP.<global domain> for today's global domains", async () => {
    await run('domains:set', 'td-app', 'custom.example.com');
    writeGlobalDomains(['one.test', 'two.test']);
    await run('domains:reset', 'td-app');
    expect(appDomains('td-app')).toEqual(['td-app.one.test', 'td-app.two.test']);
  });
  it('refuses a missing app and changes nothing', async () => {
    await expect(run('domains:reset', 'td-nope')).rejects.toThrow(/does not exist/);
  });
});

describe('domains:add', () => {
  it("skips a domain the app already has with Dokku's message and succeeds", async () => {
    const spec = commands.find((c) => c.name === 'domains:add')!;
    await run('domains:add', 'td-app', 'a.example.com');
    const r = await capture(() => spec.run.call(spec, parseArgs(spec, ['td-app', 'a.example.com'])));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toContain('-----> Skipping: a.example.com already added to td-app');
    expect(appDomains('td-app')).toEqual(['td-app.dk.test', 'a.example.com']);
  });
});

describe('domains:report', () => {
  it('--global shows only the global keys, as Dokku', async () => {
    const json = JSON.parse(await run('domains:report', '--global', '--format', 'json'));
    expect(Object.keys(json).every((k) => k.includes('global-'))).toBe(true);
    expect(json['domains-global-vhosts']).toBe('dk.test');
    expect(await run('domains:report', '--global', '--domains-global-enabled')).toBe('true');
  });
  it('an unknown info flag is "Invalid flag passed"; the flag may come before the app', async () => {
    await expect(run('domains:report', 'td-app', '--domains-invalid-flag')).rejects.toThrow(/^Invalid flag passed/);
    expect(await run('domains:report', '--domains-app-vhosts', 'td-app')).toBe('td-app.dk.test');
  });
});
