import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyAppJsonEnv, generateSecret, parseAppJsonEnv, planAppJsonEnv } from '../../../lib/app-json/env.js';
import { readEnv, writeEnv } from '../../../lib/config/env-file.js';
import { GLOBAL, paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-app-json-env-'));
});

// Dokku's tests/apps/python/app-env.json
const appEnvJson = {
  env: {
    SIMPLE_VAR: 'simple_value',
    OBJECT_VAR: { description: 'A variable with a default value', value: 'object_default' },
    SECRET_VAR: { description: 'A generated secret', generator: 'secret' },
    OPTIONAL_VAR: { description: 'An optional variable', required: false },
    SYNC_VAR: { description: 'A variable that syncs on every deploy', value: 'sync_value', sync: true },
  },
};
const secret = () => 'S'.repeat(64);

describe('app.json env (parse)', () => {
  it('reads strings and objects with Heroku defaults (required true, sync false)', () => {
    expect(parseAppJsonEnv(appEnvJson)).toEqual({
      SIMPLE_VAR: { value: 'simple_value', required: true, sync: false },
      OBJECT_VAR: { value: 'object_default', required: true, sync: false },
      SECRET_VAR: { generator: 'secret', required: true, sync: false },
      OPTIONAL_VAR: { required: false, sync: false },
      SYNC_VAR: { value: 'sync_value', required: true, sync: true },
    });
    expect(parseAppJsonEnv({})).toEqual({});
    expect(parseAppJsonEnv(undefined)).toEqual({});
  });
  it.each([
    [{ env: [] }, 'app.json env: must be an object'],
    [{ env: { 'BAD-KEY': 'x' } }, 'app.json env: Invalid env key "BAD-KEY"'],
    [{ env: { '1X': 'x' } }, 'app.json env: Invalid env key "1X"'],
    [{ env: { 'A;rm -rf /': 'x' } }, 'app.json env: Invalid env key'],
    [{ env: { A: 1 } }, 'app.json env: A must be a string or an object'],
    [{ env: { A: { value: 1 } } }, 'app.json env: A.value must be a string'],
    [{ env: { A: { required: 'yes' } } }, 'app.json env: A.required must be true or false'],
    [{ env: { A: { generator: 'uuid' } } }, 'app.json env: A.generator "uuid" is not supported'],
    [{ env: { A: 'a\0b' } }, 'app.json env: A must not contain a NUL byte'],
  ])('refuses %j', (appJson, msg) => {
    expect(() => parseAppJsonEnv(appJson as Record<string, unknown>)).toThrow(msg);
  });
});

describe('app.json env (plan)', () => {
  const vars = parseAppJsonEnv(appEnvJson);
  it('first deploy: defaults and a generated secret, optional ones without a value skipped', () => {
    expect(planAppJsonEnv('a', vars, {}, true, secret)).toEqual({
      OBJECT_VAR: 'object_default',
      SECRET_VAR: 'S'.repeat(64),
      SIMPLE_VAR: 'simple_value',
      SYNC_VAR: 'sync_value',
    });
  });
  it('first deploy keeps values already set (an empty one counts as unset); sync ones are set anyway', () => {
    const current = { SIMPLE_VAR: 'preset', SECRET_VAR: '', SYNC_VAR: 'manual' };
    expect(planAppJsonEnv('a', vars, current, true, secret)).toEqual({
      OBJECT_VAR: 'object_default',
      SECRET_VAR: 'S'.repeat(64),
      SYNC_VAR: 'sync_value',
    });
  });
  it('later deploys set only sync variables', () => {
    expect(planAppJsonEnv('a', vars, { SYNC_VAR: 'manual' }, false, secret)).toEqual({ SYNC_VAR: 'sync_value' });
  });
  it('a required variable with no value, default or generator fails on the first deploy only', () => {
    const req = parseAppJsonEnv({ env: { REQUIRED_VAR: { required: true } } });
    expect(() => planAppJsonEnv('a', req, {}, true)).toThrow('required env var REQUIRED_VAR has no value');
    expect(planAppJsonEnv('a', req, { REQUIRED_VAR: 'x' }, true)).toEqual({});
    expect(planAppJsonEnv('a', req, {}, false)).toEqual({});
  });
  it('generates 64 hex characters, different each time', () => {
    expect(generateSecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(generateSecret()).not.toBe(generateSecret());
  });
});

describe('app.json env (apply)', () => {
  it("writes to the app's config, counting a global value as set", () => {
    writeEnv(GLOBAL, { OBJECT_VAR: 'global' });
    writeEnv('a', { KEEP: '1' });
    applyAppJsonEnv('a', parseAppJsonEnv(appEnvJson), true);
    const env = readEnv('a');
    expect(env).toMatchObject({ KEEP: '1', SIMPLE_VAR: 'simple_value', SYNC_VAR: 'sync_value' });
    expect(env.SECRET_VAR).toMatch(/^[0-9a-f]{64}$/);
    expect(env).not.toHaveProperty('OBJECT_VAR');
    expect(env).not.toHaveProperty('OPTIONAL_VAR');
  });
  it('writes nothing when a required variable has no value', () => {
    writeEnv('a', { KEEP: '1' });
    const before = fs.readFileSync(paths.appEnv('a'), 'utf8');
    const vars = parseAppJsonEnv({ env: { A: 'a', REQUIRED_VAR: { description: 'x' } } });
    expect(() => applyAppJsonEnv('a', vars, true)).toThrow('required env var REQUIRED_VAR has no value');
    expect(fs.readFileSync(paths.appEnv('a'), 'utf8')).toBe(before);
  });
});
