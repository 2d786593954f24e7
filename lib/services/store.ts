// A service's state on disk: services/KIND/NAME/{USER,PASSWORD,DATABASE_NAME,links,data/}. Plain files,
// credentials 0600; `links` holds one linked app per line.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PaasError, UsageError } from '../core/errors.js';
import { ensureDir, readFileOr, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';
import { appExists, requireApp } from '../apps/store.js';
import { databaseName, defaultUser, KindDefinition, ServiceCredentials } from './kinds.js';

/** Dokku's service plugins accept underscores too (`my_db`); the host name maps them to dashes. */
const NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
/** Characters that need no escaping in a URL, a shell word or an SQL string. */
const PASSWORD_RE = /^[A-Za-z0-9_.~-]{8,128}$/;

export function validateServiceName(name: string | undefined): string {
  if (!name) throw new UsageError('Please specify a service name');
  if (name.length > 48)
    throw new UsageError(`Service name ${JSON.stringify(name.slice(0, 60))} is too long (at most 48 characters)`);
  if (!NAME_RE.test(name))
    throw new UsageError(
      `Service name ${JSON.stringify(name)} is invalid: use lowercase letters, digits, dashes and underscores, starting with a letter or digit`,
    );
  return name;
}

export function validatePassword(p: string): string {
  if (!PASSWORD_RE.test(p))
    throw new UsageError('Invalid --password: use 8 to 128 letters, digits, dots, dashes, underscores or tildes');
  return p;
}

function generatePassword(): string {
  return crypto.randomBytes(16).toString('hex');
}

function kindDir(def: KindDefinition): string {
  return path.join(paths.servicesDir(), def.kind);
}

export function serviceDir(def: KindDefinition, name: string): string {
  return path.join(kindDir(def), name);
}

export function serviceDataDir(def: KindDefinition, name: string): string {
  return path.join(serviceDir(def, name), 'data');
}

export function serviceLock(def: KindDefinition, name: string): string {
  return paths.namedLock(`service-${def.kind}-${name}`);
}

export function serviceExists(def: KindDefinition, name: string): boolean {
  return fs.existsSync(path.join(serviceDir(def, name), 'PASSWORD'));
}

export function requireService(def: KindDefinition, name: string | undefined): string {
  const n = validateServiceName(name);
  if (!serviceExists(def, n)) throw new PaasError(`${def.kind} service ${n} does not exist`);
  return n;
}

export function listServices(def: KindDefinition): string[] {
  try {
    return fs
      .readdirSync(kindDir(def), { withFileTypes: true })
      .filter((d) => d.isDirectory() && NAME_RE.test(d.name) && serviceExists(def, d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export function newCredentials(def: KindDefinition, name: string, password?: string): ServiceCredentials {
  return { user: defaultUser(def), password: password ?? generatePassword(), database: databaseName(name) };
}

/** PASSWORD is written last: a service exists once its PASSWORD file does. */
export function writeCredentials(def: KindDefinition, name: string, c: ServiceCredentials): void {
  const dir = serviceDir(def, name);
  ensureDir(dir, 0o700);
  fs.chmodSync(dir, 0o700);
  writeFileAtomic(path.join(dir, 'USER'), c.user + '\n', 0o600);
  writeFileAtomic(path.join(dir, 'DATABASE_NAME'), c.database + '\n', 0o600);
  writeFileAtomic(path.join(dir, 'PASSWORD'), c.password + '\n', 0o600);
}

export function readCredentials(def: KindDefinition, name: string): ServiceCredentials {
  const dir = serviceDir(def, name);
  const read = (f: string, fallback: string) => readFileOr(path.join(dir, f), fallback).trim() || fallback;
  return {
    user: read('USER', defaultUser(def)),
    password: read('PASSWORD', ''),
    database: read('DATABASE_NAME', databaseName(name)),
  };
}

export function readLinks(def: KindDefinition, name: string): string[] {
  return readFileOr(path.join(serviceDir(def, name), 'links'), '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function writeLinks(def: KindDefinition, name: string, apps: string[]): void {
  const uniq = [...new Set(apps)].sort();
  writeFileAtomic(path.join(serviceDir(def, name), 'links'), uniq.map((a) => a + '\n').join(''), 0o600);
}

function portFile(def: KindDefinition, name: string): string {
  return path.join(serviceDir(def, name), 'PORT');
}

/** The host ports the service is exposed on (dokku-redis's PORT file: space-separated, one per datastore port). */
export function readExposedPorts(def: KindDefinition, name: string): string[] {
  return readFileOr(portFile(def, name), '').split(/\s+/).filter(Boolean);
}

export function writeExposedPorts(def: KindDefinition, name: string, ports: string[]): void {
  if (ports.length === 0) fs.rmSync(portFile(def, name), { force: true });
  else writeFileAtomic(portFile(def, name), ports.join(' ') + '\n', 0o600);
}

/** The container's id, as dokku-redis keeps it in ID (people `docker exec $(cat ID)`). */
export function writeContainerId(def: KindDefinition, name: string, id: string): void {
  writeFileAtomic(path.join(serviceDir(def, name), 'ID'), id + '\n', 0o600);
}

/** `--custom-env "A=1;B=2"`: extra container env, kept in ENV one pair a line. */
export function parseCustomEnv(spec: string): string[] {
  const pairs = spec
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.slice(0, eq)) || /[\n\r\0]/.test(p))
      throw new UsageError(`Invalid --custom-env ${JSON.stringify(p)}: use KEY=VALUE pairs separated by ";"`);
  }
  return pairs;
}

export function readCustomEnv(def: KindDefinition, name: string): string[] {
  return readFileOr(path.join(serviceDir(def, name), 'ENV'), '')
    .split('\n')
    .filter((l) => l.includes('='));
}

export function writeCustomEnv(def: KindDefinition, name: string, pairs: string[]): void {
  const f = path.join(serviceDir(def, name), 'ENV');
  if (pairs.length === 0) fs.rmSync(f, { force: true });
  else writeFileAtomic(f, pairs.map((p) => p + '\n').join(''), 0o600);
}

/**
 * The app a service command acts on. A name that cannot be an app gets Dokku's "App X does not exist"
 * (what dokku-redis's scripts see), not the app-name rules.
 */
export function requireServiceApp(app: string | undefined): string {
  if (!app) throw new UsageError('Please specify an app to run the command on');
  if (/^[A-Za-z0-9_.-]{1,100}$/.test(app) && !appExists(app)) throw new PaasError(`App ${app} does not exist`);
  return requireApp(app);
}
