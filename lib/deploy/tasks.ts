// Deploy tasks: Procfile `release:`, app.json scripts.dokku.predeploy/postdeploy and scripts.postdeploy,
// each in a one-off container from the release image with the release env. Output streams to stderr as
// it happens (the person pushing sees it); a non-zero exit is an error naming the task.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { docker } from '../docker/client.js';
import { removeContainerQuietly } from '../docker/containers.js';
import { PaasError } from '../core/errors.js';
import { heading, step } from '../core/log.js';
import { Release } from '../release/types.js';
import { TaskKind, taskCreateOptions } from './container-spec.js';
import { CreateOptions } from '../docker/merge.js';
import { paths } from '../state/paths.js';
import { adoptOwner, writeFileAtomic } from '../state/atomic.js';
import { serializeEnv } from '../config/env-file.js';
import { splitWords } from '../docker-options/words.js';

/** A task exited non-zero. */
export class TaskError extends PaasError {
  constructor(
    readonly task: TaskKind,
    message: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export interface TaskPlan {
  task: TaskKind;
  cmd: string;
  /** predeploy changes are committed into the release image, as in Dokku. */
  commit: boolean;
}

function scriptOf(appJson: Record<string, unknown> | undefined, ...keys: string[]): string | undefined {
  let v: unknown = appJson;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** Tasks that run before the new processes start, in Dokku's order: predeploy, then release. */
export function preDeployTasks(
  release: Pick<Release, 'appJson' | 'releaseCommand'>,
  opts: { predeploy?: boolean } = {},
): TaskPlan[] {
  const plans: TaskPlan[] = [];
  const pre = scriptOf(release.appJson, 'scripts', 'dokku', 'predeploy');
  if (pre && opts.predeploy !== false) plans.push({ task: 'predeploy', cmd: pre, commit: true });
  if (release.releaseCommand?.trim()) plans.push({ task: 'release', cmd: release.releaseCommand, commit: false });
  return plans;
}

/** Tasks after the deploy went live: dokku.postdeploy always, Heroku's scripts.postdeploy only on the first. */
export function postDeployTasks(release: Pick<Release, 'appJson'>, firstDeploy: boolean): TaskPlan[] {
  const plans: TaskPlan[] = [];
  const post = scriptOf(release.appJson, 'scripts', 'dokku', 'postdeploy');
  if (post) plans.push({ task: 'postdeploy', cmd: post, commit: false });
  const first = scriptOf(release.appJson, 'scripts', 'postdeploy');
  if (first && firstDeploy) plans.push({ task: 'first-deploy', cmd: first, commit: false });
  return plans;
}

/** Dokku's name of the task's phase, as its messages say it (scripts.postdeploy is heroku.postdeploy). */
function phaseOf(task: TaskKind): string {
  return task === 'first-deploy' ? 'heroku.postdeploy' : task;
}

/** Dokku's "Executing PHASE task from SOURCE[ in ephemeral container]", which scripts grep for. */
function label(plan: TaskPlan): string {
  const source = plan.task === 'release' ? 'Procfile' : 'app.json';
  return `${phaseOf(plan.task)} task from ${source}${plan.commit ? '' : ' in ephemeral container'}`;
}

/** ENTRYPOINTs that only reap children: the task still runs through the shell behind them, as in Dokku. */
const INIT_ENTRYPOINTS = new Set(['/tini', '/bin/tini', '/usr/bin/tini', '/usr/local/bin/tini'].map((t) => `${t} --`));

/**
 * As Dokku: an image with an ENTRYPOINT (a tini one aside) gets the task's words as its arguments, so an
 * entrypoint script sees `touch /app/x`, not `/bin/sh -c ...`. undefined: run it through /bin/sh -c (no
 * entrypoint, or a command that needs a shell: operators, unbalanced quotes).
 */
export function entrypointTaskArgs(cmd: string, entrypoint: string[] | undefined): string[] | undefined {
  if (!entrypoint?.length || INIT_ENTRYPOINTS.has(entrypoint.join(' '))) return undefined;
  try {
    const words = splitWords(cmd.trim());
    return words.length ? words : undefined;
  } catch {
    return undefined;
  }
}

async function imageEntrypoint(image: string): Promise<string[] | undefined> {
  const info = (await docker().getImage(image).inspect()) as { Config?: { Entrypoint?: string[] | null } };
  return info.Config?.Entrypoint ?? undefined;
}

/** Run one task to completion; throws PaasError when it exits non-zero. */
async function runTask(app: string, release: Release, plan: TaskPlan, taskId: string): Promise<void> {
  step(`Executing ${label(plan)}: ${plan.cmd}`);
  const opts = plan.commit
    ? await commitTaskOptions(app, release, plan, taskId)
    : taskCreateOptions(app, release, plan.task, plan.cmd, taskId);
  const entrypoint = await imageEntrypoint(release.image);
  const args = entrypointTaskArgs(plan.cmd, entrypoint);
  if (args && plan.commit && entrypoint) {
    // The committed container gets the release env from the mounted file: a shell in front sources it,
    // then execs the image's own entrypoint with the task's words (commitTask restores the entrypoint).
    opts.Entrypoint = ['/bin/sh', '-c', `set -a; . ${TASK_ENV_PATH}; set +a; exec "$0" "$@"`, ...entrypoint];
    opts.Cmd = args;
  } else if (args) opts.Cmd = args;
  // A task container of a killed earlier run may still hold the name.
  await removeContainerQuietly(opts.name as string);
  const container = await docker().createContainer(opts);
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const sink = new PassThrough();
    sink.pipe(process.stderr, { end: false });
    docker().modem.demuxStream(stream, sink, sink);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
    });
    heading(`Start of ${app} ${plan.task} task output`);
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    // Let the last output lines through before printing the end marker.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    sink.unpipe(process.stderr);
    heading(`End of ${app} ${plan.task} task output`);
    if (result.StatusCode !== 0)
      throw new TaskError(
        plan.task,
        `Execution of ${phaseOf(plan.task)} task failed: ${plan.cmd} (exit code ${result.StatusCode})`,
      );
    if (plan.commit) await commitTask(container.id, release.image, plan);
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    if (plan.commit) fs.rmSync(taskEnvDir(app), { recursive: true, force: true });
  }
}

