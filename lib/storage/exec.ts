// storage:exec NAME [--image IMAGE] [--as-user UID] [-- COMMAND...]: run a command in a throwaway
// container with the entry's directory at /data (Dokku's docker-local scheduler-storage-exec). Never on
// the host: the command only ever reaches docker as the container's argv, with no shell in between.
import fs from 'node:fs';
import { execa } from 'execa';
import { PaasError, UsageError } from '../core/errors.js';
import { chownId, defaultEntryPath, requireEntry, StorageEntry } from './entries.js';

export const DEFAULT_EXEC_IMAGE = 'alpine:3';
/** A docker image reference: never empty, never starting with "-" (it would be read as a docker flag). */
const IMAGE_RE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

export interface ExecPlan {
  args: string[];
}

/** The container user: --as-user, else the entry's chown uid (Dokku's resolveUser). */
function execUser(entry: StorageEntry, asUser: string | undefined): string | undefined {
  if (asUser !== undefined) {
    if (!/^\d+$/.test(asUser) || Number(asUser) > 65535)
      throw new UsageError(`Invalid --as-user ${JSON.stringify(asUser)}: use a numeric uid from 0 to 65535`);
    return `${Number(asUser)}:${Number(asUser)}`;
  }
  if (entry.chown === undefined) return undefined;
  const uid = chownId(entry.chown);
  return uid === null ? undefined : `${uid}:${uid}`;
}

/** The entry's directory must be there and be a directory (on the default path: not a symlink either). */
function checkSource(entry: StorageEntry): void {
  const dflt = entry.host_path === defaultEntryPath(entry.name);
  let st: fs.Stats;
  try {
    st = dflt ? fs.lstatSync(entry.host_path) : fs.statSync(entry.host_path);
  } catch {
    throw new PaasError(`host path ${entry.host_path} does not exist`);
  }
  if (!st.isDirectory()) throw new PaasError(`host path ${entry.host_path} exists but is not a directory`);
}

/** docker run's argv for one storage:exec, after every check. */
export function execPlan(
  name: string | undefined,
  opts: { image?: string; asUser?: string; command: string[]; interactive: boolean; tty: boolean },
): ExecPlan {
  if (!name) throw new UsageError('storage:exec requires a storage entry name');
  const entry = requireEntry(name);
  const image = opts.image ?? DEFAULT_EXEC_IMAGE;
  if (!IMAGE_RE.test(image)) throw new UsageError(`Invalid --image ${JSON.stringify(image)}`);
  const user = execUser(entry, opts.asUser);
  checkSource(entry);
  const cmd = opts.command.length
    ? opts.command
    : ['sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh'];
  return {
    args: [
      'run',
      '--rm',
      ...(opts.tty ? ['-it'] : opts.interactive ? ['-i'] : []),
      ...(user ? ['--user', user] : []),
      '-v',
      `${entry.host_path}:/data`,
      image,
      ...cmd,
    ],
  };
}

/** stdin is a terminal (-it) or a pipe/file (-i); otherwise nothing is attached. */
export function stdinModes(): { interactive: boolean; tty: boolean } {
  if (process.stdin.isTTY) return { interactive: true, tty: Boolean(process.stdout.isTTY) };
  try {
    const st = fs.fstatSync(0);
    return { interactive: st.isFIFO() || st.isFile(), tty: false };
  } catch {
    return { interactive: false, tty: false };
  }
}

/** Run it, streaming stdio; the container's exit code is the command's. */
export async function storageExec(plan: ExecPlan): Promise<number> {
  const r = await execa('docker', plan.args, { stdio: 'inherit', reject: false });
  return typeof r.exitCode === 'number' ? r.exitCode : 1;
}
