// The swap: start the release's containers beside the old ones, check them, and only then mark the
// release live (props ps/APP/live-release and live-deploy) so the router can switch. A failure before
// that point removes the new containers and leaves the old deploy serving. Callers hold the app lock.
import { daemonLogDriver, docker, isNotFound } from '../docker/client.js';
import { AppContainer, LABEL, listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { listReleases, markLive, requireRelease, writeRelease } from '../release/store.js';
import { liveDeployId, liveReleaseNumber } from '../ps/store.js';
import { clearWatchRecord, recordWatch, startWatch, watchesAfterRouting } from './watch.js';
import { emitAppEventWarn } from '../lifecycle/app-events.js';
import { Release } from '../release/types.js';
import { pruneReleaseImages } from '../release/prune.js';
import { checkProcesses, CheckTarget } from '../checks/run.js';
import { checkSettings, processCheckMode } from '../checks/settings.js';
import { attachNetworks } from '../network/attach.js';
import { CreateOptions } from '../docker/merge.js';
import { appStopTimeout, deployCreateOptions, publishesHostPorts } from './container-spec.js';
import { formationForDeploy, procOrder, writeScale } from './formation.js';
import { newDeployId, planOrphans } from './orphans.js';
import { scheduledDeploys, writeRetireRecords } from './retire.js';
import { postDeployTasks, predeployContainerName, runTasks } from './tasks.js';
import { assertStoredOptionsAllowed } from '../docker-options/store.js';
import { assertStoredMountsAllowed } from '../storage/mounts.js';
import { newContainerName } from './names.js';
import { settleContainerNames } from './settle-names.js';
import { parallelScheduleCount } from '../scheduler/store.js';
import { assertDockerLocalScheduler } from '../scheduler/settings.js';

type Started = CheckTarget;

export async function requireImage(release: Release): Promise<void> {
  try {
    await docker().getImage(release.image).inspect();
  } catch (e) {
    if (!isNotFound(e)) throw e;
    throw new PaasError(
      release.pruned
        ? `Release ${release.number} of ${release.app} can no longer be deployed: its image ${release.image} was pruned`
        : `Image ${release.image} of release ${release.number} of ${release.app} does not exist`,
    );
  }
}

/** Remove what a killed deploy left; schedule ex-live deploys that were never scheduled. */
async function cleanUpOrphans(app: string): Promise<void> {
  const containers = await listAppContainers(app, { all: true });
  const plan = planOrphans(containers, liveDeployId(app), scheduledDeploys(app));
  if (plan.remove.length) {
    step(`Removing ${plan.remove.length} container(s) left by an interrupted deploy`);
    await Promise.all(plan.remove.map((c) => removeContainerQuietly(c.id)));
  }
  await removeContainerQuietly(predeployContainerName(app));
  if (plan.retire.length) writeRetireRecords(app, plan.retire, Date.now() + checkSettings(app).waitToRetire * 1000);
  await settleContainerNames(app);
}

/** Names of every container on the host: a new container takes APP.PROC.N only when it is free. */
async function takenNames(): Promise<Set<string>> {
  const all = await docker().listContainers({ all: true });
  return new Set(all.flatMap((c) => (c.Names ?? []).map((n) => n.replace(/^\//, ''))));
}

async function containerIp(id: string): Promise<string> {
  const data = await docker().getContainer(id).inspect();
  const ns = data.NetworkSettings as typeof data.NetworkSettings & { IPAddress?: string };
  if (ns?.IPAddress) return ns.IPAddress;
  for (const n of Object.values(ns?.Networks ?? {})) if (n.IPAddress) return n.IPAddress;
  return '';
}

/** Stop the old containers of one process type before the new ones start (host ports, checks disabled). */
async function stopOld(app: string, old: AppContainer[], why: string): Promise<AppContainer[]> {
  const running = old.filter((c) => c.running);
  if (!running.length) return [];
  step(`Stopping old ${running[0].process} containers first (${why})`);
  const t = appStopTimeout(app);
  await Promise.all(
    running.map(async (c) => {
      try {
        await docker().getContainer(c.id).stop({ t });
      } catch (e) {
        if (!isNotFound(e) && (e as { statusCode?: number }).statusCode !== 304) throw e;
      }
    }),
  );
  return running;
}

async function startContainer(app: string, opts: CreateOptions, proc: string, port: number): Promise<Started> {
  const name = opts.name as string;
  const c = await docker().createContainer(opts);
  await attachNetworks(app, c.id, 'post-create');
  await c.start();
  const dyno = opts.Labels?.[LABEL.dyno] ?? proc;
  return { process: proc, containerId: c.id, name, dyno, ip: await containerIp(c.id), port };
}

export async function deployRelease(app: string, n: number): Promise<{ deployId: string }> {
  const release = requireRelease(app, n);
  if (release.failedTask)
    throw new PaasError(
      `Release ${n} of ${app} cannot be deployed: its ${release.failedTask} task failed (${release.failure})`,
    );
  // Stored options and mounts that no admin set are checked before anything stops or starts (AccessError).
  assertStoredOptionsAllowed(app, 'deploy');
  assertStoredMountsAllowed(app);
  assertDockerLocalScheduler(app);
  await requireImage(release);
  await cleanUpOrphans(app);
  const previous = liveDeployId(app);
  const firstDeploy = !listReleases(app).some((r) => r.live);
  const deployId = newDeployId();
  const scale = formationForDeploy(app, release);
  const summary = Object.entries(scale)
    .map(([p, c]) => `${p}=${c}`)
    .join(' ');
  step(`Deploying ${app} release ${n} (${summary || 'no processes'})`);

  const old = previous ? await listAppContainers(app, { kind: 'deploy', deploy: previous }) : [];
  const previousRelease = previous ? liveReleaseNumber(app) : undefined;
  const watched = watchesAfterRouting(app, previous);
  const started: Started[] = [];
  const stoppedFirst: AppContainer[] = [];
  const taken = await takenNames();
  const batch = parallelScheduleCount(app);
  const logDriver = await daemonLogDriver();
  try {
    for (const proc of Object.keys(scale).sort(procOrder)) {
      const count = scale[proc];
      if (count <= 0) continue;
      const specs = Array.from({ length: count }, (_, i) =>
        deployCreateOptions(
          app,
          release,
          proc,
          i + 1,
          deployId,
          newContainerName(app, proc, i + 1, deployId, taken),
          logDriver,
        ),
      );
      const mode = processCheckMode(app, proc);
      const oldOfProc = old.filter((c) => c.process === proc);
      if (publishesHostPorts(specs[0]))
        stoppedFirst.push(...(await stopOld(app, oldOfProc, 'it publishes host ports')));
      else if (mode === 'disabled') stoppedFirst.push(...(await stopOld(app, oldOfProc, 'checks are disabled')));
      // scheduler-docker-local parallel-schedule-count: containers of a type start that many at a time
      for (let i = 0; i < specs.length; i += batch) {
        const results = await Promise.allSettled(
          specs.slice(i, i + batch).map(async (spec) => {
            const s = await startContainer(app, spec, proc, Number(spec.Labels?.[LABEL.port] || 0));
            info(`Started ${spec.name}`);
            return s;
          }),
        );
        // every container that did start is recorded first, so a failure rolls all of them back
        for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
        const failed = results.find((r) => r.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
    }
    // With an earlier deploy to go back to, traffic moves once readiness is proven; paas-watch then
    // watches the uptime window after routing and rolls back if the release fails in it.
    await checkProcesses(app, release, started, { deferUptime: watched });
  } catch (e) {
    await rollBackStart(app, started, stoppedFirst);
    const reason = (e as Error).message;
    release.failure = reason;
    writeRelease(release);
    throw new PaasError(
      `Deploy of ${app} release ${n} failed: ${reason}` + (previous ? `; the previous deploy keeps serving` : ''),
    );
  }

  markLive(app, n, deployId);
  // Dokku's names for the live containers (the old ones are found by label for retirement and rollback).
  await settleContainerNames(app).catch((e) => warn(`Could not rename containers: ${(e as Error).message}`));
  if (watched) {
    recordWatch(app, { deploy: deployId, release: n, previousDeploy: previous, previousRelease });
    startWatch(app);
  } else clearWatchRecord(app);
  // Stored only now: a failed deploy must not drop the counts of types the live release still runs.
  writeScale(app, scale);
  step(`Release ${n} of ${app} is live (deploy ${deployId})`);
  for (const s of started) {
    try {
      await attachNetworks(app, s.containerId, 'post-deploy');
    } catch (e) {
      warn(`Could not attach ${s.name} to its post-deploy networks: ${(e as Error).message}`);
    }
  }
  try {
    await runTasks(app, release, postDeployTasks(release, firstDeploy), deployId);
  } catch (e) {
    // The new release already serves; a failing postdeploy is reported, not undone.
    warn(`${(e as Error).message} (the new release is live)`);
  }
  await emitAppEventWarn('releaseLive', app, n);
  await pruneReleaseImages(app).catch((e) => warn(`Could not prune old release images: ${(e as Error).message}`));
  return { deployId };
}

/** Undo a failed start: remove what was started, start again what was stopped first. */
async function rollBackStart(app: string, started: Started[], stoppedFirst: AppContainer[]): Promise<void> {
  await Promise.all(started.map((s) => removeContainerQuietly(s.containerId).catch(() => undefined)));
  for (const c of stoppedFirst) {
    try {
      await docker().getContainer(c.id).start();
    } catch (e) {
      warn(`Could not restart old container ${c.name}: ${(e as Error).message}`);
    }
  }
}