function taskEnvDir(app: string): string {
  return path.join(paths.buildDir(app), '.task-env');
}

/**
 * A committed container keeps its config, env and labels included, in the image. So the predeploy
 * container carries none of ours: the release env comes from a bind-mounted file (mounts are not
 * committed) and it has no labels; its fixed name lets the next deploy remove it after a crash.
 */
async function commitTaskOptions(
  app: string,
  release: Release,
  plan: TaskPlan,
  taskId: string,
): Promise<CreateOptions> {
  const full = taskCreateOptions(app, release, plan.task, plan.cmd, taskId);
  const env: Record<string, string> = {};
  for (const e of full.Env ?? []) {
    const i = e.indexOf('=');
    env[e.slice(0, i)] = e.slice(i + 1);
  }
  // 0700 directory on the host, file readable inside the container whatever user the image runs as.
  const dir = taskEnvDir(app);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  adoptOwner(dir);
  const file = path.join(dir, 'env');
  writeFileAtomic(file, serializeEnv(env), 0o644);
  const opts: CreateOptions = {
    ...full,
    name: predeployContainerName(app),
    Env: undefined,
    Labels: undefined,
    Cmd: ['/bin/sh', '-c', `set -a; . ${TASK_ENV_PATH}; set +a; exec /bin/sh -c "$0"`, plan.cmd],
    HostConfig: {
      ...(full.HostConfig ?? {}),
      Binds: [...(full.HostConfig?.Binds ?? []), `${file}:${TASK_ENV_PATH}:ro`],
    },
  };
  delete opts.Env;
  delete opts.Labels;
  return opts;
}

const TASK_ENV_PATH = '/run/paas-task.env';

export function predeployContainerName(app: string): string {
  return `${app}.predeploy`;
}

/** Commit the task's file changes into the release image, keeping the image's own command. */
async function commitTask(containerId: string, image: string, plan: TaskPlan): Promise<void> {
  const info = (await docker().getImage(image).inspect()) as {
    Config?: { Cmd?: string[] | null; Entrypoint?: string[] | null };
  };
  const [repo, tag] = splitImage(image);
  const body: Record<string, unknown> = {
    Cmd: info.Config?.Cmd ?? [],
    Entrypoint: info.Config?.Entrypoint ?? [],
  };
  await docker()
    .getContainer(containerId)
    .commit({ _query: { container: containerId, repo, tag, comment: `paas ${plan.task}: ${plan.cmd}` }, _body: body });
}

export async function runTasks(app: string, release: Release, plans: TaskPlan[], taskId: string): Promise<void> {
  for (const plan of plans) await runTask(app, release, plan, taskId);
}

export function splitImage(image: string): [string, string] {
  const i = image.lastIndexOf(':');
  if (i > image.lastIndexOf('/')) return [image.slice(0, i), image.slice(i + 1)];
  return [image, 'latest'];
}
