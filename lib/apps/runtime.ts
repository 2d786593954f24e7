// The bridge from app and config commands to the deploy machinery (docker, nginx). It is loaded lazily
// and only when the app has something running or built, so apps and config commands on an app that was
// never deployed touch neither docker nor nginx (and start fast).
import fs from 'node:fs';
import { info, step } from '../core/log.js';
import { paths } from '../state/paths.js';
import { withAppLock } from './store.js';
import { liveReleaseNumber } from '../ps/store.js';

export function isDeployed(app: string): boolean {
  return liveReleaseNumber(app) !== undefined;
}

function nonEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/** Anything docker or nginx may hold for the app: a live deploy, a release, a build, a vhost. */
export function hasRuntimeTraces(app: string): boolean {
  return (
    isDeployed(app) ||
    nonEmptyDir(paths.releasesDir(app)) ||
    fs.existsSync(paths.buildDir(app)) ||
    fs.existsSync(paths.nginxVhost(app))
  );
}

/** Containers, images and vhost of the app (call with the app lock held). No-op without traces. */
export async function removeRuntime(app: string): Promise<void> {
  if (!hasRuntimeTraces(app)) return;
  const { removeAppRuntime } = await import('../ps/lifecycle.js');
  const { removeAppVhost } = await import('../nginx/apply.js');
  await removeAppVhost(app);
  await removeAppRuntime(app);
}

/** Build and deploy the app again from its last push (call with the app lock held). */
export async function rebuild(app: string): Promise<void> {
  const { rebuildApp } = await import('../ps/lifecycle.js');
  await rebuildApp(app);
}

/**
 * After a config change: a new release with the current config, as Dokku's config:set restarts the app.
 * Takes the app lock (waits for a running deploy unless PAAS_NO_WAIT=1).
 */
export async function restartForConfig(app: string): Promise<void> {
  step(`Restarting app ${app}`);
  if (!isDeployed(app)) {
    info(`App ${app} has not been deployed`);
    return;
  }
  await withAppLock(app, async () => {
    const { redeployWithCurrentConfig } = await import('../ps/lifecycle.js');
    await redeployWithCurrentConfig(app);
  });
}
