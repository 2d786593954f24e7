// Creating a service and describing it (create, clone and info share these).
import { PaasError } from '../core/errors.js';
import { heading, step } from '../core/log.js';
import { appExists } from '../apps/store.js';
import { containerName, imageRef, KindDefinition } from './kinds.js';
import { lockService, urlOf } from './link.js';
import {
  inspectServiceContainer,
  removeServiceContainer,
  removeServiceFiles,
  startServiceContainer,
} from './runtime.js';
import {
  newCredentials,
  readExposedPorts,
  readLinks,
  serviceDataDir,
  serviceDir,
  serviceExists,
  validateServiceName,
  writeCredentials,
  writeCustomEnv,
} from './store.js';

export const INFO_FLAGS = [
  'config-dir',
  'data-dir',
  'dsn',
  'exposed-ports',
  'id',
  'internal-ip',
  'links',
  'service-root',
  'status',
  'version',
];

/** Links to apps that were destroyed since do not count. */
export function liveLinks(def: KindDefinition, name: string): string[] {
  return readLinks(def, name).filter(appExists);
}

/** dokku-redis's service_exposed_ports: `6379->4242`, or `-`. */
export function exposedPortsText(def: KindDefinition, name: string): string {
  const ports = readExposedPorts(def, name);
  return ports.length ? ports.map((p) => `${def.port}->${p}`).join(' ') : '-';
}

export async function createService(
  def: KindDefinition,
  nameArg: string | undefined,
  opts: { password?: string; customEnv?: string[] },
): Promise<string> {
  const name = validateServiceName(nameArg);
  await lockService(def, name, async () => {
    if (serviceExists(def, name)) throw new PaasError(`${def.kind} service ${name} already exists`);
    if (await inspectServiceContainer(def, name))
      throw new PaasError(`A container named ${containerName(def, name)} already exists; remove it first`);
    const creds = newCredentials(def, name, opts.password);
    step(`Starting container`);
    try {
      writeCredentials(def, name, creds);
      writeCustomEnv(def, name, opts.customEnv ?? []);
      await startServiceContainer(def, name, creds);
    } catch (e) {
      // A create that failed leaves nothing behind: no half service to destroy by hand.
      await removeServiceContainer(def, name).catch(() => undefined);
      await removeServiceFiles(def, name).catch(() => undefined);
      throw e;
    }
    heading(`${def.title} container created: ${name}`);
  });
  return name;
}

export async function infoRows(def: KindDefinition, name: string): Promise<{ key: string; value: string }[]> {
  const c = await inspectServiceContainer(def, name);
  const links = liveLinks(def, name);
  return [
    { key: 'config-dir', value: serviceDir(def, name) },
    { key: 'data-dir', value: serviceDataDir(def, name) },
    { key: 'dsn', value: urlOf(def, name) },
    { key: 'exposed-ports', value: exposedPortsText(def, name) },
    { key: 'id', value: c?.id ?? '' },
    { key: 'internal-ip', value: c?.ip ?? '' },
    { key: 'links', value: links.length ? links.join(' ') : '-' },
    { key: 'service-root', value: serviceDir(def, name) },
    { key: 'status', value: c ? c.status : 'missing' },
    { key: 'version', value: imageRef(def) },
  ];
}
