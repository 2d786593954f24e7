// Every path paas reads or writes is built here; nothing else looks at PAAS_ROOT.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaasError } from '../core/errors.js';

export const GLOBAL = '--global';

export function stateRoot(): string {
  return path.resolve(process.env.PAAS_ROOT || '/var/lib/paas');
}

export const paths = {
  root: () => stateRoot(),
  appsDir: () => path.join(stateRoot(), 'apps'),
  appDir: (app: string) => path.join(stateRoot(), 'apps', app),
  /** The app's environment, `export KEY='value'` lines, 0600. */
  appEnv: (app: string) => path.join(stateRoot(), 'apps', app, 'ENV'),
  globalEnv: () => path.join(stateRoot(), 'config', 'ENV'),
  /** props/NS/APP/KEY, or props/NS/--global/KEY for global settings. */
  propsDir: (ns: string, scope: string) => path.join(stateRoot(), 'props', ns, scope === GLOBAL ? '__global__' : scope),
  propsNamespace: (ns: string) => path.join(stateRoot(), 'props', ns),
  prop: (ns: string, scope: string, key: string) =>
    path.join(stateRoot(), 'props', ns, scope === GLOBAL ? '__global__' : scope, key),
  locksDir: () => path.join(stateRoot(), 'locks'),
  appLock: (app: string) => path.join(stateRoot(), 'locks', `app-${app}.lock`),
  namedLock: (name: string) => path.join(stateRoot(), 'locks', `${name}.lock`),
  reposDir: () => path.join(stateRoot(), 'repos'),
  repo: (app: string) => path.join(stateRoot(), 'repos', `${app}.git`),
  /** HOME for git:sync run by an admin: .netrc (git:auth), .ssh/ (deploy key, known_hosts). */
  gitHome: () => path.join(stateRoot(), 'git'),
  buildsDir: () => path.join(stateRoot(), 'builds'),
  buildDir: (app: string) => path.join(stateRoot(), 'builds', app),
  releasesDir: (app: string) => path.join(stateRoot(), 'apps', app, 'releases'),
  release: (app: string, n: number) => path.join(stateRoot(), 'apps', app, 'releases', `${n}.json`),
  /** The release being watched after routing (lib/deploy/watch.ts), while it is. */
  watchRecord: (app: string) => path.join(stateRoot(), 'apps', app, 'watch.json'),
  /** Records of the app's build and deploy runs (builds:list): ID.json and its output ID.log, 0600. */
  buildRecordsDir: (app: string) => path.join(stateRoot(), 'apps', app, 'builds'),
  buildRecord: (app: string, id: string) => path.join(stateRoot(), 'apps', app, 'builds', `${id}.json`),
  buildLog: (app: string, id: string) => path.join(stateRoot(), 'apps', app, 'builds', `${id}.log`),
  /** The id of the run in progress (Dokku's .deploy.lock content), while one is. */
  buildCurrent: (app: string) => path.join(stateRoot(), 'apps', app, 'builds', 'current'),
  retireDir: () => path.join(stateRoot(), 'retire'),
  sshDir: () => path.join(stateRoot(), 'ssh-keys'),
  sshKey: (name: string) => path.join(stateRoot(), 'ssh-keys', `${name}.pub`),
  nginxDir: () => path.join(stateRoot(), 'nginx'),
  nginxLive: () => path.join(stateRoot(), 'nginx', 'live'),
  nginxCandidate: () => path.join(stateRoot(), 'nginx', 'candidate'),
  nginxVhost: (app: string) => path.join(stateRoot(), 'nginx', 'live', `${app}.conf`),
  acmeChallengeDir: () => path.join(stateRoot(), 'acme-challenge'),
  certsDir: (app: string) => path.join(stateRoot(), 'apps', app, 'tls'),
  letsencryptDir: () => path.join(stateRoot(), 'letsencrypt'),
  /** The ACME account key (0600), made once and kept. */
  letsencryptAccountKey: () => path.join(stateRoot(), 'letsencrypt', 'account.key'),
  /** cron.d directory: /etc/cron.d, or PAAS_CRON_DIR so tests can use a temporary one. */
  cronDir: () => path.resolve(process.env.PAAS_CRON_DIR || '/etc/cron.d'),
  /** The renewal line written by `letsencrypt:cron-job --add`. */
  letsencryptCron: () => path.join(path.resolve(process.env.PAAS_CRON_DIR || '/etc/cron.d'), 'paas-letsencrypt'),
  storageDir: () => path.join(stateRoot(), 'storage'),
  /** services/KIND/NAME: credentials (0600), links and the bind-mounted data dir of a datastore service. */
  servicesDir: () => path.join(stateRoot(), 'services'),
  logsDir: () => path.join(stateRoot(), 'logs'),
  /** The last crontab paas rendered for the paas user (app.json cron tasks), kept for `cat`. */
  crontab: () => path.join(stateRoot(), 'cron', 'crontab'),
  /** The crontab(1) program; PAAS_CRONTAB_BIN lets tests put a fake in its place. */
  crontabBin: () => process.env.PAAS_CRONTAB_BIN || 'crontab',
  /** Output of an app's cron task runs (goes with the app dir on destroy and rename). */
  cronLog: (app: string) => path.join(stateRoot(), 'apps', app, 'cron.log'),
  /** The audit trail: one JSON line per state-changing command or push, appended (0600). */
  eventsLog: () => path.join(stateRoot(), 'events', 'events.log'),
};

/**
 * A directory that ships beside the code (nginx-templates/, build-templates/): found by walking up from
 * this file, lib/state (tests) or dist/lib/state (installed), to the first one that holds `marker`.
 */
export function codeDir(name: string, marker: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(path.join(candidate, marker))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new PaasError(`cannot find the ${name} directory next to the paas code`);
    dir = up;
  }
}
