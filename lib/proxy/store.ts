// Whether nginx routes to an app (props/proxy/APP/disabled). A disabled app has no vhost.
import { readProp, removeProp, writeProp } from '../state/props.js';

export function isProxyEnabled(app: string): boolean {
  return readProp('proxy', app, 'disabled') !== 'true';
}

export function setProxyEnabled(app: string, enabled: boolean): void {
  if (enabled) removeProp('proxy', app, 'disabled');
  else writeProp('proxy', app, 'disabled', 'true');
}

/** The only proxy implementation paas has; kept for Dokku's proxy:report/proxy:set vocabulary. */
export const PROXY_TYPE = 'nginx';
