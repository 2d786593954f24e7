// Deciding how to build a source tree (which builder, which base image, which Dockerfile) is kept apart
// from running docker, so every decision here is a value a unit test can compare.
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { BuilderName, BUILDERS, BuilderSettings, isBuilderName } from './settings.js';
import { chooseNodeVersion, choosePythonVersion, DEFAULT_STATIC_IMAGE, RuntimeChoice } from './runtime.js';
import { renderBuildTemplate } from './templates.js';
import { pathInsideSource } from './source-path.js';

export const PYTHON_MARKERS = ['requirements.txt', 'pyproject.toml', 'runtime.txt', '.python-version'];
export const PHP_MARKERS = ['index.php', 'composer.json'];
/** Debian bookworm's PHP. */
export const PHP_VERSION = '8.2';
export const DEBIAN_IMAGE = 'paas/debian:bookworm';

export interface Detection {
  builder: BuilderName;
  reason: string;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Which builder builds this tree: builder:set selected, else a Dockerfile (at dockerfile-path), else
 * package.json, else a Python marker, else index.html.
 */
export function detectBuilder(
  dir: string,
  settings: Pick<BuilderSettings, 'selected' | 'dockerfilePath'>,
  allowDockerfile = true,
): Detection {
  if (settings.selected) {
    if (!isBuilderName(settings.selected))
      throw new PaasError(`Unknown builder ${JSON.stringify(settings.selected)} set with builder:set selected`);
    return { builder: settings.selected, reason: 'selected with builder:set' };
  }
  if (allowDockerfile && isFile(path.join(dir, settings.dockerfilePath)))
    return { builder: 'dockerfile', reason: `${settings.dockerfilePath} found` };
  if (isFile(path.join(dir, 'package.json'))) return { builder: 'node', reason: 'package.json found' };
  const py = PYTHON_MARKERS.find((f) => isFile(path.join(dir, f)));
  if (py) return { builder: 'python', reason: `${py} found` };
  const php = PHP_MARKERS.find((f) => isFile(path.join(dir, f)));
  if (php) return { builder: 'php', reason: `${php} found` };
  if (isFile(path.join(dir, 'index.html'))) return { builder: 'static', reason: 'index.html found' };
  throw new PaasError(
    `Could not detect a builder: looked for ${allowDockerfile ? `${settings.dockerfilePath}, ` : ''}package.json, ${PYTHON_MARKERS.join(', ')}, ${PHP_MARKERS.join(', ')}, index.html; ` +
      `choose one with: paas builder:set APP selected ${BUILDERS.join('|')}`,
  );
}

/** A build from a Dockerfile the app provides. */
export interface DockerfilePlan {
  kind: 'dockerfile';
  /** Directory whose contents are the build context. */
  contextDir: string;
  /** Dockerfile path inside the context. */
  dockerfile: string;
}

/** A build from a Dockerfile paas renders (node, python, static). */
export interface GeneratedPlan {
  kind: 'generated';
  builder: 'node' | 'python' | 'static' | 'php' | 'jekyll';
  dockerfile: string;
  baseImage: string;
  /** builder:set key that picks another base image, for the "image missing" message. */
  baseImageProp: string;
  runtime?: RuntimeChoice;
  /** The image's CMD is a reasonable web process when the Procfile has none. */
  defaultWeb: boolean;
  notes: string[];
}

export type BuildPlan = DockerfilePlan | GeneratedPlan;

function readPackageJson(dir: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* reported below */
  }
  throw new PaasError('package.json is not a valid JSON object');
}

export function planNode(dir: string, srcDir: string, settings: BuilderSettings, extraSteps = ''): GeneratedPlan {
  if (!isFile(path.join(dir, 'package.json')))
    throw new PaasError('The node builder needs a package.json at the root of the app');
  const pkg = readPackageJson(dir);
  const runtime = chooseNodeVersion(dir, pkg);
  const baseImage = settings.nodeImage || `paas/node:${runtime.version}`;
  const lockfile = ['package-lock.json', 'npm-shrinkwrap.json'].find((f) => isFile(path.join(dir, f)));
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  const buildScript = typeof scripts.build === 'string';
  // With a build script the dev dependencies are needed to build, and pruned afterwards.
  const deps = buildScript ? '--include=dev' : '--omit=dev';
  const installCommand = lockfile ? `npm ci --no-audit --no-fund ${deps}` : `npm install --no-audit --no-fund ${deps}`;
  const notes: string[] = [];
  if (!lockfile)
    notes.push(
      'No package-lock.json: dependencies are resolved with npm install (commit a lockfile for repeatable builds)',
    );
  const other = ['yarn.lock', 'pnpm-lock.yaml'].find((f) => isFile(path.join(dir, f)));
  if (other && !lockfile) notes.push(`${other} is not used: the node builder installs with npm`);
  const defaultWeb = typeof scripts.start === 'string' || isFile(path.join(dir, 'server.js'));
  const dockerfile = renderBuildTemplate('node', {
    baseImage,
    version: runtime.version,
    versionSource: runtime.source,
    srcDir,
    manifests: ['package.json', ...(lockfile ? [lockfile] : [])],
    installCommand,
    buildScript,
    extraSteps,
  });
  return {
    kind: 'generated',
    builder: 'node',
    dockerfile,
    baseImage,
    baseImageProp: 'node-image',
    runtime,
    defaultWeb,
    notes,
  };
}

