import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  containerName,
  databaseName,
  imageRecipe,
  imageRef,
  KINDS,
  serviceHost,
  serviceUrl,
} from '../../../lib/services/kinds.js';
import {
  chooseLinkKey,
  envWithLink,
  envWithoutLink,
  LINK_COLORS,
  linkEnvKey,
  networksWith,
  urlWithQuery,
} from '../../../lib/services/link-plan.js';
import {
  listServices,
  newCredentials,
  readCredentials,
  readLinks,
  requireService,
  serviceDir,
  serviceExists,
  validatePassword,
  validateServiceName,
  writeCredentials,
  writeLinks,
} from '../../../lib/services/store.js';

const creds = { user: 'postgres', password: 'secret-pw', database: 'my_db' };

describe('kind definitions', () => {
  it('builds Dokku-style URLs on the service network alias', () => {
    expect(serviceUrl(KINDS.postgres, 'my-db', creds)).toBe(
      'postgres://postgres:secret-pw@paas-postgres-my-db:5432/my_db',
    );
    expect(serviceUrl(KINDS.mysql, 'shop', { user: 'mysql', password: 'p4ss', database: 'shop' })).toBe(
      'mysql://mysql:p4ss@paas-mysql-shop:3306/shop',
    );
    expect(serviceUrl(KINDS.redis, 'cache', { user: 'default', password: 'abc', database: 'cache' })).toBe(
      'redis://:abc@paas-redis-cache:6379',
    );
  });

  it('names containers, hosts, images and databases per kind', () => {
    expect(containerName(KINDS.redis, 'cache')).toBe('paas.redis.cache');
    expect(serviceHost(KINDS.mysql, 'shop')).toBe('paas-mysql-shop');
    expect(imageRef(KINDS.postgres)).toBe('paas/service-postgres:15');
    expect(imageRef(KINDS.redis)).toBe('paas/service-redis:7');
    expect(imageRef(KINDS.mysql)).toBe('paas/service-mysql:10.11');
    expect(databaseName('my-app-db')).toBe('my_app_db');
  });

  it('gives postgres a fast-shutdown stop signal and every kind a readiness probe', () => {
    expect(KINDS.postgres.stopSignal).toBe('SIGINT');
    for (const def of Object.values(KINDS)) {
      expect(def.probe.length).toBeGreaterThan(0);
      expect(def.dockerfile).toMatch(/^FROM paas\/debian:bookworm\n/);
      expect(def.entrypoint).toMatch(/^#!\/bin\/sh\nset -e\n/);
    }
  });

  it('starts postgres with TLS on a certificate made on first start, keeping plain connections', () => {
    const ep = KINDS.postgres.entrypoint;
    expect(KINDS.postgres.dockerfile).toMatch(/install -y .*\bopenssl\b/);
    // Made once, after initdb (which wants an empty dir), named after the host apps reach it by.
    expect(ep.indexOf('openssl req -new -x509')).toBeGreaterThan(ep.indexOf('initdb'));
    expect(ep).toContain('if [ ! -s "$D/server.crt" ] || [ ! -s "$D/server.key" ]; then');
    expect(ep).toContain('-subj "/CN=$cn" -addext "subjectAltName=DNS:$cn"');
    expect(ep).toContain('chmod 600 "$D/server.key.tmp"');
    expect(ep).toMatch(
      /postgres -D "\$D" \\\n {2}-c ssl=on -c ssl_cert_file="\$D\/server.crt" -c ssl_key_file="\$D\/server.key"\n$/,
    );
    // "host" (TLS or not), never "hostssl" only: clients that do not ask for TLS keep working.
    expect(ep).not.toContain('hostssl');
    expect(ep).toContain('echo "host all all 0.0.0.0/0 scram-sha-256"');
  });

  it('starts mysql with TLS on a certificate made on first start, outside any database directory', () => {
    const ep = KINDS.mysql.entrypoint;
    expect(KINDS.mysql.dockerfile).toMatch(/install -y .*\bopenssl\b/);
    expect(ep.indexOf('openssl req -new -x509')).toBeGreaterThan(ep.indexOf('mariadb-install-db'));
    expect(ep).toContain('if [ ! -s "$D/server-cert.pem" ] || [ ! -s "$D/server-key.pem" ]; then');
    expect(ep).toMatch(/--ssl-cert="\$D\/server-cert.pem" --ssl-key="\$D\/server-key.pem" "\$@"\n$/);
    expect(ep).not.toContain('require_secure_transport=ON');
  });

  it('gives each image recipe its own label value, so a changed recipe makes the image again', () => {
    const pg = imageRecipe(KINDS.postgres);
    expect(pg).toMatch(/^[0-9a-f]{16}$/);
    expect(imageRecipe(KINDS.postgres)).toBe(pg);
    expect(imageRecipe({ ...KINDS.postgres, entrypoint: `${KINDS.postgres.entrypoint}# changed\n` })).not.toBe(pg);
    expect(imageRecipe({ ...KINDS.postgres, dockerfile: `${KINDS.postgres.dockerfile}# changed\n` })).not.toBe(pg);
    expect(new Set(Object.values(KINDS).map(imageRecipe)).size).toBe(3);
  });

  it('hands credentials to the container by env', () => {
    expect(KINDS.postgres.containerEnv(creds)).toEqual(['POSTGRES_PASSWORD=secret-pw', 'POSTGRES_DB=my_db']);
    expect(KINDS.mysql.containerEnv(creds)).toEqual(['MYSQL_PASSWORD=secret-pw', 'MYSQL_DATABASE=my_db']);
  });
});

describe('link env key choice', () => {
  it('uses the kind default, or ALIAS_URL', () => {
    expect(linkEnvKey(KINDS.postgres)).toBe('DATABASE_URL');
    expect(linkEnvKey(KINDS.mysql)).toBe('DATABASE_URL');
    expect(linkEnvKey(KINDS.redis)).toBe('REDIS_URL');
    expect(linkEnvKey(KINDS.postgres, 'blue-database')).toBe('BLUE_DATABASE_URL');
    expect(linkEnvKey(KINDS.postgres, 'REPORTS_URL')).toBe('REPORTS_URL');
  });

  it('refuses aliases that are not env keys', () => {
    expect(() => linkEnvKey(KINDS.redis, '1bad')).toThrow(/Invalid env key/);
    expect(() => linkEnvKey(KINDS.redis, 'a b')).toThrow(/Invalid env key/);
    expect(() => linkEnvKey(KINDS.redis, '')).toThrow(/--alias needs a value/);
  });

  it('refuses to overwrite a variable set by someone else, and suggests --alias', () => {
    const env = { DATABASE_URL: 'postgres://other', A: '1' };
    expect(() => envWithLink(env, 'DATABASE_URL', 'postgres://mine', 'postgres service x')).toThrow(/--alias/);
    expect(envWithLink(env, 'X_URL', 'postgres://mine', 'x')).toEqual({ ...env, X_URL: 'postgres://mine' });
    expect(envWithLink(env, 'DATABASE_URL', 'postgres://other', 'x')).toEqual(env);
  });

  it('unlink removes every variable holding the URL (with or without a query) and nothing else', () => {
    const r = envWithoutLink({ DATABASE_URL: 'u', BLUE_URL: 'u?sslmode=require', OTHER: 'v', X: 'uv' }, 'u');
    expect(r.env).toEqual({ OTHER: 'v', X: 'uv' });
    expect(r.removed).toEqual(['DATABASE_URL', 'BLUE_URL']);
  });

  it("a second link under a taken DATABASE_URL gets DOKKU_<KIND>_<COLOR>_URL, as dokku-postgres's", () => {
    expect(chooseLinkKey(KINDS.postgres, {})).toBe('DATABASE_URL');
    expect(chooseLinkKey(KINDS.postgres, { DATABASE_URL: 'x' })).toBe('DOKKU_POSTGRES_AQUA_URL');
    expect(chooseLinkKey(KINDS.postgres, { DATABASE_URL: 'x', DOKKU_POSTGRES_AQUA_URL: 'y' })).toBe(
      'DOKKU_POSTGRES_BLACK_URL',
    );
    expect(chooseLinkKey(KINDS.redis, { REDIS_URL: 'x' })).toBe('DOKKU_REDIS_AQUA_URL');
    expect(chooseLinkKey(KINDS.mysql, { DATABASE_URL: 'x' })).toBe('DOKKU_MYSQL_AQUA_URL');
    const all = Object.fromEntries(
      ['DATABASE', ...LINK_COLORS.map((c) => `DOKKU_POSTGRES_${c}`)].map((k) => [`${k}_URL`, 'x']),
    );
    expect(() => chooseLinkKey(KINDS.postgres, all)).toThrow(/Unable to use default or generated URL alias/);
    expect(chooseLinkKey(KINDS.postgres, { DATABASE_URL: 'x' }, 'reports')).toBe('REPORTS_URL');
    expect(() => chooseLinkKey(KINDS.postgres, { REPORTS_URL: 'x' }, 'reports')).toThrow(
      /Specified alias REPORTS already in use/,
    );
  });

  it('--querystring is appended to the URL', () => {
    expect(urlWithQuery('postgres://h/db', 'sslmode=require')).toBe('postgres://h/db?sslmode=require');
    expect(urlWithQuery('postgres://h/db', '?a=1&b=2')).toBe('postgres://h/db?a=1&b=2');
    expect(urlWithQuery('postgres://h/db', undefined)).toBe('postgres://h/db');
    expect(() => urlWithQuery('postgres://h/db', 'a=1 b')).toThrow(/Invalid --querystring/);
  });

  it('adds and removes the services network, keeping others in order', () => {
    expect(networksWith(['a', 'b'], 'paas-services', true)).toEqual(['a', 'b', 'paas-services']);
    expect(networksWith(['paas-services', 'a'], 'paas-services', true)).toEqual(['a', 'paas-services']);
    expect(networksWith(['a', 'paas-services', 'b'], 'paas-services', false)).toEqual(['a', 'b']);
  });
});

describe('service store', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-svc-'));
    process.env.PAAS_ROOT = root;
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('validates service names and passwords', () => {
    expect(validateServiceName('my-db1')).toBe('my-db1');
    expect(validateServiceName('my_db')).toBe('my_db');
    expect(serviceHost(KINDS.postgres, 'my_db')).toBe('paas-postgres-my-db');
    expect(() => validateServiceName('My_DB')).toThrow(/invalid/);
    expect(() => validateServiceName('_x')).toThrow(/invalid/);
    expect(() => validateServiceName('-x')).toThrow(/invalid/);
    expect(() => validateServiceName('../etc')).toThrow(/invalid/);
    expect(() => validateServiceName(undefined)).toThrow(/specify a service name/);
    expect(validatePassword('Abc_123.~-x')).toBe('Abc_123.~-x');
    expect(() => validatePassword('short')).toThrow(/Invalid --password/);
    expect(() => validatePassword("it's;bad-pw")).toThrow(/Invalid --password/);
  });

  it('generates credentials and writes them 0600; a service exists once PASSWORD does', () => {
    const def = KINDS.postgres;
    const c = newCredentials(def, 'my-db');
    expect(c.password).toMatch(/^[0-9a-f]{32}$/);
    expect(c.database).toBe('my_db');
    expect(serviceExists(def, 'my-db')).toBe(false);
    expect(() => requireService(def, 'my-db')).toThrow(/postgres service my-db does not exist/);
    writeCredentials(def, 'my-db', c);
    expect(serviceExists(def, 'my-db')).toBe(true);
    expect(readCredentials(def, 'my-db')).toEqual(c);
    expect(fs.statSync(path.join(serviceDir(def, 'my-db'), 'PASSWORD')).mode & 0o777).toBe(0o600);
    expect(serviceDir(def, 'my-db')).toBe(path.join(root, 'services', 'postgres', 'my-db'));
    expect(listServices(def)).toEqual(['my-db']);
    expect(listServices(KINDS.redis)).toEqual([]);
  });

  it('keeps links one app per line, sorted and unique', () => {
    const def = KINDS.redis;
    writeCredentials(def, 'cache', newCredentials(def, 'cache'));
    expect(readLinks(def, 'cache')).toEqual([]);
    writeLinks(def, 'cache', ['web', 'api', 'web']);
    expect(fs.readFileSync(path.join(serviceDir(def, 'cache'), 'links'), 'utf8')).toBe('api\nweb\n');
    expect(readLinks(def, 'cache')).toEqual(['api', 'web']);
  });
});
