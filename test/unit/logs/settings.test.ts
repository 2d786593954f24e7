import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { commands } from '../../../lib/logs/commands.js';
import { computedMaxSize, rawMaxSize, validateMaxSize, withLogMaxSize } from '../../../lib/logs/settings.js';
import { GLOBAL } from '../../../lib/state/props.js';
import { runCommand } from '../cli/capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-logs-'));
});

describe('validateMaxSize (Dokku logs set.go)', () => {
  it.each(['10m', '1k', '2g', '0m', 'unlimited'])('accepts %s', (v) => {
    expect(validateMaxSize(v)).toBe(v);
  });
  it.each([
    ['10', /unit measure/],
    ['10M', /unit measure/],
    ['m', /must be a number followed by a unit/],
    ['1.5m', /unable to convert number to int/],
    ['-1m', /unable to convert number to int/],
    ['1m --privileged', /unit measure/],
  ])('refuses %j', (v, why) => {
    expect(() => validateMaxSize(v)).toThrow(why);
  });
});

describe('withLogMaxSize (Dokku docker-args-process-deploy)', () => {
  const base = { Image: 'x', HostConfig: { Init: true } };
  it('adds max-size for the json-file and local drivers, keeping the daemon default driver', () => {
    expect(withLogMaxSize(base, '20m', 'json-file').HostConfig?.LogConfig).toEqual({
      Type: '',
      Config: { 'max-size': '20m' },
    });
    expect(withLogMaxSize(base, '20m', 'local').HostConfig?.Init).toBe(true);
  });
  it('follows docker-options --log-driver over the daemon driver', () => {
    const local = { ...base, HostConfig: { LogConfig: { Type: 'local', Config: {} } } };
    expect(withLogMaxSize(local, '20m', 'journald').HostConfig?.LogConfig).toEqual({
      Type: 'local',
      Config: { 'max-size': '20m' },
    });
    const journald = { ...base, HostConfig: { LogConfig: { Type: 'journald', Config: {} } } };
    expect(withLogMaxSize(journald, '20m', 'json-file')).toBe(journald);
  });
  it('adds nothing for unlimited, another driver, or a max-size docker-options set', () => {
    expect(withLogMaxSize(base, 'unlimited', 'json-file')).toBe(base);
    expect(withLogMaxSize(base, '20m', 'syslog')).toBe(base);
    expect(withLogMaxSize(base, '20m', '')).toBe(base);
    const own = { ...base, HostConfig: { LogConfig: { Type: '', Config: { 'max-size': '1m' } } } };
    expect(withLogMaxSize(own, '20m', 'json-file')).toBe(own);
  });
});

describe('logs:set and logs:report', () => {
  beforeEach(() => createApp('app'));

  it('sets, reports and clears max-size per app and globally', async () => {
    expect(computedMaxSize('app')).toBe('10m');
    await runCommand(commands, 'logs:set', '--global', 'max-size', '20m');
    expect(await runCommand(commands, 'logs:report', 'app', '--logs-computed-max-size')).toBe('20m\n');
    await runCommand(commands, 'logs:set', 'app', 'max-size', 'unlimited');
    expect(await runCommand(commands, 'logs:report', 'app', '--logs-max-size')).toBe('unlimited\n');
    expect(computedMaxSize('app')).toBe('unlimited');
    await runCommand(commands, 'logs:set', 'app', 'max-size');
    await runCommand(commands, 'logs:set', '--global', 'max-size');
    expect(rawMaxSize('app')).toBe('');
    expect(rawMaxSize(GLOBAL)).toBe('');
    expect(await runCommand(commands, 'logs:report', '--global', '--logs-computed-max-size')).toBe('10m\n');
    const json = JSON.parse(await runCommand(commands, 'logs:report', 'app', '--format', 'json'));
    expect(json['logs-max-size']).toBe('');
    expect(json['max-size']).toBe('');
  });

  it.each([
    [[], /Please specify an app to run the command on/],
    [['nope'], /App nope does not exist/],
    [['app'], /No property specified/],
    [['app', 'invalid'], /Invalid property specified, valid properties include: max-size/],
    [['app', 'invalid', 'value'], /Invalid property specified/],
    [['app', 'vector-sink', 'console://'], /paas ships no vector/],
    [['app', 'max-size', '10x'], /unit measure/],
  ])('logs:set %j fails and stores nothing', async (args, why) => {
    await expect(runCommand(commands, 'logs:set', ...args)).rejects.toThrow(why);
    expect(rawMaxSize('app')).toBe('');
  });
});
