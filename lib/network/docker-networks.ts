// Docker networks themselves: create, destroy, inspect, list.
import { PaasError, UsageError } from '../core/errors.js';
import { docker, isNotFound } from '../docker/client.js';
import { validateName } from '../state/validate.js';
import { BUILTIN_NETWORKS } from './settings.js';

export interface NetworkInfo {
  name: string;
  id: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  subnets: string[];
  gateways: string[];
  containers: string[];
  created: string;
}

export async function networkExists(name: string): Promise<boolean> {
  return (await inspectNetwork(name)) !== undefined;
}

export async function inspectNetwork(name: string): Promise<NetworkInfo | undefined> {
  try {
    const n = await docker().getNetwork(name).inspect();
    // Docker also matches ids and id prefixes; only an exact name counts here.
    if (n.Name !== name) return undefined;
    const ipam = (n.IPAM?.Config ?? []) as { Subnet?: string; Gateway?: string }[];
    return {
      name: n.Name,
      id: n.Id,
      driver: n.Driver,
      scope: n.Scope,
      internal: !!n.Internal,
      attachable: !!n.Attachable,
      subnets: ipam.map((c) => c.Subnet ?? '').filter(Boolean),
      gateways: ipam.map((c) => c.Gateway ?? '').filter(Boolean),
      containers: Object.values((n.Containers ?? {}) as Record<string, { Name: string }>)
        .map((c) => c.Name)
        .sort(),
      created: n.Created,
    };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The label network:create puts on the networks it makes (so they can be told from docker's own). */
export const MANAGED_LABEL = 'paas.network';

/** One network as Dokku's `network:list --format json` prints it (docker's fields plus DokkuManaged). */
export interface NetworkListEntry {
  CreatedAt: string;
  DokkuManaged: boolean;
  Driver: string;
  ID: string;
  Internal: boolean;
  IPv6: boolean;
  Labels: Record<string, string>;
  Name: string;
  Scope: string;
}

interface DockerNetworkSummary {
  Name: string;
  Id: string;
  Created?: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  EnableIPv6?: boolean;
  Labels?: Record<string, string> | null;
}

export function toListEntry(n: DockerNetworkSummary): NetworkListEntry {
  const labels = n.Labels ?? {};
  return {
    CreatedAt: n.Created ?? '',
    DokkuManaged: Object.prototype.hasOwnProperty.call(labels, MANAGED_LABEL),
    Driver: n.Driver ?? '',
    ID: (n.Id ?? '').slice(0, 12),
    Internal: !!n.Internal,
    IPv6: !!n.EnableIPv6,
    Labels: labels,
    Name: n.Name,
    Scope: n.Scope ?? '',
  };
}

/** Every docker network, sorted by name. */
export async function listNetworks(): Promise<NetworkListEntry[]> {
  const all = (await docker().listNetworks()) as DockerNetworkSummary[];
  return all.map(toListEntry).sort((a, b) => a.Name.localeCompare(b.Name));
}

export async function requireNetworks(names: string[]): Promise<void> {
  for (const n of names) {
    if (BUILTIN_NETWORKS.includes(n)) continue;
    if (!(await networkExists(n)))
      throw new PaasError(`Network ${n} does not exist (create it with: paas network:create ${n})`);
  }
}

export async function createNetwork(name: string): Promise<void> {
  validateName('network name', name);
  if (BUILTIN_NETWORKS.includes(name)) throw new UsageError(`Network name ${name} is reserved by docker`);
  if (await networkExists(name)) throw new PaasError(`Network ${name} already exists`);
  await docker().createNetwork({
    Name: name,
    Driver: 'bridge',
    Attachable: true,
    CheckDuplicate: true,
    Labels: { [MANAGED_LABEL]: name },
  });
}

export async function destroyNetwork(name: string): Promise<void> {
  if (BUILTIN_NETWORKS.includes(name)) throw new UsageError(`Network ${name} is docker's own and cannot be destroyed`);
  const info = await inspectNetwork(name);
  if (!info) throw new PaasError(`Network ${name} does not exist`);
  if (info.containers.length)
    throw new PaasError(
      `Network ${name} is in use by container(s) ${info.containers.join(', ')}; detach or stop them first`,
    );
  await docker().getNetwork(name).remove();
}
