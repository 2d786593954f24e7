// The storage verbs shared by `paas storage:*` and the `paas-storage-mount` executable.
import { info, out, step, warn } from '../core/log.js';
import { UsageError } from '../core/errors.js';
import { jsonOrPlain } from '../core/format.js';
import fs from 'node:fs';
import { isDeployed } from '../apps/runtime.js';
import { addMount, ensureStorageDirectory, phaseMounts, removeMount } from './mounts.js';
import { formatMount } from './mount-spec.js';

function restartHint(app: string): void {
  if (isDeployed(app)) info(`Restart required: run "paas ps:restart ${app}" to apply the change to running containers`);
}

export function listStorage(app: string, format: string | undefined): void {
  const mounts = phaseMounts(app, 'deploy');
  if (jsonOrPlain(format, ['text', 'stdout']) === 'json') {
    const rows = mounts.map((m) => ({ host_path: m.source, container_path: m.target, volume_options: m.options }));
    out(JSON.stringify(rows));
    return;
  }
  step(`${app} volume bind-mounts:`);
  for (const m of mounts) out(`       ${formatMount(m)}`);
}

export function mountStorage(app: string, spec: string | undefined): void {
  const m = addMount(app, spec ?? '');
  if (m.vouched) return void step(`Mount ${formatMount(m)} of ${app} is now marked as set by an admin`);
  if (m.kind === 'bind' && !fs.existsSync(m.source))
    warn(
      `Host path ${m.source} does not exist yet; create it (paas storage:ensure-directory NAME) before restarting, or docker creates it owned by root`,
    );
  step(`Mounted ${formatMount(m)} in ${app}`);
  restartHint(app);
}

export function unmountStorage(app: string, spec: string | undefined): void {
  const m = removeMount(app, spec ?? '');
  step(`Unmounted ${formatMount(m)} from ${app}`);
  restartHint(app);
}

export function ensureDirectory(name: string | undefined, chown: string | undefined): void {
  if (!name)
    throw new UsageError(
      'Please specify a directory name (usage: paas storage:ensure-directory [--chown OPTION] NAME)',
    );
  const { dir, owner } = ensureStorageDirectory(name, chown ?? 'herokuish');
  step(`Ensuring ${dir} exists`);
  if (owner) info(`Setting directory ownership to ${owner[0]}:${owner[1]}`);
  info('Directory ready for mounting');
}
