// repo:purge-cache's one state: the next build of the app starts without the build cache. Kept until a
// build succeeds, so a failed build does not use up the request.
import { readProp, removeProp, writeProp } from '../state/props.js';

const NS = 'repo';
const KEY = 'purge-cache';

export function requestCachePurge(app: string): void {
  writeProp(NS, app, KEY, 'true');
}

export function cachePurgeRequested(app: string): boolean {
  return readProp(NS, app, KEY) === 'true';
}

export function clearCachePurge(app: string): void {
  removeProp(NS, app, KEY);
}
