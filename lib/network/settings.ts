// Network properties per app (props network/APP/KEY) with global fallbacks (props network/--global/KEY).
import { AccessError, UsageError } from '../core/errors.js';
import { callerIsAdmin } from '../core/caller.js';
import { GLOBAL, readProp, readPropWithGlobal, setOrClearProp } from '../state/props.js';
import { parseBool, validateDomain, validateName } from '../state/validate.js';

const NS = 'network';
export const NETWORK_KEYS = [
  'attach-post-create',
  'attach-post-deploy',
  'bind-all-interfaces',
  'initial-network',
  'tld',
] as const;
export type NetworkKey = (typeof NETWORK_KEYS)[number];
/** Networks docker makes itself: not attachable by name, never destroyed. */
export const BUILTIN_NETWORKS = ['bridge', 'host', 'none'];

export function isNetworkKey(k: string): k is NetworkKey {
  return (NETWORK_KEYS as readonly string[]).includes(k);
}

export function readNetworkSetting(scope: string, key: NetworkKey): string {
  return readProp(NS, scope, key);
}

/** The app's value, else the global one; bind-all-interfaces defaults to false. */
export function computedNetworkSetting(app: string, key: NetworkKey): string {
  const v = readPropWithGlobal(NS, app, key);
  if (key === 'bind-all-interfaces') return v || 'false';
  return v;
}

export function attachNetworkNames(app: string, when: 'post-create' | 'post-deploy'): string[] {
  return computedNetworkSetting(app, `attach-${when}`).split(/\s+/).filter(Boolean);
}

/** Validate and normalise a value for `network:set`; '' clears. */
export function normaliseNetworkValue(key: NetworkKey, values: string[]): string {
  if (values.length === 0) return '';
  if (key === 'attach-post-create' || key === 'attach-post-deploy') {
    for (const n of values) {
      validateName('network', n);
      if (BUILTIN_NETWORKS.includes(n))
        throw new UsageError(`Network ${n} cannot be attached by name: create one with paas network:create`);
    }
    return [...new Set(values)].join(' ');
  }
  if (values.length > 1) throw new UsageError(`${key} takes a single value`);
  const v = values[0];
  if (key === 'initial-network') {
    // The host network puts the app in the host's network namespace: an admin's choice, as in Dokku.
    if (v.toLowerCase() === 'host' && !callerIsAdmin())
      throw new AccessError('Only an admin may set initial-network host (it shares the host network namespace)');
    return validateName('network', v);
  }
  if (key === 'bind-all-interfaces') return String(parseBool(v, key));
  return validateDomain(v);
}

/**
 * Dokku's check: a network attached after create cannot also be attached after deploy (and the reverse);
 * docker would refuse the second attach. Returns the first such network.
 */
export function conflictingAttachNetwork(scope: string, key: NetworkKey, values: string[]): string | undefined {
  if (key !== 'attach-post-create' && key !== 'attach-post-deploy') return undefined;
  const other = key === 'attach-post-create' ? 'attach-post-deploy' : 'attach-post-create';
  const taken = computedNetworkSetting(scope, other).split(/\s+/).filter(Boolean);
  return values.find((v) => taken.includes(v));
}

export function writeNetworkSetting(scope: string, key: NetworkKey, value: string): void {
  setOrClearProp(NS, scope, key, value);
}

/** The aliases an app's process containers answer to on user networks: APP.PROC (and APP.PROC.TLD). */
export function networkAliases(app: string, processType: string): string[] {
  const base = `${app}.${processType}`;
  const tld = computedNetworkSetting(app, 'tld');
  return tld ? [base, `${base}.${tld}`] : [base];
}

export { GLOBAL };
