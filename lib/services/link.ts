// Linking a service to an app: the URL in the app's env, the app's containers on the paas-services
// network (attach-post-create), the app in the service's links file, then a restart of the app.
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { withAppLock } from '../apps/store.js';
import { restartForConfig } from '../lifecycle/apps.js';
import { updateEnv } from '../config/change.js';
import { readEnv } from '../config/env-file.js';
import { computedNetworkSetting, writeNetworkSetting } from '../network/settings.js';
import { withLock } from '../state/lock.js';
import { KINDS, KindDefinition, SERVICE_KINDS, serviceUrl } from './kinds.js';
import {
  appScheme,
  chooseLinkKey,
  envWithLink,
  envWithoutLink,
  keysHoldingUrl,
  linkEnvKey,
  networksWith,
  promotePlan,
  urlWithQuery,
} from './link-plan.js';
import { SERVICES_NETWORK } from './runtime.js';
import {
  listServices,
  readCredentials,
  readLinks,
  requireService,
  requireServiceApp,
  serviceLock,
  writeLinks,
} from './store.js';

function lockService<T>(def: KindDefinition, name: string, fn: () => Promise<T>): Promise<T> {
  return withLock(serviceLock(def, name), { what: `${def.kind} service ${name}` }, fn);
}

export function urlOf(def: KindDefinition, name: string, scheme?: string): string {
  return serviceUrl(def, name, readCredentials(def, name), scheme);
}

/** The URL as this app sees it (its REDIS_DATABASE_SCHEME, if any). */
function appUrlOf(def: KindDefinition, name: string, app: string): string {
  return urlOf(def, name, appScheme(def, readEnv(app)));
}

/** Dokku prints this line when --no-restart leaves the app as it is. */
async function restartOrSkip(app: string, restart: boolean): Promise<void> {
  if (restart) await restartForConfig(app);
  else info('Skipping restart of linked app');
}

function appAttachNetworks(app: string): string[] {
  return computedNetworkSetting(app, 'attach-post-create').split(/\s+/).filter(Boolean);
}

/** Is the app linked to any service of any kind (other than the one given)? */
function appLinkedElsewhere(app: string, except: { def: KindDefinition; name: string }): boolean {
  for (const kind of SERVICE_KINDS) {
    const def = KINDS[kind];
    for (const s of listServices(def)) {
      if (def === except.def && s === except.name) continue;
      if (readLinks(def, s).includes(app)) return true;
    }
  }
  return false;
}

export async function linkService(
  def: KindDefinition,
  nameArg: string,
  appArg: string,
  opts: { alias?: string; querystring?: string; restart: boolean },
): Promise<void> {
  const name = requireService(def, nameArg);
  const app = requireServiceApp(appArg);
  if (opts.alias !== undefined) linkEnvKey(def, opts.alias); // a bad alias is a usage error before any lock
  urlWithQuery('', opts.querystring); // likewise a bad query
  await lockService(def, name, () =>
    withAppLock(app, async () => {
      const base = appUrlOf(def, name, app);
      const url = urlWithQuery(base, opts.querystring);
      if (readLinks(def, name).includes(app)) {
        const held = keysHoldingUrl(readEnv(app), base)[0];
        throw new PaasError(held ? `Already linked as ${held}` : `Already linked to ${app}`);
      }
      step(`Setting config vars`);
      let key = '';
      updateEnv(app, (env) => {
        key = chooseLinkKey(def, env, opts.alias);
        return envWithLink(env, key, url, `${def.kind} service ${name}`);
      });
      info(`${key}:  ${url.replace(/:[^:@/]*@/, ':********@')}`);
      const nets = appAttachNetworks(app);
      if (!nets.includes(SERVICES_NETWORK))
        writeNetworkSetting(app, 'attach-post-create', networksWith(nets, SERVICES_NETWORK, true).join(' '));
      writeLinks(def, name, [...readLinks(def, name), app]);
      await restartOrSkip(app, opts.restart);
    }),
  );
}

export async function unlinkService(
  def: KindDefinition,
  nameArg: string,
  appArg: string,
  opts: { restart: boolean },
): Promise<void> {
  const name = requireService(def, nameArg);
  const app = requireServiceApp(appArg);
  await lockService(def, name, () =>
    withAppLock(app, async () => {
      if (!readLinks(def, name).includes(app)) throw new PaasError(`Not linked to app ${app}`);
      const url = appUrlOf(def, name, app);
      step(`Unsetting config vars`);
      let removed: string[] = [];
      updateEnv(app, (env) => {
        const r = envWithoutLink(env, url);
        removed = r.removed;
        return r.env;
      });
      if (removed.length) info(`Removed ${removed.join(', ')}`);
      writeLinks(
        def,
        name,
        readLinks(def, name).filter((a) => a !== app),
      );
      if (!appLinkedElsewhere(app, { def, name })) {
        const nets = appAttachNetworks(app);
        if (nets.includes(SERVICES_NETWORK))
          writeNetworkSetting(app, 'attach-post-create', networksWith(nets, SERVICES_NETWORK, false).join(' '));
      }
      await restartOrSkip(app, opts.restart);
    }),
  );
}

/** Make the service's URL the app's DATABASE_URL / REDIS_URL (dokku-redis's promote). */
export async function promoteService(
  def: KindDefinition,
  nameArg: string,
  appArg: string,
  opts: { restart: boolean },
): Promise<void> {
  const name = requireService(def, nameArg);
  const app = requireServiceApp(appArg);
  await withAppLock(app, async () => {
    let set: Record<string, string> = {};
    updateEnv(app, (env) => {
      set = promotePlan(def, env, urlOf(def, name, appScheme(def, env)), name, app);
      return { ...env, ...set };
    });
    step(`Setting config vars`);
    for (const [k, v] of Object.entries(set)) info(`${k}:  ${v.replace(/:[^:@/]*@/, ':********@')}`);
    await restartOrSkip(app, opts.restart);
  });
}

export { lockService };
