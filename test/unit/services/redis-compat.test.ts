// dokku-redis behaviours that scripts rely on: app schemes, promote, expose ports, custom env.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KINDS, serviceUrl } from '../../../lib/services/kinds.js';
import { appScheme, keysHoldingUrl, promotePlan, schemeVar } from '../../../lib/services/link-plan.js';
import {
  parseCustomEnv,
  readCustomEnv,
  readExposedPorts,
  requireServiceApp,
  serviceDir,
  writeCustomEnv,
  writeExposedPorts,
} from '../../../lib/services/store.js';
import { exposedPortsText } from '../../../lib/services/service-create.js';

const redis = KINDS.redis;
const creds = { user: 'default', password: 'pw123456', database: 'l' };

describe('app scheme (REDIS_DATABASE_SCHEME)', () => {
  it('names the variable per kind and uses it in the URL', () => {
    expect(schemeVar(redis)).toBe('REDIS_DATABASE_SCHEME');
    expect(schemeVar(KINDS.postgres)).toBe('POSTGRES_DATABASE_SCHEME');
    expect(appScheme(redis, {})).toBe('redis');
    expect(appScheme(redis, { REDIS_DATABASE_SCHEME: 'redis2' })).toBe('redis2');
    expect(serviceUrl(redis, 'ls', creds, 'redis2')).toBe('redis2://:pw123456@paas-redis-ls:6379');
  });

  it('refuses a scheme that would break the URL', () => {
    expect(() => appScheme(redis, { REDIS_DATABASE_SCHEME: 'red is' })).toThrow(/Invalid REDIS_DATABASE_SCHEME/);
    expect(() => appScheme(redis, { REDIS_DATABASE_SCHEME: 'a://b' })).toThrow(/Invalid/);
  });
});

describe('promote', () => {
  const url = serviceUrl(redis, 'l', creds);

  it('moves the old REDIS_URL to the first free colour and promotes the service URL', () => {
    const env = { REDIS_URL: 'redis://:p@host:6379/db', DOKKU_REDIS_BLUE_URL: url };
    expect(promotePlan(redis, env, url, 'l', 'my-app')).toEqual({
      DOKKU_REDIS_AQUA_URL: 'redis://:p@host:6379/db',
      REDIS_URL: url,
    });
  });

  it('keeps the old URL only once when another variable holds it already', () => {
    const env = { REDIS_URL: 'redis://old', DOKKU_REDIS_AQUA_URL: 'redis://old', DOKKU_REDIS_BLUE_URL: `${url}?a=1` };
    expect(promotePlan(redis, env, url, 'l', 'my-app')).toEqual({ REDIS_URL: `${url}?a=1` });
  });

  it('refuses when already promoted or not linked, in dokku-redis words', () => {
    expect(() => promotePlan(redis, { REDIS_URL: url }, url, 'l', 'my-app')).toThrow(
      'Service l already promoted as REDIS_URL',
    );
    expect(() => promotePlan(redis, { REDIS_URL: 'x' }, url, 'l', 'my-app')).toThrow('Not linked to app my-app');
  });

  it('finds the variables holding a URL, with or without a query, not a longer host', () => {
    expect(keysHoldingUrl({ A: url, B: `${url}?x=1`, C: `${url}0`, D: 'x' }, url)).toEqual(['A', 'B']);
  });
});

describe('expose ports and custom env files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-redis-'));
    process.env.PAAS_ROOT = root;
    fs.mkdirSync(serviceDir(redis, 'l'), { recursive: true });
  });
  afterEach(() => {
    delete process.env.PAAS_ROOT;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps exposed host ports in PORT and shows them as container->host', () => {
    expect(exposedPortsText(redis, 'l')).toBe('-');
    writeExposedPorts(redis, 'l', ['4242']);
    expect(fs.readFileSync(path.join(serviceDir(redis, 'l'), 'PORT'), 'utf8')).toBe('4242\n');
    expect(readExposedPorts(redis, 'l')).toEqual(['4242']);
    expect(exposedPortsText(redis, 'l')).toBe('6379->4242');
    writeExposedPorts(redis, 'l', []);
    expect(fs.existsSync(path.join(serviceDir(redis, 'l'), 'PORT'))).toBe(false);
  });

  it('parses --custom-env as ;-separated pairs and refuses anything else', () => {
    expect(parseCustomEnv('USER=alpha;HOST=beta')).toEqual(['USER=alpha', 'HOST=beta']);
    expect(parseCustomEnv('A=x=y; ')).toEqual(['A=x=y']);
    expect(() => parseCustomEnv('NOEQUALS')).toThrow(/Invalid --custom-env/);
    expect(() => parseCustomEnv('1A=b')).toThrow(/Invalid --custom-env/);
    writeCustomEnv(redis, 'l', ['A=1', 'B=2']);
    expect(readCustomEnv(redis, 'l')).toEqual(['A=1', 'B=2']);
    writeCustomEnv(redis, 'l', []);
    expect(readCustomEnv(redis, 'l')).toEqual([]);
  });

  it("answers a missing or impossible app name with Dokku's texts", () => {
    expect(() => requireServiceApp(undefined)).toThrow('Please specify an app to run the command on');
    expect(() => requireServiceApp('not_existing_app')).toThrow('App not_existing_app does not exist');
    expect(() => requireServiceApp('my-app')).toThrow('App my-app does not exist');
    expect(() => requireServiceApp('bad name!')).toThrow(/invalid/);
  });
});
