// Resource limits and reservations per app and process type (props resource/APP/PROC.limit.KEY, with
// "_default_" for every process type), turned into docker HostConfig as Dokku's docker-local scheduler
// does: limits -> --cpus/--memory/--memory-swap (plus --pids-limit), reservation memory ->
// --memory-reservation, reservation cpu -> cpu shares (1024 per cpu, docker's relative weight).
import type { CreateOptions } from '../docker/merge.js';
import { UsageError } from '../core/errors.js';
import { GLOBAL, listPropKeys, readProp, removeProp, writeProp } from '../state/props.js';
import { parseBytes, parseCpus, parseInteger } from '../docker-options/units.js';

const NS = 'resource';
export const DEFAULT_PROCESS = '_default_';
export const RESOURCE_KEYS = ['cpu', 'memory', 'memory-swap', 'pids'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];
export type RequestType = 'limit' | 'reserve';

export function propertyKey(processType: string, type: RequestType, key: ResourceKey): string {
  return `${processType}.${type}.${key}`;
}

/** Check a value in Dokku's units (memory: a plain number is megabytes) and return it normalised. */
function validateResourceValue(type: RequestType, key: ResourceKey, value: string): string {
  const what = `${type === 'limit' ? '--' : 'reserved '}${key}`;
  if (type === 'reserve' && (key === 'memory-swap' || key === 'pids'))
    throw new UsageError(`${key} cannot be reserved (reservations support cpu and memory)`);
  if (key === 'cpu') parseCpus(value, what);
  else if (key === 'pids') parseInteger(value, what, -1);
  else if (key === 'memory-swap' && value === '-1') return value;
  else if (parseBytes(value, what, 'm') < 6 * 1024 * 1024)
    throw new UsageError(`Invalid ${what} ${JSON.stringify(value)}: docker needs at least 6m`);
  return value;
}

/** Stored value for the process type, else the app's default, else the global ones. */
export function resolveResource(app: string, processType: string, type: RequestType, key: ResourceKey): string {
  for (const scope of [app, GLOBAL])
    for (const proc of [processType, DEFAULT_PROCESS]) {
      const v = readProp(NS, scope, propertyKey(proc, type, key));
      if (v) return v;
    }
  return '';
}

export function setResources(
  scope: string,
  processType: string,
  type: RequestType,
  values: Partial<Record<ResourceKey, string>>,
): void {
  const checked = Object.entries(values).map(
    ([k, v]) => [k as ResourceKey, v === 'clear' ? v : validateResourceValue(type, k as ResourceKey, v!)] as const,
  );
  for (const [k, v] of checked) {
    if (v === 'clear') removeProp(NS, scope, propertyKey(processType, type, k));
    else writeProp(NS, scope, propertyKey(processType, type, k), v);
  }
}

/** Clear one process type's values, or every value of the request type when no process type is given. */
export function clearResources(scope: string, type: RequestType, processType?: string): void {
  for (const key of listPropKeys(NS, scope)) {
    const [proc, t] = key.split('.');
    if (t === type && (processType === undefined || proc === processType)) removeProp(NS, scope, key);
  }
}

export function listResources(scope: string): { key: string; value: string }[] {
  return listPropKeys(NS, scope).map((key) => ({ key, value: readProp(NS, scope, key) }));
}

/** Create-options fragment with the limits and reservations for one process type of the app. */
export function resourceCreateOptions(app: string, processType: string): Partial<CreateOptions> {
  const get = (t: RequestType, k: ResourceKey) => resolveResource(app, processType, t, k);
  const hc: NonNullable<CreateOptions['HostConfig']> = {};
  const cpu = get('limit', 'cpu');
  if (cpu) hc.NanoCpus = parseCpus(cpu, 'cpu limit');
  const memory = get('limit', 'memory');
  if (memory) hc.Memory = parseBytes(memory, 'memory limit', 'm');
  const swap = get('limit', 'memory-swap');
  // Docker refuses a swap limit without a memory limit; Dokku passes it on and fails at start.
  if (swap && memory) hc.MemorySwap = swap === '-1' ? -1 : parseBytes(swap, 'memory-swap limit', 'm');
  const pids = get('limit', 'pids');
  if (pids) hc.PidsLimit = Number(pids);
  const resMemory = get('reserve', 'memory');
  if (resMemory) hc.MemoryReservation = parseBytes(resMemory, 'memory reservation', 'm');
  const resCpu = get('reserve', 'cpu');
  if (resCpu) hc.CpuShares = Math.max(2, Math.round((parseCpus(resCpu, 'cpu reservation') / 1e9) * 1024));
  return Object.keys(hc).length ? { HostConfig: hc } : {};
}
