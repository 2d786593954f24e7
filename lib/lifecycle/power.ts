// Stopping, starting, restoring and restarting an app's live containers. Callers hold the app lock.
// A stop is remembered with the deploy it stopped (props ps/APP/stopped-deploy): a later deploy makes the
// app run again, so the mark only counts while that deploy is still the live one.
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { AppContainer, listAppContainers } from '../docker/containers.js';
import { docker, isNotFound } from '../docker/client.js';
import { appStopTimeout } from '../deploy/container-spec.js';
import { readScale } from '../deploy/formation.js';
import { gatherVhostInput, applyAppVhost, readLiveVhost } from '../nginx/apply.js';
import { liveRelease } from '../release/store.js';
import { isStopped, liveDeployId, setStoppedDeploy } from '../ps/store.js';
import { Release } from '../release/types.js';
import { checkProcesses, checkTargetOf } from '../checks/run.js';
import { settleContainerNames } from '../deploy/settle-names.js';

/** Loaded on use: reports and stop/start do not need the build and release code. */
const lifecycle = () => import('./deploy.js');

function markStopped(app: string): void {
  const deploy = liveDeployId(app);
  if (deploy) setStoppedDeploy(app, deploy);
}

function clearStopped(app: string): void {
  setStoppedDeploy(app, undefined);
}

export function requireDeployed(app: string): Release {
  const release = liveRelease(app);
  if (!release || !liveDeployId(app)) throw new PaasError(`App ${app} has not been deployed`);
  return release;
}

export async function liveContainers(app: string): Promise<AppContainer[]> {
  const deploy = liveDeployId(app);
  if (!deploy) return [];
  return listAppContainers(app, { kind: 'deploy', deploy });
}

async function stopContainer(c: AppContainer, timeout: number): Promise<void> {
  try {
    await docker().getContainer(c.id).stop({ t: timeout });
  } catch (e) {
    // 304: already stopped; 404: removed meanwhile. Either way it is not running.
    if ((e as { statusCode?: number }).statusCode !== 304 && !isNotFound(e)) throw e;
  }
}

/** Stop every process container of the app (live and awaiting retirement); they are kept, not removed. */
export async function stopApp(app: string): Promise<number> {
  const running = (await listAppContainers(app, { kind: 'deploy' })).filter(
    (c) => c.running || c.state === 'restarting',
  );
  markStopped(app);
  if (running.length === 0) {
    info(`App ${app} has no running containers`);
    return 0;
  }
  const timeout = appStopTimeout(app);
  step(`Stopping ${app} (${running.length} container${running.length === 1 ? '' : 's'})`);
  await Promise.all(running.map((c) => stopContainer(c, timeout)));
  // A stopped container's address goes back to docker and may be handed to another app's container:
  // the vhost must stop pointing at it (it then answers 503 "no web process is running").
  if (!(await vhostIsCurrent(app))) await applyAppVhost(app);
  return running.length;
}

/** Does the live deploy have exactly the containers the formation asks for? */
function formationMissing(app: string, containers: AppContainer[]): string[] {
  const scale = readScale(app);
  const missing: string[] = [];
  for (const [proc, n] of Object.entries(scale)) {
    const have = containers.filter((c) => c.process === proc).length;
    if (have < n) missing.push(`${proc} (${have} of ${n})`);
  }
  return missing;
}

/** The container addresses a rendered vhost proxies to (its upstream `server IP:PORT;` lines). */
export function upstreamAddresses(vhost: string): string[] {
  return [...vhost.matchAll(/^\s*server\s+(\d{1,3}(?:\.\d{1,3}){3}):\d+\b/gm)].map((m) => m[1]);
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** The vhost must point at the addresses the web containers have now (a restarted container may get a new one). */
async function vhostIsCurrent(app: string): Promise<boolean> {
  const { input } = await gatherVhostInput(app);
  if (!input) return true; // the app gets no vhost (proxy disabled, no domains): nothing to fix
  const text = readLiveVhost(app);
  if (!text) return false;
  return sameSet(upstreamAddresses(text), input.containerIps);
}

/**
 * Bring the live release up: start stopped containers (checking them), redeploy when containers are
 * missing, and re-apply the vhost if addresses changed. Returns what it did, '' when all was fine.
 */
export async function bringUp(app: string, opts: { announce: boolean }): Promise<string> {
  const release = requireDeployed(app);
  clearStopped(app);
  const containers = await liveContainers(app);
  const missing = formationMissing(app, containers);
  if (missing.length) {
    step(`App ${app} is missing containers: ${missing.join(', ')}; deploying release v${release.number} again`);
    const { trackBuild } = await import('../builds/track.js');
    await trackBuild(app, 'ps:start', async () => (await lifecycle()).deployAndRoute(app, release.number));
    return 'redeployed';
  }
  // A deploy killed between going live and renaming left temporary names: finish it (ps:restore, cron).
  await settleContainerNames(app);
  const down = containers.filter((c) => !c.running);
  if (down.length) {
    step(`Starting ${app} (${down.length} container${down.length === 1 ? '' : 's'})`);
    for (const c of down) {
      try {
        await docker().getContainer(c.id).start();
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 304) throw e;
      }
    }
    const started = (await liveContainers(app)).filter((c) => down.some((d) => d.id === c.id));
    await checkProcesses(
      app,
      release,
      started.map((c) => checkTargetOf(c)),
    );
  } else if (opts.announce) {
    info(`App ${app} is already running`);
  }
  if (!(await vhostIsCurrent(app))) {
    await applyAppVhost(app);
    return down.length ? 'started' : 'routed';
  }
  return down.length ? 'started' : '';
}

/** ps:restore for one app: leaves apps stopped with ps:stop and never-deployed apps alone. */
export async function restoreApp(app: string): Promise<string> {
  if (!liveRelease(app) || !liveDeployId(app)) return 'not deployed';
  if (isStopped(app)) {
    // restart policy "always" brings containers back when dockerd starts, even after a docker stop
    const up = (await listAppContainers(app, { kind: 'deploy' })).filter((c) => c.running || c.state === 'restarting');
    if (up.length) await stopApp(app);
    return 'stopped';
  }
  return bringUp(app, { announce: false });
}

/** Restart the containers of one process type in place, one at a time, checking each. */
export async function restartProcessInPlace(app: string, proc: string): Promise<void> {
  const release = requireDeployed(app);
  const containers = (await liveContainers(app)).filter((c) => c.process === proc);
  if (containers.length === 0) throw new PaasError(`App ${app} has no ${proc} containers (see paas ps:scale ${app})`);
  const timeout = appStopTimeout(app);
  for (const c of containers) {
    step(`Restarting ${c.name}`);
    await docker().getContainer(c.id).restart({ t: timeout });
    const [now] = (await liveContainers(app)).filter((x) => x.id === c.id);
    await checkProcesses(app, release, [checkTargetOf(c, now?.ip ?? '')]);
  }
  clearStopped(app);
  if (!(await vhostIsCurrent(app))) await applyAppVhost(app);
}
