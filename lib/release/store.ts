// Release records: apps/APP/releases/N.json (0600: they hold a config snapshot). The live release and
// deploy are props (ps/APP/live-release, ps/APP/live-deploy) so routing and restore read one small file.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { readFileOr, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';
import { readProp, readPropWithGlobal, removeProp, writeProp } from '../state/props.js';
import { Release } from './types.js';
import { liveReleaseNumber, setLive } from '../ps/store.js';

const DEFAULT_KEEP = 5;

function parseRelease(app: string, n: number, text: string): Release {
  try {
    return JSON.parse(text) as Release;
  } catch {
    throw new PaasError(`Release ${n} of ${app} is unreadable (${paths.release(app, n)})`);
  }
}

export function readRelease(app: string, n: number): Release | undefined {
  const text = readFileOr(paths.release(app, n), '');
  return text ? parseRelease(app, n, text) : undefined;
}

export function requireRelease(app: string, n: number): Release {
  const r = readRelease(app, n);
  if (!r) throw new PaasError(`Release ${n} of ${app} does not exist (see paas releases:list ${app})`);
  return r;
}

/** Release numbers present on disk, ascending. */
function listReleaseNumbers(app: string): number[] {
  let files: string[];
  try {
    files = fs.readdirSync(paths.releasesDir(app));
  } catch {
    return [];
  }
  return files
    .map((f) => /^([1-9][0-9]*)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Every release of the app, oldest first. */
export function listReleases(app: string): Release[] {
  return listReleaseNumbers(app)
    .map((n) => readRelease(app, n))
    .filter((r): r is Release => !!r);
}

export function writeRelease(release: Release): void {
  writeFileAtomic(paths.release(release.app, release.number), JSON.stringify(release, null, 2) + '\n', 0o600);
}

/** Numbers only grow, even past pruned records: a number never names two different releases. */
export function nextReleaseNumber(app: string): number {
  const nums = listReleaseNumbers(app);
  const last = Number(readProp('releases', app, 'last-number', '0')) || 0;
  return Math.max(last, nums.length ? nums[nums.length - 1] : 0) + 1;
}

/** Claim a release number (callers hold the app lock). */
export function claimReleaseNumber(app: string): number {
  const n = nextReleaseNumber(app);
  writeProp('releases', app, 'last-number', String(n));
  return n;
}

/** Start the numbering again at 1 (a clone: the release records stay with the source app). */
export function resetReleaseNumbering(app: string): void {
  removeProp('releases', app, 'last-number');
}

/** The release serving the app now, or undefined when it was never deployed. */
export function liveRelease(app: string): Release | undefined {
  const n = liveReleaseNumber(app);
  return n === undefined ? undefined : readRelease(app, n);
}

/** Record that release n went live under deploy id. Order matters: deploy first, release last. */
export function markLive(app: string, n: number, deployId: string): void {
  setLive(app, n, deployId);
  const r = readRelease(app, n);
  if (r) {
    r.live = true;
    r.deployedAt ??= new Date().toISOString();
    delete r.failure;
    writeRelease(r);
  }
}

/** How many releases keep their image (releases:set APP keep N, default 5). */
export function releaseKeep(app: string): number {
  const v = Number(readPropWithGlobal('releases', app, 'keep', String(DEFAULT_KEEP)));
  return Number.isInteger(v) && v >= 1 ? v : DEFAULT_KEEP;
}

export function releaseImageTag(app: string, n: number): string {
  return `paas/${app}:v${n}`;
}

/** The default rollback target (pure): the newest release before the live one that went live. */
export function previousLiveRelease(releases: Release[], live: number): Release | undefined {
  return releases.filter((r) => r.number < live && r.live && !r.pruned).sort((a, b) => b.number - a.number)[0];
}
