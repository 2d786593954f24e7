// Putting app containers on networks: initial-network at creation, attach-post-create before start,
// attach-post-deploy once the deploy is live. Each container answers to APP.PROC on those networks.
import type { CreateOptions } from '../docker/merge.js';
import { PaasError } from '../core/errors.js';
import { docker, isNotFound } from '../docker/client.js';
import { LABEL } from '../docker/containers.js';
import { webContainerPort } from '../ports/store.js';
import { attachNetworkNames, BUILTIN_NETWORKS, computedNetworkSetting, networkAliases } from './settings.js';

/**
 * Create-options fragment: NetworkMode from initial-network (with the APP.PROC alias when the process
 * type is given), and for web containers with bind-all-interfaces, the web port published on every
 * interface (docker picks the host port) as Dokku does.
 */
export function networkCreateOptions(app: string, processType?: string): Partial<CreateOptions> {
  const out: Partial<CreateOptions> = {};
  const initial = computedNetworkSetting(app, 'initial-network');
  if (initial) {
    out.HostConfig = { NetworkMode: initial };
    if (processType && !BUILTIN_NETWORKS.includes(initial))
      out.NetworkingConfig = { EndpointsConfig: { [initial]: { Aliases: networkAliases(app, processType) } } };
  }
  if (processType === 'web' && computedNetworkSetting(app, 'bind-all-interfaces') === 'true') {
    const key = `${webContainerPort(app)}/tcp`;
    out.ExposedPorts = { [key]: {} };
    out.HostConfig = { ...(out.HostConfig ?? {}), PortBindings: { [key]: [{ HostIp: '', HostPort: '' }] } };
  }
  return out;
}

async function requireNetwork(name: string): Promise<void> {
  try {
    await docker().getNetwork(name).inspect();
  } catch (e) {
    if (isNotFound(e))
      throw new PaasError(`Network ${name} does not exist (create it with: paas network:create ${name})`);
    throw e;
  }
}

/**
 * Connect a container to the app's attach-post-create or attach-post-deploy networks (skipping those it
 * is on already). post-create also gives a container created without its process type its alias on the
 * initial network (possible only before it starts).
 */
export async function attachNetworks(
  app: string,
  containerId: string,
  when: 'post-create' | 'post-deploy',
): Promise<void> {
  const names = attachNetworkNames(app, when);
  const initial = computedNetworkSetting(app, 'initial-network');
  const fixInitial = when === 'post-create' && initial && !BUILTIN_NETWORKS.includes(initial);
  if (names.length === 0 && !fixInitial) return;
  const container = docker().getContainer(containerId);
  const info = await container.inspect();
  const proc = info.Config.Labels?.[LABEL.process] || 'web';
  const aliases = networkAliases(app, proc);
  const joined = info.NetworkSettings.Networks ?? {};
  if (fixInitial && !info.State.Running) {
    const ep = joined[initial];
    if (ep && !aliases.every((a) => (ep.Aliases ?? []).includes(a))) {
      const net = docker().getNetwork(initial);
      await net.disconnect({ Container: containerId, Force: true });
      await net.connect({ Container: containerId, EndpointConfig: { Aliases: aliases } });
    }
  }
  for (const name of names) {
    if (joined[name]) continue;
    await requireNetwork(name);
    await docker()
      .getNetwork(name)
      .connect({ Container: containerId, EndpointConfig: { Aliases: aliases } });
  }
}
