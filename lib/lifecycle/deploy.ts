// The deploy sequences, in one place: what runs, in which order, for every way an app gets new
// containers. A push (lib/lifecycle/push.ts) runs the same steps as rebuild; config changes, scale,
// restart and restore deploy an existing image; rollback deploys an earlier release's image and config.
// Every function here expects the caller to hold the app lock (withAppLock).
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { effectiveEnv, readEnv, writeEnv } from '../config/env-file.js';
import { listReleases, liveRelease, previousLiveRelease, requireRelease } from '../release/store.js';
import { Release } from '../release/types.js';
import { makeRelease } from '../release/create.js';
import { requireImage } from '../deploy/deploy.js';
import { extractSource, lastPushedRev } from '../git/source.js';
import { sourceImage } from '../git/settings.js';
import { assertDeployAllowed } from '../apps/deploy-lock.js';
import { buildStep, deployStep, releaseStep, retireStep, routeStep } from './steps.js';
import { BuildSource } from '../builds/store.js';
import { trackBuild } from '../builds/track.js';

/** Deploy release n, switch the router to it, and schedule the old containers' retirement. */
export async function deployAndRoute(app: string, n: number): Promise<{ deployId: string }> {
  const result = await deployStep(app, n);
  await routeStep(app);
  await retireStep(app);
  return result;
}

/** The source fields of a release, for a new release made from it. */
export function sourceOf(r: Release) {
  return {
    builder: r.builder,
    config: r.config,
    appConfig: r.appConfig,
    processes: r.processes,
    appJson: r.appJson,
    checksFile: r.checksFile,
    rev: r.rev,
    releaseCommand: r.releaseCommand,
    buildImage: r.buildImage,
    formation: r.formation,
  };
}

/**
 * A new release of the live image with the current config, deployed (config:set, storage or option
 * changes that need a restart). Nothing to do when the app was never deployed.
 */
export async function redeployWithCurrentConfig(app: string): Promise<Release | undefined> {
  const live = liveRelease(app);
  if (!live) {
    info(`App ${app} has not been deployed yet; the change applies on its first deploy`);
    return undefined;
  }
  return trackBuild(app, 'config-redeploy', async () => {
    const release = await makeRelease(
      app,
      { ...sourceOf(live), config: effectiveEnv(app), appConfig: readEnv(app) },
      live.image,
      { predeploy: false },
    );
    await deployAndRoute(app, release.number);
    return release;
  });
}

/**
 * Build again from the last push (or the app's source image), then the push's own steps; recorded as a
 * build run (builds:list) started by `source`.
 */
export async function rebuildApp(app: string, source: BuildSource = 'ps:rebuild'): Promise<Release> {
  assertDeployAllowed(app);
  return trackBuild(app, source, () => rebuildSteps(app));
}

async function rebuildSteps(app: string): Promise<Release> {
  const image = sourceImage(app);
  if (!image) {
    const rev = lastPushedRev(app);
    if (!rev)
      throw new PaasError(
        `App ${app} has nothing to rebuild: push code to it first, or deploy an image with paas git:from-image ${app} IMAGE`,
      );
    step(`Rebuilding ${app} from ${rev.slice(0, 12)}`);
    await extractSource(app, rev);
  } else {
    step(`Rebuilding ${app} from image ${image}`);
  }
  await buildStep(app);
  const release = await releaseStep(app);
  await deployAndRoute(app, release.number);
  return release;
}

/**
 * releases:rollback: a new release with an earlier release's image and config (default: the one before
 * the live one), deployed with checks. The app's ENV is rewritten to the earlier config only once the
 * deploy went live, so a failed rollback changes nothing a later deploy would pick up.
 */
export async function rollbackRelease(app: string, n?: number): Promise<Release> {
  assertDeployAllowed(app);
  return trackBuild(app, 'deploy', () => rollbackSteps(app, n));
}

async function rollbackSteps(app: string, n?: number): Promise<Release> {
  const live = liveRelease(app);
  if (!live) throw new PaasError(`App ${app} has not been deployed; there is nothing to roll back`);
  let target: Release;
  if (n === undefined) {
    const prev = previousLiveRelease(listReleases(app), live.number);
    if (!prev)
      throw new PaasError(`App ${app} has no earlier release to roll back to (live release is ${live.number})`);
    target = prev;
  } else {
    target = requireRelease(app, n);
    if (target.number === live.number) throw new PaasError(`Release ${n} of ${app} is already live`);
  }
  await requireImage(target);
  info(`Rolling back ${app} from release ${live.number} to release ${target.number}`);
  const release = await makeRelease(app, { ...sourceOf(target), rollbackOf: target.number }, target.image, {
    predeploy: false,
  });
  await deployStep(app, release.number);
  // Live now: the config goes with the image, before routing (which may still fail) is touched.
  writeEnv(app, target.appConfig ?? target.config);
  info(`Config of ${app} restored from release ${target.number}`);
  await routeStep(app);
  await retireStep(app);
  return release;
}
