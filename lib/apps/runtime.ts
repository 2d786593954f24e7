// Whether an app has been deployed, or has anything docker or nginx may hold for it, read from state
// alone: commands on an app that was never deployed then load neither docker nor nginx (and start fast).
import fs from 'node:fs';
import { paths } from '../state/paths.js';
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
