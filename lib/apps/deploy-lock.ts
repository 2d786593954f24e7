// Dokku's deploy lock (apps:lock): a standing "no deploys" switch, apart from the flock that a running
// deploy holds. The git receiver and the lifecycle call assertDeployAllowed before they build anything.
import { PaasError } from '../core/errors.js';
import { readProp, removeProp, writeProp } from '../state/props.js';
import { isAppDeploying } from './store.js';

export function isDeployLocked(app: string): boolean {
  return readProp('apps', app, 'deploy-locked') === 'true';
}

/** Locked for deploys by apps:lock, or a deploy is running right now (what Dokku's apps:locked reports). */
export function isAppLocked(app: string): boolean {
  return isDeployLocked(app) || isAppDeploying(app);
}

export function setDeployLocked(app: string, locked: boolean): void {
  if (locked) writeProp('apps', app, 'deploy-locked', 'true');
  else removeProp('apps', app, 'deploy-locked');
}

export function assertDeployAllowed(app: string): void {
  if (isDeployLocked(app)) throw new PaasError(`App ${app} is locked for deploys; run paas apps:unlock ${app}`);
}
