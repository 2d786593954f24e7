// docker-options:add with several arguments (Dokku's `--label 'k=my app'`) and the report's -list keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readOptionLines } from '../../../lib/docker-options/store.js';
import { commands, joinArgs } from '../../../lib/docker-options/commands.js';
import { createApp } from '../../../lib/apps/create.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { capture } from '../cli/capture.js';

async function run(name: string, ...argv: string[]) {
  const spec = commands.find((c) => c.name === name)!;
  return capture(() => spec.run.call(spec, parseArgs(spec, argv)));
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-do-args-'));
  createApp('do-app');
});

describe('joinArgs', () => {
  it('splits an option string, keeps any other argument one literal word', () => {
    expect(joinArgs(['-v /logs:/logs', '--memory=512m'])).toBe('-v /logs:/logs --memory=512m');
    expect(joinArgs(['--label', 'com.example.description=my app'])).toBe("--label 'com.example.description=my app'");
    expect(joinArgs(['--label', 'k=$(id)'])).toBe("--label 'k=$(id)'");
    expect(joinArgs(['-p', '8080:5000'])).toBe('-p 8080:5000');
  });
});

describe('docker-options:add with several arguments', () => {
  it('stores a value with a space as one option, and $ as written', async () => {
    await run('docker-options:add', 'do-app', 'deploy', '--label', 'com.example.description=my app');
    await run('docker-options:add', 'do-app', 'deploy', '--label', 'com.dokku.test=$(id)');
    expect(readOptionLines('do-app', 'deploy')).toEqual([
      "--label 'com.example.description=my app'",
      "--label 'com.dokku.test=$(id)'",
    ]);
  });

  it('refuses a $ outside quotes in an option string and stores nothing', async () => {
    const r = await run('docker-options:add', 'do-app', 'deploy', '--label=k=$(id)');
    expect(String(r.error)).toMatch(/not run by a shell/);
    expect(readOptionLines('do-app', 'deploy')).toEqual([]);
  });
});

describe('docker-options:report --format json -list keys', () => {
  it('has an array per phase and process scope, empty when unset, and no prefixed -list key', async () => {
    const empty = JSON.parse((await run('docker-options:report', 'do-app', '--format', 'json')).stdout);
    expect([empty['build-list'], empty['deploy-list'], empty['run-list']]).toEqual([[], [], []]);
    await run('docker-options:add', 'do-app', 'build', '--build-arg', 'X=Y', '--link', 'foo', '--link', 'bar');
    await run('docker-options:add', '--process', 'web', 'do-app', 'deploy', '-p 8080:5000');
    const r = JSON.parse((await run('docker-options:report', 'do-app', '--format', 'json')).stdout);
    expect(r['build-list']).toEqual(['--build-arg X=Y', '--link foo', '--link bar']);
    expect(r['deploy.web-list']).toEqual(['-p 8080:5000']);
    expect(r['docker-options-deploy-list']).toBeUndefined();
    expect(r['docker-options-build']).toBe('--build-arg X=Y --link foo --link bar');
  });
});
