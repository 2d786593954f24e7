// One-off containers have a time to live (`run --ttl-seconds`, Dokku's default 24 hours), kept in a label;
// `run:retire` removes the ones past it (Dokku's reaper runs it every 5 minutes).
import { UsageError } from '../core/errors.js';
import { docker } from '../docker/client.js';
import { LABEL } from '../docker/containers.js';

export const TTL_LABEL = 'paas.active-deadline-seconds';
export const DEFAULT_TTL_SECONDS = 86400;

/** `--ttl-seconds` as Dokku checks it: a positive whole number of seconds. */
export function parseTtlSeconds(v: string | boolean | string[] | undefined): number {
  if (v === undefined || v === false) return DEFAULT_TTL_SECONDS;
  const s = Array.isArray(v) ? v[v.length - 1] : String(v);
  if (!/^[0-9]{1,9}$/.test(s) || Number(s) === 0) throw new UsageError('--ttl-seconds must be a positive integer');
  return Number(s);
}

export interface RunContainerSummary {
  id: string;
  name: string;
  app: string;
  /** Creation time, seconds since the epoch (docker's `Created`). */
  created: number;
  labels: Record<string, string>;
}

/** The containers whose time to live is over at `now` (seconds); ones without a valid label never expire. */
export function expiredContainers(list: RunContainerSummary[], now: number): RunContainerSummary[] {
  return list.filter((c) => {
    const ttl = c.labels[TTL_LABEL];
    if (!ttl || !/^[0-9]+$/.test(ttl)) return false;
    return c.created + Number(ttl) <= now;
  });
}

export async function listRunContainers(app?: string): Promise<RunContainerSummary[]> {
  const labels = [`${LABEL.kind}=run`, app ? `${LABEL.app}=${app}` : LABEL.app];
  const list = await docker().listContainers({ all: true, filters: { label: labels } });
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names?.[0] ?? '').replace(/^\//, ''),
    app: c.Labels?.[LABEL.app] ?? '',
    created: c.Created,
    labels: c.Labels ?? {},
  }));
}
