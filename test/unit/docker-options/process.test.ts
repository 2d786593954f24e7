// docker-options:add --process PROC (Dokku 0.38): options for the deploy containers of one process type.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addOptions,
  assertStoredOptionsAllowed,
  clearOptions,
  optionProcesses,
  readOptionLines,
  removeOptions,
} from '../../../lib/docker-options/store.js';
import { dockerOptionsCreateOptions } from '../../../lib/docker-options/apply.js';
import { commands, liftProcessFlags } from '../../../lib/docker-options/commands.js';
import { AccessError } from '../../../lib/core/errors.js';
import { createApp } from '../../../lib/apps/create.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { writeListProp } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from '../cli/capture.js';

async function run(name: string, ...argv: string[]) {
  const spec = commands.find((c) => c.name === name)!;
  return capture(() => spec.run.call(spec, parseArgs(spec, argv)));
}

function asUser(): void {
  process.env.PAAS_USER = 'alice';
  process.env.PAAS_ROLE = 'user';
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-dproc-'));
});
afterEach(() => {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
});

describe('process-scoped docker options', () => {
  it('are stored per process type, apart from the phase list', () => {
    addOptions('tp', ['deploy'], '-p 8080:5000', ['web']);
    addOptions('tp', ['deploy'], '-v /shared:/shared', ['web', 'worker']);
    addOptions('tp', ['deploy'], '--init');
    expect(readOptionLines('tp', 'deploy', 'web')).toEqual(['-p 8080:5000', '-v /shared:/shared']);
    expect(readOptionLines('tp', 'deploy', 'worker')).toEqual(['-v /shared:/shared']);
    expect(readOptionLines('tp', 'deploy')).toEqual(['--init']);
    expect(optionProcesses('tp')).toEqual(['web', 'worker']);
    expect(fs.readFileSync(paths.prop('docker-options', 'tp', 'deploy.web'), 'utf8')).toBe(
      '-p 8080:5000\n-v /shared:/shared\n',
    );
  });
  it('reach only the containers of their process type, after the phase options', () => {
    addOptions('tp', ['deploy'], '-p 127.0.0.1:8080:5000', ['web']);
    addOptions('tp', ['deploy'], '--label a=1');
    const web = dockerOptionsCreateOptions('tp', 'deploy', 'web');
    const worker = dockerOptionsCreateOptions('tp', 'deploy', 'worker');
    expect(web.HostConfig?.PortBindings).toEqual({ '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
    expect(web.Labels).toEqual({ a: '1' });
    expect(worker.HostConfig?.PortBindings).toBeUndefined();
    expect(worker.Labels).toEqual({ a: '1' });
    // run containers and task containers get the phase options only
    expect(dockerOptionsCreateOptions('tp', 'deploy').HostConfig?.PortBindings).toBeUndefined();
  });
  it('are refused for other phases, for _default_ and bad names, with nothing stored', () => {
    expect(() => addOptions('tp', ['build'], '--shm-size 256m', ['web'])).toThrow(
      /--process is only supported for the deploy phase, got "build"/,
    );
    expect(() => addOptions('tp', ['deploy', 'run'], '--shm-size 256m', ['web'])).toThrow(/deploy phase/);
    expect(() => addOptions('tp', ['deploy'], '-v /tmp:/tmp', ['_default_'])).toThrow(/"_default_" is reserved/);
    expect(() => addOptions('tp', ['deploy'], '--init', ['../x'])).toThrow(/Invalid process type/);
    expect(() => addOptions('tp', ['deploy'], '--init', [''])).toThrow(/must not be empty/);
    expect(fs.existsSync(paths.propsDir('docker-options', 'tp'))).toBe(false);
  });
  it('remove and clear with --process touch only that process type; without it only the phase list', () => {
    addOptions('tp', ['deploy'], '-p 8080:5000', ['web']);
    addOptions('tp', ['deploy'], '-p 9000:9000', ['worker']);
    addOptions('tp', ['deploy'], '-p 8080:5000');
    removeOptions('tp', ['deploy'], '-p 8080:5000', ['web']);
    expect(readOptionLines('tp', 'deploy', 'web')).toEqual([]);
    expect(readOptionLines('tp', 'deploy')).toEqual(['-p 8080:5000']);
    expect(() => removeOptions('tp', ['deploy'], '-p 9000:9000')).toThrow(/is not set/);
    clearOptions('tp', ['deploy']);
    expect(readOptionLines('tp', 'deploy', 'worker')).toEqual(['-p 9000:9000']);
    clearOptions('tp', ['deploy'], ['worker']);
    expect(readOptionLines('tp', 'deploy', 'worker')).toEqual([]);
    expect(optionProcesses('tp')).toEqual([]);
  });
});

describe('the allow-list applies to process-scoped options', () => {
  it('a user key may not add an admin-only option with --process', () => {
    asUser();
    expect(() => addOptions('tp', ['deploy'], '--privileged', ['web'])).toThrow(AccessError);
    addOptions('tp', ['deploy'], '--shm-size 64m', ['web']);
    expect(readOptionLines('tp', 'deploy', 'web')).toEqual(['--shm-size 64m']);
  });
  it('a stored line no admin set is refused at deploy, for its process type and up front', () => {
    writeListProp('docker-options', 'tp', 'deploy.worker', ['--privileged']);
    expect(() => assertStoredOptionsAllowed('tp', 'deploy')).toThrow(
      /Stored deploy.worker docker option "--privileged" of tp was not set by an admin/,
    );
    expect(() => dockerOptionsCreateOptions('tp', 'deploy', 'worker')).toThrow(AccessError);
    expect(dockerOptionsCreateOptions('tp', 'deploy', 'web')).toEqual({});
    // an admin vouches by adding it again
    addOptions('tp', ['deploy'], '--privileged', ['worker']);
    expect(dockerOptionsCreateOptions('tp', 'deploy', 'worker').HostConfig?.Privileged).toBe(true);
    asUser();
    expect(() => assertStoredOptionsAllowed('tp', 'deploy')).not.toThrow();
  });
});

describe('docker-options commands with --process', () => {
  it('lifts a misplaced --process out of the option words', () => {
    expect(liftProcessFlags(['--link', 'foo', '--process', 'web'])).toEqual({
      words: ['--link', 'foo'],
      processes: ['web'],
    });
    expect(liftProcessFlags(['--shm-size', '256m', '--process=api'])).toEqual({
      words: ['--shm-size', '256m'],
      processes: ['api'],
    });
    expect(() => liftProcessFlags(['--init', '--process'])).toThrow(/requires a value/);
  });
  it('add (flag before or after), list and report', async () => {
    createApp('tp-app');
    expect((await run('docker-options:add', '--process', 'web', 'tp-app', 'deploy', '-p 8080:5000')).error).toBe(
      undefined,
    );
    expect((await run('docker-options:add', 'tp-app', 'deploy', '--shm-size', '256m', '--process', 'web')).error).toBe(
      undefined,
    );
    expect((await run('docker-options:list', 'tp-app', '--process', 'web', '--phase', 'deploy')).stdout).toBe(
      '-p 8080:5000\n--shm-size 256m\n',
    );
    expect((await run('docker-options:list', 'tp-app', '--phase', 'deploy')).stdout).toBe('');
    const plain = (await run('docker-options:report', 'tp-app')).stdout;
    expect(plain).toMatch(/Docker options deploy web: +-p 8080:5000 --shm-size 256m/);
    expect((await run('docker-options:report', 'tp-app', '--docker-options-deploy.web')).stdout).toBe(
      '-p 8080:5000 --shm-size 256m\n',
    );
    const json = JSON.parse((await run('docker-options:report', 'tp-app', '--format', 'json')).stdout);
    expect(json['deploy.web']).toBe('-p 8080:5000 --shm-size 256m');
    expect(json['docker-options-deploy.web']).toBe('-p 8080:5000 --shm-size 256m');
    const bad = await run('docker-options:add', '--process', 'web', 'tp-app', 'build', '--shm-size 256m');
    expect(String(bad.error)).toMatch(/deploy phase/);
    const cleared = await run('docker-options:clear', '--process', 'web', 'tp-app');
    expect(cleared.error).toBe(undefined);
    expect(readOptionLines('tp-app', 'deploy', 'web')).toEqual([]);
  });
});
