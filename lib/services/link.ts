// Linking a service to an app: the URL in the app's env, the app's containers on the paas-services
// network (attach-post-create), the app in the service's links file, then a restart of the app.
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { requireApp, withAppLock } from '../apps/store.js';
import { restartForConfig } from '../lifecycle/apps.js';
import { updateEnv } from '../config/change.js';
import { readEnv } from '../config/env-file.js';
import { computedNetworkSetting, writeNetworkSetting } from '../network/settings.js';
import { withLock } from '../state/lock.js';
import { KINDS, KindDefinition, SERVICE_KINDS, serviceUrl } from './kinds.js';
import { chooseLinkKey, envWithLink, envWithoutLink, linkEnvKey, networksWith, urlWithQuery } from './link-plan.js';
import { SERVICES_NETWORK } from './runtime.js';
import { listServices, readCredentials, readLinks, requireService, serviceLock, writeLinks } from './store.js';

function lockService<T>(def: KindDefinition, name: string, fn: () => Promise<T>): Promise<T> {
  return withLock(serviceLock(def, name), { what: `${def.kind} service ${name}` }, fn);
}

export function urlOf(def: KindDefinition, name: string): string {
  return serviceUrl(def, name, readCredentials(def, name));
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
  const app = requireApp(appArg);
  if (opts.alias !== undefined) linkEnvKey(def, opts.alias); // a bad alias is a usage error before any lock
  const url = urlWithQuery(urlOf(def, name), opts.querystring);
  await lockService(def, name, () =>
    withAppLock(app, async () => {
      if (readLinks(def, name).includes(app)) {
        const base = urlOf(def, name);
        const held = Object.entries(readEnv(app)).find(([, v]) => v === base || v.startsWith(`${base}?`));
        throw new PaasError(held ? `Already linked as ${held[0]}` : `Already linked to ${app}`);
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
      if (opts.restart) await restartForConfig(app);
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
  const app = requireApp(appArg);
  await lockService(def, name, () =>
    withAppLock(app, async () => {
      if (!readLinks(def, name).includes(app)) throw new PaasError(`Not linked to app ${app}`);
      const url = urlOf(def, name);
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
      if (opts.restart) await restartForConfig(app);
    }),
  );
}

export { lockService };
