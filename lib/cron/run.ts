// `cron:run APP ID`: one task, now, in a one-off container of the live release (the image, config,
// storage, networks and `run` docker-options that `paas run` uses), labelled with the app, the task id
// and the start time. The command runs inside the container (a Procfile entry's command, or the text
// through /bin/sh -c); its output goes to the caller and to the app's cron log, and its exit code and
// time are kept for cron:list. The host crontab calls exactly this.
import crypto from 'node:crypto';
import { execa } from 'execa';
import { spawnDetached } from '../state/detach.js';
import { PaasError } from '../core/errors.js';
import { info, warn } from '../core/log.js';
import { requireApp } from '../apps/store.js';
import { docker, isNotFound } from '../docker/client.js';
import { LABEL } from '../docker/containers.js';
import { CreateOptions, mergeCreateOptions } from '../docker/merge.js';
import { runCreateOptions } from '../deploy/container-spec.js';
import { liveRelease } from '../release/store.js';
import { Release } from '../release/types.js';
import { resolveCommand } from '../run/argv.js';
import { openCronLog } from './log.js';
import { recordLastRun } from './settings.js';
import { CronTask, parseCronTasks, validateCronId } from './tasks.js';

const CRON_LABEL = {
  id: LABEL.cronId,
  started: 'paas.cron-started',
  policy: 'paas.concurrency-policy',
} as const;

/** Dokku's default task lifetime (24 h). */
export const DEFAULT_TTL_SECONDS = 86400;

/** The task of the live release with this id. */
export function findLiveTask(app: string, id: string | undefined): { task: CronTask; release: Release } {
  const cronId = validateCronId(id, app);
  const release = liveRelease(app);
  if (!release) throw new PaasError(`App ${app} has not been deployed`);
  const task = parseCronTasks(app, release.appJson).find((t) => t.id === cronId);
  if (!task)
    throw new PaasError(
      `No matching Cron ID found. Please specify a Cron ID from the output of 'paas cron:list ${app}'`,
    );
  return { task, release };
}

/** Everything a cron run decides without docker: tested by comparing values. */
export function cronCreateOptions(
  base: CreateOptions,
  release: Pick<Release, 'processes'>,
  task: Pick<CronTask, 'app' | 'id' | 'command' | 'concurrencyPolicy'>,
  startedAt: string,
  suffix: string,
): CreateOptions {
  return mergeCreateOptions(base, {
    name: `${task.app}.cron.${suffix}`,
    Cmd: resolveCommand([task.command], release.processes),
    Env: [`DYNO=cron.${suffix}`],
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Labels: {
      ...base.Labels,
      [LABEL.process]: 'cron',
      [CRON_LABEL.id]: task.id,
      [CRON_LABEL.started]: startedAt,
      [CRON_LABEL.policy]: task.concurrencyPolicy,
    },
  });
}

async function runningCopies(app: string, id: string): Promise<string[]> {
  const list = await docker().listContainers({
    filters: { label: [`${LABEL.app}=${app}`, `${CRON_LABEL.id}=${id}`], status: ['running'] },
  });
  return list.map((c) => c.Id);
}

/** Pass a stream through to `to` unchanged while handing its lines to the log; flush() the last one. */
function tee(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, onLine: (l: string) => void): () => void {
  let rest = '';
  from.on('data', (chunk: Buffer) => {
    to.write(chunk);
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) onLine(l);
  });
  return () => {
    if (rest) onLine(rest);
    rest = '';
  };
}

export interface CronRunOptions {
  detach?: boolean;
  ttlSeconds?: number;
}

/** Run the task attached; returns its exit code (1 when a `forbid` policy finds it running already). */
export async function runCronTask(appArg: string, id: string | undefined, opts: CronRunOptions = {}): Promise<number> {
  const app = requireApp(appArg);
  const { task, release } = findLiveTask(app, id);
  if (opts.detach) {
    // In the background, the same command without --detach: it logs, records and removes like any run.
    const args = ['cron:run', app, task.id];
    if (opts.ttlSeconds) args.push('--ttl-seconds', String(opts.ttlSeconds));
    if (!spawnDetached('paas', args, 'cron-run')) return 1;
    info(`Running cron task ${task.id} of ${app} in the background (output: paas logs ${app} -p cron)`);
    return 0;
  }

  const running = await runningCopies(app, task.id);
  if (running.length && task.concurrencyPolicy === 'forbid') {
    warn(`${app} currently has a cron lock in place for ${task.id}. Exiting...`);
    return 1;
  }
  if (running.length && task.concurrencyPolicy === 'replace') {
    warn(`Replacing running container for ${task.id}`);
    for (const c of running)
      await docker()
        .getContainer(c)
        .remove({ force: true })
        .catch(() => undefined);
  }

  const startedAt = new Date().toISOString();
  const suffix = crypto.randomBytes(3).toString('hex');
  const options = cronCreateOptions(runCreateOptions(app, release), release, task, startedAt, suffix);
  const log = openCronLog(app, `cron.${suffix}`);
  log.line(`Starting cron task ${task.id} (release ${release.number}): ${task.command.replace(/\n/g, '\\n')}`);
  const container = await docker().createContainer(options);
  let code = 1;
  // Ctrl-C reaches the command through the docker CLI; paas stays to remove the container and record.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    // The docker CLI attaches and exits once the container has and its output is flushed (the
    // same path as `paas run`), so nothing printed at the very end is lost.
    const child = execa('docker', ['start', '--attach', container.id], {
      stdin: 'ignore',
      buffer: false,
      reject: false,
    });
    const flushOut = tee(child.stdout!, process.stdout, log.line);
    const flushErr = tee(child.stderr!, process.stderr, log.line);
    const ttl = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    const timer = setTimeout(() => {
      log.line(`Stopping cron task ${task.id}: it ran longer than ${ttl} s`);
      container.stop({ t: 10 }).catch(() => undefined);
    }, ttl * 1000);
    let r;
    try {
      r = await child;
    } finally {
      clearTimeout(timer);
    }
    flushOut();
    flushErr();
    code = typeof r.exitCode === 'number' ? r.exitCode : 1;
    try {
      const state = (await container.inspect()).State;
      if (!state.Running) code = state.ExitCode;
    } catch (e) {
      if (!isNotFound(e)) throw e; // removed meanwhile (a `replace` run took over)
    }
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
    await container.remove({ force: true }).catch((e) => {
      // 404/409: gone already, or being removed by a `replace` run
      if (!isNotFound(e) && (e as { statusCode?: number }).statusCode !== 409)
        warn(`Could not remove ${options.name}: ${(e as Error).message}`);
    });
    log.line(`Cron task ${task.id} exited with code ${code}`);
    recordLastRun(app, task.id, { at: startedAt, exitCode: code });
  }
  return code;
}
