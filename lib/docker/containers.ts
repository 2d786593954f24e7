// Finding an app's containers by label. Every container paas starts carries these labels.
import { docker, isNotFound } from './client.js';

export const LABEL = {
  app: 'paas.app',
  process: 'paas.process',
  release: 'paas.release',
  deploy: 'paas.deploy',
  port: 'paas.port',
  /** PROC.N of a process container ("web.1"), as Dokku's com.dokku.dyno label. */
  dyno: 'paas.dyno',
  /** "deploy" for long-running process containers, "run" for one-off ones, "release" for release tasks. */
  kind: 'paas.kind',
  /** The app.json cron task a one-off container runs (cron:run, run --cron-id). */
  cronId: 'paas.cron-id',
} as const;

export interface AppContainer {
  id: string;
  name: string;
  app: string;
  process: string;
  release: number;
  deploy: string;
  kind: string;
  /** "web.1": from the paas.dyno label (from the name for containers made before the label). */
  dyno: string;
  /** N of PROC.N, 0 when the container has none (run, task containers). */
  index: number;
  /** Container port the process listens on (web: PORT), 0 when unknown. */
  port: number;
  state: string;
  running: boolean;
  /** Address reachable from the host (first network that has one), '' when stopped. */
  ip: string;
  /** Host ports published by this container, per "port/proto". */
  published: Record<string, string>;
}

/**
 * PROC.N of a container: its paas.dyno label, else the shape of names from before the label
 * (APP.PROC.N.DEPLOY), else ''.
 */
export function dynoOf(labels: Record<string, string>, name: string, app: string): string {
  if (labels[LABEL.dyno]) return labels[LABEL.dyno];
  const parts = name.split('.');
  return parts.length >= 3 && parts[0] === app && /^[0-9]+$/.test(parts[2]) ? `${parts[1]}.${parts[2]}` : '';
}

export async function listAppContainers(
  app?: string,
  filter: { kind?: string; process?: string; deploy?: string; all?: boolean } = {},
): Promise<AppContainer[]> {
  const labels = [app ? `${LABEL.app}=${app}` : LABEL.app];
  if (filter.kind) labels.push(`${LABEL.kind}=${filter.kind}`);
  if (filter.process) labels.push(`${LABEL.process}=${filter.process}`);
  if (filter.deploy) labels.push(`${LABEL.deploy}=${filter.deploy}`);
  const list = await docker().listContainers({ all: filter.all ?? true, filters: { label: labels } });
  return list
    .map((c) => {
      const l = c.Labels ?? {};
      const nets = Object.values(c.NetworkSettings?.Networks ?? {});
      const published: Record<string, string> = {};
      for (const p of c.Ports ?? []) if (p.PublicPort) published[`${p.PrivatePort}/${p.Type}`] = String(p.PublicPort);
      const name = (c.Names?.[0] ?? '').replace(/^\//, '');
      const dyno = dynoOf(l, name, l[LABEL.app]);
      return {
        id: c.Id,
        name,
        app: l[LABEL.app],
        dyno,
        index: Number(dyno.split('.')[1] ?? 0) || 0,
        process: l[LABEL.process] ?? '',
        release: Number(l[LABEL.release] ?? 0),
        deploy: l[LABEL.deploy] ?? '',
        kind: l[LABEL.kind] ?? '',
        port: Number(l[LABEL.port] ?? 0),
        state: c.State,
        running: c.State === 'running',
        ip: nets.map((n) => n.IPAddress).find((ip) => !!ip) ?? '',
        published,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Remove a container if it is there (forced, with its anonymous volumes unless keepVolumes): one that is
 * already gone is not an error, nor are the HTTP statuses in `ignore` (409: a removal already under way).
 */
export async function removeContainerQuietly(
  idOrName: string,
  opts: { keepVolumes?: boolean; ignore?: number[] } = {},
): Promise<void> {
  try {
    await docker()
      .getContainer(idOrName)
      .remove(opts.keepVolumes ? { force: true } : { force: true, v: true });
  } catch (e) {
    if (!isNotFound(e) && !(opts.ignore ?? []).includes((e as { statusCode?: number }).statusCode ?? 0)) throw e;
  }
}
