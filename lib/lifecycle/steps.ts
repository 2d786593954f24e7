// The steps of a deploy, each one thing: build the image, make the release, start and check its
// containers, route to them, schedule the old ones' retirement. Each step is also an executable
// (bin/paas-build, paas-release, paas-deploy, paas-nginx-vhost, paas-retire) for scripts and for running
// one by hand; lib/lifecycle/push.ts and deploy.ts run them in order. Callers hold the app lock.
import { PaasError } from '../core/errors.js';
import { step } from '../core/log.js';
import { BuildResult, buildApp, readBuildResult } from '../build/build.js';
import { createRelease, readReleaseNumber, writeReleaseNumber } from '../release/create.js';
import { Release } from '../release/types.js';
import { deployRelease } from '../deploy/deploy.js';
import { applyAppVhost } from '../nginx/apply.js';
import { scheduleRetire } from '../deploy/retire.js';

/** Build the app's image from builds/APP/src (or its git:from-image image); writes builds/APP/build.json. */
export async function buildStep(app: string): Promise<BuildResult> {
  const result = await buildApp(app);
  step(`Build complete: ${result.image}`);
  return result;
}

/**
 * The next release from the build (default: builds/APP/build.json) and the app's config, with its
 * predeploy and release tasks run; its number goes to builds/APP/release-number for the deploy step.
 */
export async function releaseStep(app: string, build = readBuildResult(app)): Promise<Release> {
  if (!build) throw new PaasError(`App ${app} has no build to release (run paas-build ${app} first)`);
  const release = await createRelease(app, build);
  writeReleaseNumber(app, release.number);
  step(`Release ${release.number} of ${app} is ready: ${release.image}`);
  return release;
}

/** Start release n (default: the one the release step made) beside the running containers, check it, mark it live. */
export async function deployStep(app: string, n = readReleaseNumber(app)): Promise<{ deployId: string }> {
  if (n === undefined) throw new PaasError(`App ${app} has no release to deploy (run paas-release ${app} first)`);
  return deployRelease(app, n);
}

/** Render the app's vhost for its live web containers, check it, make it live, reload nginx. */
export async function routeStep(app: string): Promise<void> {
  await applyAppVhost(app);
}

/** Schedule the retirement of the app's old deploys (after checks wait-to-retire). */
export async function retireStep(app: string): Promise<void> {
  await scheduleRetire(app);
}
