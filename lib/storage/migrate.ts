// storage:migrate APP|--all: move legacy `docker-options -v HOST:CONTAINER` lines into storage (Dokku's
// migration): a bind mount becomes an attachment of a `legacy-<hash>` entry for its host path, a named
// volume a plain storage mount. Only lines set for both deploy and run move (storage mounts apply to both;
// a one-phase line stays in docker-options with a warning). A line keeps its admin mark, never gains one:
// a user's mount that reaches outside the storage root stays refused at deploy after the move.
import crypto from 'node:crypto';
import { PaasError } from '../core/errors.js';
import { step, warn } from '../core/log.js';
import { writeProp } from '../state/props.js';
import { isAdminLine, readOptionLines, removeOptions } from '../docker-options/store.js';
import { isAnonymousVolume, parseOptions } from '../docker-options/parse.js';
import { formatMount, MountSpec, parseMountSpec } from './mount-spec.js';
import { addMount, readMounts } from './mounts.js';
import { readEntry, saveEntry, StorageEntry } from './entries.js';
import { recordAttachment } from './attachments.js';

export const MIGRATED_PROPERTY = 'legacy-mounts-migrated';

/** Dokku's LegacyMountToEntry name: legacy- and the first 10 hex digits of sha1(host path). */
export function legacyEntryName(hostPath: string): string {
  return 'legacy-' + crypto.createHash('sha1').update(hostPath).digest('hex').slice(0, 10);
}

/** The mount of a stored line that is exactly one non-anonymous -v, else null. */
function volumeLine(line: string): MountSpec | null {
  let opts;
  try {
    opts = parseOptions(line, []);
  } catch {
    return null;
  }
  if (opts.length !== 1 || opts[0].flag !== '--volume' || isAnonymousVolume(opts[0].value ?? '')) return null;
  try {
    return parseMountSpec(opts[0].value);
  } catch {
    return null;
  }
}

function legacyEntry(m: MountSpec): StorageEntry {
  const name = legacyEntryName(m.source);
  const existing = readEntry(name);
  if (existing) {
    if (existing.host_path !== m.source)
      throw new PaasError(`legacy entry ${JSON.stringify(name)} already exists with conflicting fields`);
    return existing;
  }
  const entry: StorageEntry = { name, scheduler: 'docker-local', host_path: m.source, schema_version: 1 };
  saveEntry(entry);
  return entry;
}

/** Migrate one app; returns how many lines moved. */
export function migrateApp(app: string): number {
  const deploy = readOptionLines(app, 'deploy');
  const run = readOptionLines(app, 'run');
  let moved = 0;
  for (const line of [...new Set([...deploy, ...run])].sort()) {
    const m = volumeLine(line);
    if (!m) continue;
    if (!deploy.includes(line) || !run.includes(line)) {
      warn(
        `Leaving "${line}" in docker-options (${deploy.includes(line) ? 'deploy' : 'run'} only): storage mounts apply to deploy and run alike`,
      );
      continue;
    }
    const clash = readMounts(app).find((c) => c.target === m.target && formatMount(c) !== formatMount(m));
    if (clash) {
      warn(`Leaving "${line}" in docker-options: ${m.target} is already a storage mount (${formatMount(clash)})`);
      continue;
    }
    const vouched = isAdminLine(app, 'deploy', line) && isAdminLine(app, 'run', line);
    const entry = m.kind === 'bind' ? legacyEntry(m) : undefined;
    removeOptions(app, ['deploy', 'run'], line);
    if (!readMounts(app).some((c) => formatMount(c) === formatMount(m))) addMount(app, formatMount(m), false, vouched);
    if (entry) recordAttachment(app, entry.name, m.target);
    step(`Migrated "${line}" of ${app}${entry ? ` to storage entry ${entry.name}` : ''}`);
    moved++;
  }
  if (moved) writeProp('storage', app, MIGRATED_PROPERTY, 'true');
  return moved;
}
