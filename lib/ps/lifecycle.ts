// Deploys that do not come from a push: config changes, scale, restart, rebuild, rollback, destroy.
// Every function here expects the caller to hold the app lock (withAppLock).
import { docker, isNotFound } from '../docker/client.js';
import { listAppContainers, removeContainerQuietly } from '../docker/containers.js';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { effectiveEnv, readEnv } from '../config/env-file.js';
import { liveRelease } from '../release/store.js';
import { Release } from '../release/types.js';
import { createRelease, makeRelease, writeReleaseNumber } from '../release/create.js';
import { deployRelease } from '../deploy/deploy.js';
import { removeRetireRecords, scheduleRetire } from '../deploy/retire.js';
import { applyAppVhost } from '../nginx/apply.js';
import { buildApp } from '../build/build.js';
import { extractSource, lastPushedRev } from '../git/source.js';
import { sourceImage } from '../git/settings.js';
import { assertDeployAllowed } from '../apps/deploy-lock.js';
import { appImageRepo } from '../docker/client.js';

/** Deploy release n, switch the router to it, and schedule the old containers' retirement. */
export async function deployAndRoute(app: string, n: number): Promise<{ deployId: string }> {
  const result = await deployRelease(app, n);
  await applyAppVhost(app);
  await scheduleRetire(app);
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
  const release = await makeRelease(
    app,
    { ...sourceOf(live), config: effectiveEnv(app), appConfig: readEnv(app) },
    live.image,
    { predeploy: false },
  );
  await deployAndRoute(app, release.number);
  return release;
}

/** Build again from the last push (or the app's source image), release and deploy. */
export async function rebuildApp(app: string): Promise<Release> {
  assertDeployAllowed(app);
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
  const build = await buildApp(app);
  const release = await createRelease(app, build);
  writeReleaseNumber(app, release.number);
  await deployAndRoute(app, release.number);
  return release;
}

/** Every container (deploy, run, task) and every image tag of the app: for apps:destroy and rename. */
export async function removeAppRuntime(app: string): Promise<void> {
  const containers = await listAppContainers(app, { all: true });
  if (containers.length) step(`Removing ${containers.length} container(s) of ${app}`);
  await Promise.all(containers.map((c) => removeContainerQuietly(c.id)));
  await removeContainerQuietly(`${app}.predeploy`);
  removeRetireRecords(app);
  const repo = appImageRepo(app);
  const images = await docker().listImages({ filters: { reference: [repo] } });
  const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t.startsWith(`${repo}:`)));
  for (const tag of tags) {
    try {
      await docker().getImage(tag).remove({ noprune: false });
    } catch (e) {
      if (!isNotFound(e)) warn(`Could not remove image ${tag}: ${(e as Error).message}`);
    }
  }
  if (tags.length) info(`Removed ${tags.length} image tag(s) of ${app}`);
}
