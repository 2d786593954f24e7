// Containers a killed deploy left behind. Callers hold the app lock, so no other deploy of the app is
// running: a deploy container that is neither live nor scheduled for retirement belongs to no one.
import { AppContainer } from '../docker/containers.js';

/** Deploy ids are `<ms since epoch, base36><2 random chars>`: ordered by time, short in names. */
export function newDeployId(now = Date.now()): string {
  const rand = Math.floor(Math.random() * 36 * 36)
    .toString(36)
    .padStart(2, '0');
  return now.toString(36).padStart(8, '0') + rand;
}

/** Start time of a deploy id made by newDeployId, or 0 for ids made elsewhere (older than any of ours). */
export function deployIdTime(id: string): number {
  if (!/^[0-9a-z]{10}$/.test(id)) return 0;
  return parseInt(id.slice(0, 8), 36) || 0;
}

export interface OrphanPlan {
  /** Containers of deploys that never went live (killed mid-way) and task containers: remove now. */
  remove: AppContainer[];
  /** Deploys that were live before the current one but were never scheduled (the deploy was killed
   * between going live and scheduling retirement): retire them like any old deploy. */
  retire: string[];
}

export function planOrphans(
  containers: AppContainer[],
  liveDeploy: string | undefined,
  scheduled: Set<string>,
): OrphanPlan {
  const liveTime = liveDeploy ? deployIdTime(liveDeploy) : 0;
  const remove: AppContainer[] = [];
  const retire = new Set<string>();
  for (const c of containers) {
    if (c.kind === 'release') {
      remove.push(c);
      continue;
    }
    if (c.kind !== 'deploy') continue;
    if (c.deploy === liveDeploy || scheduled.has(c.deploy)) continue;
    // Newer than the live deploy, or no deploy ever went live: it never served traffic.
    if (!liveDeploy || deployIdTime(c.deploy) > liveTime) remove.push(c);
    else retire.add(c.deploy);
  }
  return { remove, retire: [...retire].sort() };
}
