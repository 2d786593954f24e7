// The ps namespace's state (props/ps/APP/*), and the only code that reads or writes it by key: which
// deploy and release are live, the stored scale, the restart policy, the stop timeout, the Procfile
// path, and the deploy that ps:stop stopped. Other folders use these accessors.
import {
  GLOBAL,
  hasProp,
  readProp,
  readPropWithGlobal,
  removeProp,
  setOrClearProp,
  writeProp,
} from '../state/props.js';

const NS = 'ps';

/** The release number serving the app, or undefined when it was never deployed. */
export function liveReleaseNumber(app: string): number | undefined {
  const v = Number(readProp(NS, app, 'live-release', ''));
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** The id of the live deploy (the containers' paas.deploy label), or undefined. */
export function liveDeployId(app: string): string | undefined {
  return readProp(NS, app, 'live-deploy', '') || undefined;
}

/** Record that release n went live under deploy id. Order matters: deploy first, release last. */
export function setLive(app: string, n: number, deployId: string): void {
  writeProp(NS, app, 'live-deploy', deployId);
  writeProp(NS, app, 'live-release', String(n));
}

export function clearLive(app: string): void {
  removeProp(NS, app, 'live-release');
  removeProp(NS, app, 'live-deploy');
}

/** The scale as stored by ps:scale (`web=2 worker=1`), or undefined when none was stored. */
export function storedScaleText(app: string): string | undefined {
  return hasProp(NS, app, 'scale') ? readProp(NS, app, 'scale') : undefined;
}

export function writeScaleText(app: string, text: string): void {
  writeProp(NS, app, 'scale', text);
}

/** The restart-policy in effect from settings: ps:set APP, else ps:set --global, else ''. */
export function restartPolicySetting(app: string): string {
  return readPropWithGlobal(NS, app, 'restart-policy');
}

/** The stop-timeout-seconds in effect from settings: ps:set APP, else ps:set --global, else ''. */
export function stopTimeoutSetting(app: string): string {
  return readPropWithGlobal(NS, app, 'stop-timeout-seconds');
}

/** One scope's own value of a ps:set property (an app, or GLOBAL), '' when unset: the report's raw keys. */
export function rawPsSetting(
  scope: string,
  key: 'restart-policy' | 'stop-timeout-seconds' | 'procfile-path' | 'start-cmd' | 'dockerfile-start-cmd',
): string {
  return readProp(NS, scope, key);
}

/** ps:set APP start-cmd (buildpack apps) or dockerfile-start-cmd (Dockerfile and image apps), '' when unset. */
export function startCmdSetting(app: string, key: 'start-cmd' | 'dockerfile-start-cmd'): string {
  return readProp(NS, app, key);
}

/** ps:set APP|--global procfile-path, or '' when unset. */
export function procfilePathSetting(app: string): string {
  return readPropWithGlobal(NS, app, 'procfile-path');
}

/** Store or clear (empty value) one ps:set property. */
export function setPsProp(app: string | typeof GLOBAL, key: string, value: string): void {
  setOrClearProp(NS, app, key, value);
}

/** The deploy that ps:stop stopped, or ''. */
export function stoppedDeploy(app: string): string {
  return readProp(NS, app, 'stopped-deploy');
}

/** True when the app was stopped with ps:stop and nothing has deployed it since. */
export function isStopped(app: string): boolean {
  const stopped = stoppedDeploy(app);
  return stopped !== '' && stopped === liveDeployId(app);
}

export function setStoppedDeploy(app: string, deployId: string | undefined): void {
  if (deployId) writeProp(NS, app, 'stopped-deploy', deployId);
  else removeProp(NS, app, 'stopped-deploy');
}
