// Making a release: number N, image tag paas/APP:vN, a snapshot of the config, the process list; then
// the tasks that must pass before any new process starts (app.json predeploy, Procfile release:).
// A failing task fails the release before anything that serves traffic changes.
import path from 'node:path';
import { docker, isNotFound } from '../docker/client.js';
import { PaasError } from '../core/errors.js';
import { step } from '../core/log.js';
import { effectiveEnv, readEnv } from '../config/env-file.js';
import { paths } from '../state/paths.js';
import { readFileOr, writeFileAtomic } from '../state/atomic.js';
import type { BuildResult } from '../build/build.js';
import { pathInsideSource } from '../build/source-path.js';
import { seedFormation } from '../deploy/formation.js';
import { parseCronTasks } from '../cron/tasks.js';
import { preDeployTasks, runTasks, splitImage, TaskError } from '../deploy/tasks.js';
import { newDeployId } from '../deploy/orphans.js';
import { claimReleaseNumber, listReleases, releaseImageTag, writeRelease } from './store.js';
import { applyAppJsonEnv, parseAppJsonEnv } from '../app-json/env.js';
import { Release } from './types.js';
import { currentCaller } from '../core/caller.js';

/** Who made the release: the ssh key name paas-ssh-command passes, else the unix user. */
function whoPushed(): string {
  return currentCaller().name;
}

/** Fields of a release that come from its source (a build, the live release, a rollback target). */
export type ReleaseSource = Pick<
  Release,
  | 'builder'
  | 'config'
  | 'processes'
  | 'appJson'
  | 'checksFile'
  | 'rev'
  | 'releaseCommand'
  | 'buildImage'
  | 'formation'
  | 'appConfig'
  | 'rollbackOf'
>;

async function tagImage(source: string, target: string): Promise<void> {
  const [repo, tag] = splitImage(target);
  try {
    await docker().getImage(source).tag({ repo, tag });
  } catch (e) {
    if (isNotFound(e)) throw new PaasError(`Image ${source} does not exist; cannot make a release from it`);
    throw e;
  }
}

/**
 * Number, tag, record, tasks. The record is written before the tasks so a failure is recorded too.
 * predeploy: false for releases made from an earlier release's image, which already holds the
 * predeploy's committed changes (running it again would stack a layer per config change).
 */
export async function makeRelease(
  app: string,
  source: ReleaseSource,
  sourceImage: string,
  opts: { predeploy?: boolean } = {},
): Promise<Release> {
  const number = claimReleaseNumber(app);
  const image = releaseImageTag(app, number);
  await tagImage(sourceImage, image);
  const release: Release = {
    app,
    number,
    image,
    ...source,
    pushedBy: whoPushed(),
    createdAt: new Date().toISOString(),
    live: false,
  };
  for (const k of Object.keys(release) as (keyof Release)[]) if (release[k] === undefined) delete release[k];
  writeRelease(release);
  step(`Releasing ${app} (release ${number}${source.rollbackOf ? `, rollback to ${source.rollbackOf}` : ''})`);
  try {
    await runTasks(app, release, preDeployTasks(release, { predeploy: opts.predeploy ?? true }), newDeployId());
  } catch (e) {
    release.failure = (e as Error).message;
    release.failedTask = e instanceof TaskError ? e.task : 'release';
    writeRelease(release);
    throw e;
  }
  return release;
}

/** DOKKU_SCALE of the pushed source, when the build came from one. */
function readDokkuScale(app: string, build: BuildResult): string | undefined {
  if (build.builder === 'image') return undefined;
  const src = path.join(paths.buildDir(app), 'src');
  const text = readFileOr(pathInsideSource(src, 'DOKKU_SCALE', 'File'), '');
  return text || undefined;
}

export async function createRelease(app: string, build: BuildResult): Promise<Release> {
  // Parse the seed first: a bad DOKKU_SCALE or app.json formation fails before a number is taken.
  const formation = seedFormation(readDokkuScale(app, build), build.appJson);
  // Likewise app.json cron: a bad schedule, a missing command or a duplicate task fails here.
  parseCronTasks(app, build.appJson);
  // And app.json env: checked whole, then applied before the release snapshots the config (as Dokku,
  // before the predeploy task); a required variable without a value fails here, nothing written.
  applyAppJsonEnv(app, parseAppJsonEnv(build.appJson), !listReleases(app).some((r) => r.live));
  return makeRelease(
    app,
    {
      builder: build.builder,
      config: effectiveEnv(app),
      appConfig: readEnv(app),
      processes: build.processes,
      appJson: build.appJson,
      checksFile: build.checksFile,
      rev: build.rev,
      releaseCommand: build.releaseCommand,
      buildImage: build.image,
      formation: Object.keys(formation).length ? formation : undefined,
    },
    build.image,
  );
}

/** builds/APP/release-number: what paas-release made, for paas-deploy run next by the hook. */
function releaseNumberFile(app: string): string {
  return path.join(paths.buildDir(app), 'release-number');
}

export function writeReleaseNumber(app: string, n: number): void {
  writeFileAtomic(releaseNumberFile(app), `${n}\n`);
}

export function readReleaseNumber(app: string): number | undefined {
  const v = Number(readFileOr(releaseNumberFile(app), '').trim());
  return Number.isInteger(v) && v > 0 ? v : undefined;
}
