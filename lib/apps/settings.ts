// Per-app and global settings of the apps namespace (props apps/SCOPE/KEY).
import { GLOBAL, readProp, readPropWithGlobal, removeProp, writeProp } from '../state/props.js';

/** True when `apps:set --global disable-autocreation true`: a push to an unknown app is refused. */
export function isAutocreationDisabled(app?: string): boolean {
  const v = app
    ? readPropWithGlobal('apps', app, 'disable-autocreation')
    : readProp('apps', GLOBAL, 'disable-autocreation');
  return v === 'true';
}

/** Where the running code came from, for apps:report: "git" + rev, "image" + image name, ... */
export function writeDeploySource(app: string, source: string, metadata: string): void {
  writeProp('apps', app, 'deploy-source', source);
  if (metadata) writeProp('apps', app, 'deploy-source-metadata', metadata);
  else removeProp('apps', app, 'deploy-source-metadata');
}

/** Forget where the code came from (a failed git:from-image on an app that never had a source). */
export function clearDeploySource(app: string): void {
  removeProp('apps', app, 'deploy-source');
  removeProp('apps', app, 'deploy-source-metadata');
}

export function readDeploySource(app: string): { source: string; metadata: string } {
  return { source: readProp('apps', app, 'deploy-source'), metadata: readProp('apps', app, 'deploy-source-metadata') };
}
