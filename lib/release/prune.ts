// Old release images are removed beyond `releases:set APP keep N` (default 5): the paas/APP:vN tags of
// the oldest releases, never the live one nor one a container of the app still uses.
import { docker, isNotFound } from '../docker/client.js';
import { listAppContainers } from '../docker/containers.js';
import { info } from '../core/log.js';
import { listReleases, releaseKeep, writeRelease } from './store.js';
import { liveReleaseNumber } from '../ps/store.js';

export interface PruneCandidate {
  number: number;
  pruned?: boolean;
}

/** Release numbers whose images go (pure): all but the newest `keep`, minus those in use. */
export function choosePrunable(releases: PruneCandidate[], keep: number, inUse: Set<number>): number[] {
  const newestFirst = releases.filter((r) => !r.pruned).sort((a, b) => b.number - a.number);
  return newestFirst
    .slice(Math.max(1, keep))
    .map((r) => r.number)
    .filter((n) => !inUse.has(n))
    .sort((a, b) => a - b);
}

export async function pruneReleaseImages(app: string): Promise<number[]> {
  const releases = listReleases(app);
  const inUse = new Set<number>((await listAppContainers(app, { all: true })).map((c) => c.release));
  const live = liveReleaseNumber(app);
  if (live !== undefined) inUse.add(live);
  const pruned: number[] = [];
  for (const n of choosePrunable(releases, releaseKeep(app), inUse)) {
    const r = releases.find((x) => x.number === n)!;
    try {
      await docker().getImage(r.image).remove({ noprune: false });
    } catch (e) {
      const code = (e as { statusCode?: number }).statusCode;
      // 409: a container we do not know about uses it; keep it and try next time.
      if (code === 409) continue;
      if (!isNotFound(e)) throw e;
    }
    r.pruned = true;
    writeRelease(r);
    pruned.push(n);
  }
  if (pruned.length) info(`Pruned images of release(s) ${pruned.join(', ')} (keeping ${releaseKeep(app)})`);
  return pruned;
}
