// paas-build's work: turn builds/APP/src (or the git:from-image image) into an image tagged
// paas/APP:build-REV and paas/APP:latest, and describe it in builds/APP/build.json for paas-release.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { appImageRepo, docker } from '../docker/client.js';
import { LABEL } from '../docker/containers.js';
import { dockerOptionsBuildOptions } from '../docker-options/apply.js';
import { pathInsideSource } from './source-path.js';
import { readFileOr, writeFileAtomic } from '../state/atomic.js';
import { paths } from '../state/paths.js';
import { readAppFiles } from './app-files.js';
import { computedAppJsonPath } from '../app-json/settings.js';
import { contextMembers } from './dockerignore.js';
import {
  buildImageFromParts,
  ContextPart,
  imageExists,
  mergeBuildOptions,
  removeDanglingOf,
  tagImage,
} from './docker-build.js';
import { describeImageCommand, readImageAppFiles, resolveSourceImage } from './image-source.js';
import { BuildPlan, Detection, detectBuilder, GeneratedPlan, planSourceBuild, processesFor } from './plan.js';
import { appBuildpacks, composeBuildpacks, extraStepsFor } from './buildpacks.js';
import { BUILD_ENV_SECRET } from './templates.js';
import { buildWithBuildKit } from './buildkit.js';
import { effectiveEnv, serializeEnv } from '../config/env-file.js';
import { explainPullFailure, firstExposedPort, imageExposedPort } from './image-ports.js';
import { ensureNodeImage, ensurePythonImage, imageRuntimeVersion, runtimeSatisfies } from './runtime-images.js';
import { writeDetectedContainerPort } from '../ports/store.js';
import { sourceImage as sourceImageOf } from '../git/settings.js';
import { cachePurgeRequested, clearCachePurge } from '../repo/store.js';
import { BuilderSettings, checkBuilderSettings, readBuilderSettings, validateImageRef } from './settings.js';

export interface BuildResult {
  image: string;
  builder: string;
  processes: Record<string, string>;
  releaseCommand?: string;
  appJson?: Record<string, unknown>;
  checksFile?: string;
  rev: string;
  /** First TCP port the image EXPOSEs (Dockerfile and image builds): the default container port. */
  exposedPort?: number;
}

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Build tags kept per app (release images are kept by their own vN tags). */
const KEEP_BUILD_TAGS = 3;

function buildResultFile(app: string): string {
  return path.join(paths.buildDir(app), 'build.json');
}

export function sourceDir(app: string): string {
  return path.join(paths.buildDir(app), 'src');
}

export function readBuildResult(app: string): BuildResult | undefined {
  const text = readFileOr(buildResultFile(app), '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as BuildResult;
  } catch {
    throw new PaasError(`${buildResultFile(app)} is corrupt; rebuild the app with: paas ps:rebuild ${app}`);
  }
}

/** The pushed revision paas-receive-app wrote, '' when the source was put there by hand. */
function readRev(app: string): string {
  return readFileOr(path.join(paths.buildDir(app), 'rev'), '').trim();
}