/** True when requirements.txt names at least one requirement (not only comments and blank lines). */
export function hasRequirements(text: string): boolean {
  return text.split(/\r?\n/).some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

/**
 * True when requirements.txt points at files of the app (`-e .`, `./pkg`, `file:`, `-r`/`-c` includes):
 * then it cannot be installed from the manifest alone, before the source is copied.
 */
export function requirementsNeedSource(text: string): boolean {
  return text.split(/\r?\n/).some((raw) => {
    const l = raw.replace(/\s+#.*$/, '').trim();
    return /^(-e|--editable)\s+\.|^\.\.?(\/|$)|^-(r|c)\s|^--(requirement|constraint)[\s=]|file:/.test(l);
  });
}

export function planPython(dir: string, srcDir: string, settings: BuilderSettings, extraSteps = ''): GeneratedPlan {
  const runtime = choosePythonVersion(dir);
  const baseImage = settings.pythonImage || `paas/python:${runtime.version}`;
  const reqFile = path.join(dir, 'requirements.txt');
  const reqText = isFile(reqFile) ? fs.readFileSync(reqFile, 'utf8') : '';
  const requirements = !hasRequirements(reqText) ? '' : requirementsNeedSource(reqText) ? 'source' : 'manifest';
  const pyproject = !requirements && isFile(path.join(dir, 'pyproject.toml'));
  const entry = ['app.py', 'main.py', 'server.py'].find((f) => isFile(path.join(dir, f)));
  const dockerfile = renderBuildTemplate('python', {
    baseImage,
    version: runtime.version,
    versionSource: runtime.source,
    srcDir,
    requirements,
    pyproject,
    defaultCommand: entry ? ['python3', entry] : '',
    extraSteps,
  });
  return {
    kind: 'generated',
    builder: 'python',
    dockerfile,
    baseImage,
    baseImageProp: 'python-image',
    runtime,
    defaultWeb: !!entry,
    notes: [],
  };
}

/**
 * A static site: the files as they are, or (jekyll) the _site Debian's jekyll builds from them. Extra
 * buildpack steps need Debian, so the default busybox base gives way to paas/debian:bookworm then.
 */
export function planStatic(srcDir: string, settings: BuilderSettings, extraSteps = '', site = false): GeneratedPlan {
  const debian = extraSteps !== '' && !settings.staticImage;
  const baseImage = settings.staticImage || (debian ? DEBIAN_IMAGE : DEFAULT_STATIC_IMAGE);
  const dockerfile = renderBuildTemplate('static', {
    baseImage,
    srcDir,
    extraSteps,
    site,
    siteImage: DEBIAN_IMAGE,
    installHttpd: debian,
  });
  return {
    kind: 'generated',
    builder: site ? 'jekyll' : 'static',
    dockerfile,
    baseImage,
    baseImageProp: 'static-image',
    defaultWeb: true,
    notes: [],
  };
}

/** PHP from Debian, served by PHP's own server on $PORT (composer install when there is a composer.lock). */
export function planPhp(dir: string, srcDir: string, extraSteps = ''): GeneratedPlan {
  const composer = isFile(path.join(dir, 'composer.lock'));
  const notes: string[] = [];
  if (isFile(path.join(dir, 'composer.json')) && !composer)
    notes.push('composer.json without composer.lock: dependencies are not installed (commit composer.lock)');
  const dockerfile = renderBuildTemplate('php', {
    baseImage: DEBIAN_IMAGE,
    version: PHP_VERSION,
    srcDir,
    composer,
    docroot: '.',
    extraSteps,
  });
  return {
    kind: 'generated',
    builder: 'php',
    dockerfile,
    baseImage: DEBIAN_IMAGE,
    baseImageProp: '',
    defaultWeb: true,
    notes,
  };
}

/**
 * Plan the build of a source tree. `root` is the extracted repository; the app lives in
 * root/build-dir. Built-in builders see the repository as `src/` in their context.
 */
export function planSourceBuild(
  root: string,
  builder: Exclude<BuilderName, 'image'>,
  settings: BuilderSettings,
  extraSteps = '',
): BuildPlan {
  const dir = settings.buildDir ? pathInsideSource(root, settings.buildDir, 'build-dir') : root;
  const srcDir = settings.buildDir ? `src/${settings.buildDir}` : 'src';
  switch (builder) {
    case 'dockerfile':
      if (!isFile(pathInsideSource(dir, settings.dockerfilePath, 'dockerfile-path')))
        throw new PaasError(
          `Dockerfile not found at ${settings.dockerfilePath}${settings.buildDir ? ` (in build-dir ${settings.buildDir})` : ''}; set its path with: paas builder-dockerfile:set APP dockerfile-path PATH`,
        );
      return { kind: 'dockerfile', contextDir: dir, dockerfile: settings.dockerfilePath };
    case 'node':
      return planNode(dir, srcDir, settings, extraSteps);
    case 'python':
      return planPython(dir, srcDir, settings, extraSteps);
    case 'static':
      return planStatic(srcDir, settings, extraSteps);
    case 'jekyll':
      return planStatic(srcDir, settings, extraSteps, true);
    case 'php':
      return planPhp(dir, srcDir, extraSteps);
  }
}

/** Process types from the Procfile, plus `web` running the image's command when the Procfile has none. */
export function processesFor(
  procfile: Record<string, string> | undefined,
  defaultWeb: boolean,
): Record<string, string> {
  const processes = { ...(procfile ?? {}) };
  if (!('web' in processes) && defaultWeb) processes.web = '';
  return processes;
}
