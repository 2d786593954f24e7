// releases:rollback: a new release with an earlier release's image and config, deployed with checks.
// The app's ENV is rewritten to the earlier config only after the deploy went live, so a failed
// rollback changes nothing a later deploy would pick up.
import { PaasError } from '../core/errors.js';
import { info } from '../core/log.js';
import { writeEnv } from '../config/env-file.js';
import { assertDeployAllowed } from '../apps/deploy-lock.js';
import { sourceOf } from '../ps/lifecycle.js';
import { deployRelease, requireImage } from '../deploy/deploy.js';
import { scheduleRetire } from '../deploy/retire.js';
import { applyAppVhost } from '../nginx/apply.js';
import { makeRelease } from './create.js';
import { listReleases, liveRelease, requireRelease } from './store.js';
import { Release } from './types.js';

/** The default rollback target (pure): the newest release before the live one that went live. */
export function previousLiveRelease(releases: Release[], live: number): Release | undefined {
  return releases.filter((r) => r.number < live && r.live && !r.pruned).sort((a, b) => b.number - a.number)[0];
}

/** Roll back to release n (default: the one before the live one). Callers hold the app lock. */
export async function rollbackRelease(app: string, n?: number): Promise<Release> {
  assertDeployAllowed(app);
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
  await deployRelease(app, release.number);
  // Live now: the config goes with the image, before routing (which may still fail) is touched.
  writeEnv(app, target.appConfig ?? target.config);
  info(`Config of ${app} restored from release ${target.number}`);
  await applyAppVhost(app);
  await scheduleRetire(app);
  return release;
}
