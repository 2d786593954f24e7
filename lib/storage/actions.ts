// The storage verbs shared by `paas storage:*` and the `paas-storage-mount` executable.
import { info, isQuiet, out, step, warn } from '../core/log.js';
import { UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import fs from 'node:fs';
import { isDeployed } from '../apps/runtime.js';
import { addMount, ensureStorageDirectory, phaseMounts, removeMount, removeMountsOf } from './mounts.js';
import { formatMount, MountSpec } from './mount-spec.js';
import { entryForPath, listEntries, requireEntry } from './entries.js';
import { forgetAttachments, recordAttachment } from './attachments.js';

function restartHint(app: string): void {
  if (isDeployed(app)) info(`Restart required: run "paas ps:restart ${app}" to apply the change to running containers`);
}

export function listStorage(app: string, format: string | undefined): void {
  const mounts = phaseMounts(app, 'deploy');
  if (jsonOrPlain(format, ['text', 'stdout']) === 'json') {
    const entries = listEntries();
    out(JSON.stringify(mounts.map((m) => listRow(m, entryForPath(m.source, entries)?.name))));
    return;
  }
  step(`${app} volume bind-mounts:`);
  for (const m of mounts) out(isQuiet() ? formatMount(m) : `       ${formatMount(m)}`);
}

/** Dokku's storage:list JSON row: readonly and volume_options only when set. */
function listRow(m: MountSpec, entryName: string | undefined): Record<string, string | boolean> {
  const row: Record<string, string | boolean> = { host_path: m.source, container_path: m.target };
  if (entryName) row.entry_name = entryName;
  const words = m.options ? m.options.split(',') : [];
  if (words.includes('ro')) row.readonly = true;
  const rest = words.filter((w) => w !== 'ro');
  if (rest.length) row.volume_options = rest.join(',');
  return row;
}

/** `storage:mount APP ENTRY --container-dir DIR`: attach a named entry (again: update in place). */
export function mountEntry(
  app: string,
  name: string,
  containerDir: string | undefined,
  volumeOptions: string | undefined,
  readonly: boolean,
): void {
  const entry = requireEntry(name);
  if (!containerDir) throw new UsageError('Please specify --container-dir when mounting a storage entry');
  const words = [...(readonly ? ['ro'] : []), ...(volumeOptions ? volumeOptions.split(',') : [])];
  const m = addMount(app, `${entry.host_path}:${containerDir}${words.length ? ':' + words.join(',') : ''}`, true);
  recordAttachment(app, entry.name, m.target);
  step(`Mounted storage entry ${entry.name} (${formatMount(m)}) in ${app}`);
  restartHint(app);
}

/** `storage:unmount APP ENTRY [--container-dir DIR]`. */
export function unmountEntry(app: string, name: string, containerDir: string | undefined): void {
  const entry = requireEntry(name);
  const gone = removeMountsOf(app, entry.host_path, containerDir);
  forgetAttachments(
    app,
    gone.map((m) => m.target),
  );
  for (const m of gone) step(`Unmounted ${formatMount(m)} from ${app}`);
  restartHint(app);
}

export function mountStorage(app: string, spec: string | undefined): void {
  const m = addMount(app, spec ?? '');
  if (m.vouched) return void step(`Mount ${formatMount(m)} of ${app} is now marked as set by an admin`);
  if (m.kind === 'bind' && !fs.existsSync(m.source))
    warn(
      `Host path ${m.source} does not exist yet; create it (paas storage:create NAME) before restarting, or docker creates it owned by root`,
    );
  step(`Mounted ${formatMount(m)} in ${app}`);
  restartHint(app);
}

export function unmountStorage(app: string, spec: string | undefined): void {
  const m = removeMount(app, spec ?? '');
  forgetAttachments(app, [m.target]);
  step(`Unmounted ${formatMount(m)} from ${app}`);
  restartHint(app);
}

export function ensureDirectory(name: string | undefined, chown: string | undefined): void {
  warn("Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'");
  if (!name)
    throw new UsageError(
      'Please specify a directory name (usage: paas storage:ensure-directory [--chown OPTION] NAME)',
    );
  const { dir, owner } = ensureStorageDirectory(name, chown ?? 'herokuish');
  step(`Ensuring ${dir} exists`);
  if (owner) info(`Setting directory ownership to ${owner[0]}:${owner[1]}`);
  info('Directory ready for mounting');
}
