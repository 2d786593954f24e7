// Container options come from several places (the release, storage, docker-options, resource limits,
// networks). Each contributes a fragment of dockerode's create options; this merges them in order.
import type { ContainerCreateOptions, HostConfig } from 'dockerode';

export type CreateOptions = ContainerCreateOptions;

const concatKeys = [
  'Binds',
  'CapAdd',
  'CapDrop',
  'Devices',
  'ExtraHosts',
  'Ulimits',
  'Mounts',
  'Dns',
  'SecurityOpt',
  'Links',
] as const;
const mergeKeys = ['PortBindings', 'Sysctls', 'LogConfig'] as const;

function mergeHostConfig(a: HostConfig = {}, b: HostConfig = {}): HostConfig {
  const out: Record<string, unknown> = { ...a, ...b };
  for (const k of concatKeys) {
    const av = (a as Record<string, unknown>)[k] as unknown[] | undefined;
    const bv = (b as Record<string, unknown>)[k] as unknown[] | undefined;
    if (av || bv) out[k] = [...(av ?? []), ...(bv ?? [])];
  }
  for (const k of mergeKeys) {
    const av = (a as Record<string, unknown>)[k] as object | undefined;
    const bv = (b as Record<string, unknown>)[k] as object | undefined;
    if (av || bv) out[k] = { ...(av ?? {}), ...(bv ?? {}) };
  }
  return out as HostConfig;
}

/** Later fragments win for scalars; lists are concatenated; maps are merged. Env keys: later wins. */
export function mergeCreateOptions(...parts: Partial<CreateOptions>[]): CreateOptions {
  let out: CreateOptions = {};
  for (const p of parts) {
    const env = new Map<string, string>();
    for (const e of [...(out.Env ?? []), ...(p.Env ?? [])]) env.set(e.split('=')[0], e);
    out = {
      ...out,
      ...p,
      Env: env.size ? [...env.values()] : undefined,
      Labels: out.Labels || p.Labels ? { ...(out.Labels ?? {}), ...(p.Labels ?? {}) } : undefined,
      ExposedPorts:
        out.ExposedPorts || p.ExposedPorts ? { ...(out.ExposedPorts ?? {}), ...(p.ExposedPorts ?? {}) } : undefined,
      Volumes: out.Volumes || p.Volumes ? { ...(out.Volumes ?? {}), ...(p.Volumes ?? {}) } : undefined,
      HostConfig: out.HostConfig || p.HostConfig ? mergeHostConfig(out.HostConfig, p.HostConfig) : undefined,
    };
  }
  for (const k of Object.keys(out) as (keyof CreateOptions)[]) if (out[k] === undefined) delete out[k];
  return out;
}
