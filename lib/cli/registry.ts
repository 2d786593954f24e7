// Every namespace of the `paas` command and the module that holds its commands. Modules load lazily,
// so `paas config:get` only loads the config code and starts fast.
import { CommandSpec } from './command.js';

type Loader = () => Promise<{ commands: CommandSpec[] }>;

/** `listed`: the line `paas help` shows, where Dokku's list words it unlike the namespace's own help. */
export const namespaces: Record<string, { summary: string; listed?: string; load: Loader }> = {
  apps: { summary: 'Manage apps', load: () => import('../apps/commands.js') },
  config: { summary: 'Manage global and app-specific config vars', load: () => import('../config/commands.js') },
  'ssh-keys': {
    summary: 'Manage public ssh keys used for deployment',
    load: () => import('../ssh/commands.js'),
  },
  'app-json': { summary: 'Manage app-json settings', load: () => import('../app-json/commands.js') },
  git: { summary: 'Manage app deploys via git', load: () => import('../git/commands.js') },
  builds: { summary: 'Manage running and historical builds', load: () => import('../builds/commands.js') },
  builder: { summary: 'Choose how apps are built', load: () => import('../build/commands.js') },
  'builder-dockerfile': {
    summary: 'Dockerfile builder settings',
    load: () => import('../build/dockerfile-commands.js'),
  },
  buildpacks: {
    summary: 'Manage buildpacks settings for an app',
    listed: 'Manage buildpack settings for an app',
    load: () => import('../buildpacks/commands.js'),
  },
  scheduler: {
    summary: 'Manage scheduler settings for an app',
    load: () => import('../scheduler/scheduler-commands.js'),
  },
  'scheduler-docker-local': {
    summary: 'Manage the docker-local scheduler integration for an app',
    load: () => import('../scheduler/commands.js'),
  },
  repo: { summary: "Manage the app's repo", load: () => import('../repo/commands.js') },
  ps: { summary: 'Manage app processes', load: () => import('../ps/commands.js') },
  releases: { summary: 'List releases and roll back', load: () => import('../release/commands.js') },
  checks: { summary: 'Manage zero-downtime settings', load: () => import('../checks/commands.js') },
  domains: { summary: 'Manage domains used by the proxy', load: () => import('../domains/commands.js') },
  ports: { summary: 'Manage ports for an app', load: () => import('../ports/commands.js') },
  nginx: { summary: 'Manage the nginx proxy', load: () => import('../nginx/commands.js') },
  proxy: { summary: 'Manage the proxy integration for an app', load: () => import('../proxy/commands.js') },
  certs: { summary: 'Manage SSL (TLS) certs', load: () => import('../certs/commands.js') },
  letsencrypt: {
    summary: "Let's Encrypt certificates with automatic renewal",
    load: () => import('../certs/letsencrypt-commands.js'),
  },
  storage: { summary: 'Manage mounted volumes', load: () => import('../storage/commands.js') },
  'docker-options': {
    summary: 'Manage docker options for an app',
    load: () => import('../docker-options/commands.js'),
  },
  resource: { summary: 'Manage resource settings for an app', load: () => import('../resource/commands.js') },
  network: { summary: 'Manage network settings for an app', load: () => import('../network/commands.js') },
  postgres: {
    summary: 'PostgreSQL services linked to apps by DATABASE_URL',
    load: () => import('../services/postgres-commands.js'),
  },
  redis: { summary: 'Redis services linked to apps by REDIS_URL', load: () => import('../services/redis-commands.js') },
  mysql: {
    summary: 'MySQL (MariaDB) services linked to apps by DATABASE_URL',
    load: () => import('../services/mysql-commands.js'),
  },
  cron: { summary: 'Manage scheduled cron tasks', load: () => import('../cron/commands.js') },
  logs: {
    summary: 'Manage log integration for an app: its logs and the output of failed deploys',
    load: () => import('../logs/commands.js'),
  },
  run: { summary: 'Run a one-off process inside a container', load: () => import('../run/commands.js') },
  enter: { summary: 'Run a command in a running container', load: () => import('../run/enter-commands.js') },
  acl: { summary: 'Which user keys may use an app', load: () => import('../acl/commands.js') },
  deploy: { summary: 'Deploy keys: keys that may only git push to an app', load: () => import('../acl/commands.js') },
  events: {
    summary: 'Manage event logging: the audit trail of changes and pushes',
    load: () => import('../events/commands.js'),
  },
  trace: { summary: 'Manage trace mode', load: () => import('../trace/commands.js') },
  cleanup: {
    summary: 'Cleans up exited/dead Docker containers and removes dangling images',
    load: () => import('../cleanup/commands.js'),
  },
  url: { summary: "Show an app's first URL", load: () => import('../urls/commands.js') },
  urls: { summary: "Show all of an app's URLs", load: () => import('../urls/commands.js') },
  report: {
    summary: "The host's vitals and an app's reports, for bug reports",
    load: () => import('../report/commands.js'),
  },
};

export function namespaceOf(command: string): string {
  const i = command.indexOf(':');
  return i === -1 ? command : command.slice(0, i);
}

export async function loadNamespace(ns: string): Promise<CommandSpec[] | undefined> {
  const entry = namespaces[ns];
  if (!entry) return undefined;
  try {
    return (await entry.load()).commands.filter((c) => namespaceOf(c.name) === ns);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes(`/lib/`)) return [];
    throw e;
  }
}