/** build-<short sha> for git revisions, build-<UTC timestamp> otherwise. */
export function buildTag(rev: string, now = new Date()): string {
  if (/^[0-9a-f]{40}$/.test(rev)) return `build-${rev.slice(0, 12)}`;
  return `build-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
}

function writeBuildResult(app: string, result: BuildResult): void {
  writeFileAtomic(buildResultFile(app), JSON.stringify(result, null, 2) + '\n');
}

/** The build tags to keep, newest first (pure): this build's, then the previous ones, KEEP_BUILD_TAGS in all. */
export function keptBuildTags(previous: string[], tag: string, keep = KEEP_BUILD_TAGS): string[] {
  return [tag, ...previous.filter((t) => t !== tag)].slice(0, keep);
}

/**
 * Remove the app's build-* tags beyond the newest KEEP_BUILD_TAGS. The order is the builds' own, kept in
 * builds/APP/tags: image creation times have one-second steps and a cached build keeps an old one.
 */
async function pruneBuildTags(app: string, keep: string): Promise<void> {
  const repo = appImageRepo(app);
  const images = await docker().listImages({ filters: { reference: [repo] } });
  const present = images
    .flatMap((i) => (i.RepoTags ?? []).map((t) => ({ tag: t.slice(repo.length + 1), created: i.Created })))
    .filter((t) => t.tag.startsWith('build-'));
  const file = path.join(paths.buildDir(app), 'tags');
  // Before the file existed: the engine's creation order is the best there is.
  const previous = fs.existsSync(file)
    ? readFileOr(file, '').split('\n').filter(Boolean)
    : [...present].sort((a, b) => b.created - a.created).map((t) => t.tag);
  const kept = keptBuildTags(previous, keep);
  writeFileAtomic(file, kept.join('\n') + '\n');
  for (const t of present.filter((p) => !kept.includes(p.tag))) {
    // An image still used by a container is refused by the engine: that is fine, it stays.
    await docker()
      .getImage(`${repo}:${t.tag}`)
      .remove()
      .catch(() => undefined);
  }
}

function isDir(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Write the generated Dockerfile and the CA bundle beside src/, for a context of Dockerfile, ca.crt, src/. */
function writeGeneratedContext(app: string, dockerfile: string): ContextPart[] {
  const dir = path.join(paths.buildDir(app), 'context');
  writeFileAtomic(path.join(dir, 'Dockerfile'), dockerfile);
  writeFileAtomic(path.join(dir, 'ca.crt'), readFileOr(CA_BUNDLE, ''));
  return [
    { dir, names: ['Dockerfile', 'ca.crt'] },
    { dir: paths.buildDir(app), names: ['src'] },
  ];
}

/** The base image a generated plan starts FROM: made on first use unless builder:set chose one. */
async function resolveBaseImage(app: string, plan: GeneratedPlan, chosen: string): Promise<GeneratedPlan> {
  if (!plan.runtime) return plan;
  const kind = plan.builder === 'node' ? 'node' : 'python';
  const name = kind === 'node' ? 'Node' : 'Python';
  if (plan.runtime.note) warn(plan.runtime.note.replace('builder:set APP', `builder:set ${app}`));
  let image = plan.baseImage;
  let version: string | undefined;
  if (chosen) {
    version = await imageRuntimeVersion(image, kind);
    if (version && !runtimeSatisfies(kind, version, plan.runtime.wanted))
      warn(
        `${image} (set with builder:set ${plan.baseImageProp}) has ${name} ${version}, which ${plan.runtime.source} does not allow`,
      );
  } else {
    const made = kind === 'node' ? await ensureNodeImage(app, plan.runtime) : await ensurePythonImage(plan.runtime);
    image = made.image;
    version = made.version;
  }
  info(`Using ${name} ${version ?? `(version not recorded in ${image})`} (${plan.runtime.source}) on ${image}`);
  if (image === plan.baseImage) return plan;
  return {
    ...plan,
    baseImage: image,
    dockerfile: plan.dockerfile.replace(`\nFROM ${plan.baseImage}\n`, `\nFROM ${image}\n`),
  };
}

/** Labels every app image paas builds carries (paas.app finds them for apps:destroy and pruning). */
function buildLabels(app: string, builder: string, rev: string): Record<string, string> {
  return { [LABEL.app]: app, 'paas.builder': builder, ...(rev ? { 'paas.rev': rev } : {}) };
}

/**
 * Built-in builders see the app's config and the global config during the build, as on Heroku
 * (NPM_CONFIG_REGISTRY, PIP_INDEX_URL, tokens): handed to BuildKit as a secret that the install steps
 * source, so no value lands in a layer or in the image history.
 */
async function buildGenerated(app: string, parts: ContextPart[], options: Record<string, unknown>): Promise<string> {
  const env = effectiveEnv(app);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-build-env-'));
  const envFile = path.join(dir, 'env');
  try {
    // Never empty: BuildKit does not mount an empty secret, and the steps source the file.
    fs.writeFileSync(envFile, `# build-time config of ${app}\n${serializeEnv(env)}`, { mode: 0o600 });
    const keys = Object.keys(env);
    if (keys.length) info(`Config available to the build: ${keys.sort().join(', ')} (values kept out of the image)`);
    return await buildWithBuildKit(parts, options, [{ id: BUILD_ENV_SECRET, src: envFile }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function buildPlan(
  app: string,
  plan: BuildPlan,
  tag: string,
  builder: string,
  rev: string,
  settings: BuilderSettings,
): Promise<string> {
  const repo = appImageRepo(app);
  let parts: ContextPart[];
  let dockerfile: string;
  if (plan.kind === 'generated') {
    const chosen =
      plan.builder === 'node'
        ? settings.nodeImage
        : plan.builder === 'python'
          ? settings.pythonImage
          : settings.staticImage;
    plan = await resolveBaseImage(app, plan, chosen ?? '');
    for (const n of plan.notes) info(n);
    if (!(await imageExists(plan.baseImage)))
      throw new PaasError(
        `Base image ${plan.baseImage} is not on this host${plan.runtime ? ` (wanted for ${plan.runtime.source})` : ''}; ` +
          (plan.baseImageProp
            ? `make it (README: "Base images"), or choose another with: paas builder:set ${app} ${plan.baseImageProp} IMAGE`
            : 'make it with scripts/install-base-images.sh (README: "Base images")'),
      );
    parts = writeGeneratedContext(app, plan.dockerfile);
    dockerfile = 'Dockerfile';
  } else {
    const members = contextMembers(plan.contextDir, plan.dockerfile);
    if (members) info(`Using .dockerignore: ${members.length} files and directories in the build context`);
    parts = [members ? { dir: plan.contextDir, names: members, exact: true } : { dir: plan.contextDir, names: ['.'] }];
    dockerfile = plan.dockerfile;
  }
  const own = {
    t: [`${repo}:${tag}`, `${repo}:latest`],
    dockerfile,
    labels: buildLabels(app, builder, rev),
    rm: !settings.skipCleanup,
    forcerm: !settings.skipCleanup,
    ...(cachePurgeRequested(app) ? { nocache: true } : {}),
  };
  const options = mergeBuildOptions(own, dockerOptionsBuildOptions(app, effectiveEnv(app)));
  if (plan.kind === 'generated') return buildGenerated(app, parts, options);
  try {
    if (!needsLegacyBuilder(options)) return await buildWithBuildKit(parts, options);
    const seen = new Set<string>();
    try {
      return await buildImageFromParts(parts, options, seen);
    } catch (e) {
      if (!settings.skipCleanup) await removeDanglingOf(seen);
      throw e;
    }
  } catch (e) {
    if (e instanceof PaasError) throw await explainPullFailure(e, plan);
    throw e;
  }
}

/**
 * Dockerfiles build on BuildKit, as Dokku's do (no intermediate container per step: a one-line change
 * builds in a third of the time). A build on a user-defined network (`docker-options:add APP build
 * "--network NAME"`) needs the engine's classic builder: BuildKit knows only default, none and host.
 */
export function needsLegacyBuilder(options: Record<string, unknown>): boolean {
  const network = options.networkmode;
  return typeof network === 'string' && !['default', 'none', 'host'].includes(network);
}

/**
 * The builder, and the Dockerfile lines of extra buildpack steps: builder:set selected wins, then the
 * app's buildpacks (their last language buildpack, else detection without the Dockerfile, as Dokku
 * uses herokuish when buildpacks are set), then detection.
 */
function chooseBuilder(
  app: string,
  dir: string,
  settings: BuilderSettings,
  appJson: Record<string, unknown> | undefined,
): { detected: Detection; extraSteps: string; notes: string[] } {
  const bp = appBuildpacks(app, dir, effectiveEnv(app), appJson);
  if (!bp) return { detected: detectBuilder(dir, settings), extraSteps: '', notes: [] };
  const composed = composeBuildpacks(bp.urls);
  const notes = [`Buildpacks (${bp.source}): ${bp.urls.join(', ')}`];
  let detected: Detection;
  if (settings.selected) detected = detectBuilder(dir, settings);
  else if (composed.builder) detected = { builder: composed.builder, reason: `buildpacks from ${bp.source}` };
  else detected = detectBuilder(dir, settings, false);
  if (detected.builder === 'dockerfile' || detected.builder === 'image') {
    warn(`The ${detected.builder} builder is selected: the buildpacks set for ${app} are not used`);
    return { detected, extraSteps: '', notes };
  }
  const extra = extraStepsFor(dir, composed.extras);
  return { detected, extraSteps: extra.dockerfile, notes: [...notes, ...extra.notes] };
}

async function buildFromSource(app: string, settings: BuilderSettings, rev: string, tag: string): Promise<BuildResult> {
  const root = sourceDir(app);
  if (!isDir(root))
    throw new PaasError(
      `Nothing to build for ${app}: push the app with git, or deploy an image with: paas git:from-image ${app} IMAGE`,
    );
  const dir = settings.buildDir ? pathInsideSource(root, settings.buildDir, 'build-dir') : root;
  if (!isDir(dir)) throw new PaasError(`build-dir ${settings.buildDir} is not a directory in the pushed source`);
  const files = readAppFiles(dir, settings.procfilePath, computedAppJsonPath(app));
  const { detected, extraSteps, notes } = chooseBuilder(app, dir, settings, files.appJson);
  if (detected.builder === 'image')
    throw new PaasError(
      `The image builder is selected but ${app} has no source image; set one with: paas git:from-image ${app} IMAGE`,
    );
  step(`Building ${app} with the ${detected.builder} builder (${detected.reason})`);
  for (const n of notes) info(n);
  const plan = planSourceBuild(root, detected.builder, settings, extraSteps);
  const id = await buildPlan(app, plan, tag, detected.builder, rev, settings);
  const exposedPort =
    plan.kind === 'dockerfile'
      ? (firstExposedPort(readFileOr(path.join(plan.contextDir, plan.dockerfile), '')) ?? (await imageExposedPort(id)))
      : undefined;
  const processes = processesFor(files.procfile?.processes, plan.kind === 'generated' ? plan.defaultWeb : true);
  if (!('web' in processes))
    warn(
      detected.builder === 'node'
        ? 'No web process: add a "start" script to package.json, a server.js, or a Procfile with a "web: COMMAND" line'
        : 'No web process: add a Procfile with a "web: COMMAND" line' +
            (detected.builder === 'python' ? ' (or an app.py)' : ''),
    );
  return {
    image: `${appImageRepo(app)}:${tag}`,
    builder: detected.builder,
    processes,
    ...(files.procfile?.release ? { releaseCommand: files.procfile.release } : {}),
    ...(files.appJson ? { appJson: files.appJson } : {}),
    ...(files.checksFile !== undefined ? { checksFile: files.checksFile } : {}),
    rev,
    ...(exposedPort ? { exposedPort } : {}),
  };
}

async function buildFromImage(app: string, settings: BuilderSettings, ref: string, tag: string): Promise<BuildResult> {
  step(`Deploying ${app} from image ${ref}`);
  const image = await resolveSourceImage(ref);
  const files = await readImageAppFiles(app, image, settings.procfilePath, computedAppJsonPath(app));
  const command = describeImageCommand(image);
  const processes = processesFor(files.procfile?.processes, command !== '');
  if (Object.keys(processes).length === 0)
    throw new PaasError(`Image ${ref} has no CMD or ENTRYPOINT and no Procfile: there is nothing to run`);
  if (command) info(`Image command: ${command}`);
  await tagImage(image.id, appImageRepo(app), [tag, 'latest']);
  return {
    image: `${appImageRepo(app)}:${tag}`,
    builder: 'image',
    processes,
    ...(files.procfile?.release ? { releaseCommand: files.procfile.release } : {}),
    ...(files.appJson ? { appJson: files.appJson } : {}),
    ...(files.checksFile !== undefined ? { checksFile: files.checksFile } : {}),
    rev: ref,
    ...(image.exposedPort ? { exposedPort: image.exposedPort } : {}),
  };
}

/**
 * Build the app's image. The caller holds the app lock (paas-ssh-command for pushes, withAppLock
 * elsewhere); build.json is only replaced when the build succeeded.
 */
export async function buildApp(app: string): Promise<BuildResult> {
  const settings = checkBuilderSettings(readBuilderSettings(app));
  const sourceImage = sourceImageOf(app) ?? '';
  if (sourceImage) validateImageRef(sourceImage, 'source image');
  const rev = sourceImage || readRev(app);
  const tag = buildTag(sourceImage ? '' : rev);
  const result = sourceImage
    ? await buildFromImage(app, settings, sourceImage, tag)
    : await buildFromSource(app, settings, rev, tag);
  writeBuildResult(app, result);
  writeDetectedContainerPort(app, result.exposedPort);
  if (result.exposedPort)
    info(
      `The image exposes port ${result.exposedPort}: web listens there (PORT=${result.exposedPort}) unless ports:set says otherwise`,
    );
  await pruneBuildTags(app, tag);
  clearCachePurge(app);
  return result;
}
