// Buildpacks set on an app (buildpacks:add, BUILDPACK_URL, a .buildpacks file, app.json) turned into
// what the built-in builders do: the last language buildpack picks the builder, and apt, google-chrome
// and ffmpeg add Debian packages to the image, each in its own layer before the source is copied, so
// a code-only change reuses them.
import fs from 'node:fs';
import path from 'node:path';
import { PaasError } from '../core/errors.js';
import { BuildpackStep, expandBuildpackUrl, LANGUAGE_STEPS, parseBuildpacksFile, stepFor } from '../buildpacks/urls.js';
import { readBuildpacks } from '../buildpacks/store.js';
import { BuilderName } from './settings.js';

export interface AppBuildpacks {
  urls: string[];
  /** Where the list came from, for the build log. */
  source: string;
}

export type ExtraStep = 'apt' | 'google-chrome' | 'ffmpeg';

export interface ComposedBuildpacks {
  /** The builder the last language buildpack asks for; undefined to detect it from the files. */
  builder?: BuilderName;
  /** Steps that add packages to the image, in buildpack order, each once. */
  extras: ExtraStep[];
  steps: BuildpackStep[];
}

const BUILDER_OF: Partial<Record<BuildpackStep, BuilderName>> = {
  python: 'python',
  nodejs: 'node',
  static: 'static',
  php: 'php',
  jekyll: 'jekyll',
};

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The app's buildpacks, as Dokku picks them: BUILDPACK_URL in the config, else the list set with
 * buildpacks:add/set, else a .buildpacks file in the repository, else app.json "buildpacks".
 * undefined when none is set (the builder is detected as usual).
 */
export function appBuildpacks(
  app: string,
  dir: string,
  env: Record<string, string>,
  appJson?: Record<string, unknown>,
): AppBuildpacks | undefined {
  const fromEnv = (env.BUILDPACK_URL ?? '').trim();
  if (fromEnv) return { urls: [expandBuildpackUrl(fromEnv)], source: 'BUILDPACK_URL' };
  const set = readBuildpacks(app);
  if (set.length) return { urls: set, source: `buildpacks:list ${app}` };
  const file = readText(path.join(dir, '.buildpacks'));
  if (file !== undefined) {
    const urls = parseBuildpacksFile(file);
    if (urls.length) return { urls, source: '.buildpacks' };
  }
  const list = appJson?.buildpacks;
  if (Array.isArray(list) && list.length) {
    const urls = list.map((b, i) => {
      const url = (b as { url?: unknown } | null)?.url;
      if (typeof url !== 'string') throw new PaasError(`app.json buildpacks[${i}] has no "url"`);
      return expandBuildpackUrl(url);
    });
    return { urls, source: 'app.json' };
  }
  return undefined;
}

export function composeBuildpacks(urls: string[]): ComposedBuildpacks {
  const steps = urls.map((u) => stepFor(u));
  const language = [...steps].reverse().find((s) => LANGUAGE_STEPS.includes(s));
  const extras: ExtraStep[] = [];
  for (const s of steps)
    if ((s === 'apt' || s === 'google-chrome' || s === 'ffmpeg') && !extras.includes(s)) extras.push(s);
  return { builder: language ? BUILDER_OF[language] : undefined, extras, steps };
}

const PACKAGE_RE = /^[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?(=[A-Za-z0-9.+:~-]+)?$/;

/** Debian package names of an Aptfile (one or more a line, # comments); .deb URLs and :repo: lines are refused. */
export function parseAptfile(text: string): string[] {
  const pkgs: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    for (const word of line.split(/\s+/)) {
      if (!PACKAGE_RE.test(word))
        throw new PaasError(
          `Aptfile line ${i + 1}: ${JSON.stringify(word)} is not a Debian package name ` +
            '(paas installs packages from Debian bookworm; .deb URLs and :repo: lines are not supported, use a Dockerfile for those)',
        );
      if (!pkgs.includes(word)) pkgs.push(word);
    }
  });
  return pkgs;
}

function aptRun(packages: string[]): string {
  return (
    'RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ' +
    `${packages.join(' ')} >/dev/null && rm -rf /var/lib/apt/lists/*`
  );
}

/** What Heroku's Chrome buildpack sets: the browser, and a shim that starts it headless. */
export const CHROME_BIN = '/usr/bin/chromium';
export const CHROME_SHIM = '/usr/local/bin/google-chrome';

/**
 * Dockerfile lines for the extra steps (a Debian-based image, before the source is copied). The apt
 * step needs the Aptfile's packages; an empty Aptfile adds nothing.
 */
export function extraStepsDockerfile(extras: ExtraStep[], aptPackages: string[]): string {
  const lines: string[] = [];
  for (const e of extras) {
    if (e === 'apt') {
      if (!aptPackages.length) continue;
      lines.push("# apt buildpack: the Aptfile's Debian packages, in their own cached layer.", aptRun(aptPackages));
    } else if (e === 'google-chrome') {
      lines.push(
        "# google-chrome buildpack: Debian's chromium, and Heroku's GOOGLE_CHROME_BIN / GOOGLE_CHROME_SHIM.",
        aptRun(['chromium', 'fonts-liberation']) + ' \\',
        ` && printf '#!/bin/sh\\nexec ${CHROME_BIN} --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "$@"\\n' > ${CHROME_SHIM} \\`,
        ` && chmod 755 ${CHROME_SHIM} && ln -sf google-chrome /usr/local/bin/google-chrome-stable`,
        `ENV GOOGLE_CHROME_BIN=${CHROME_BIN} GOOGLE_CHROME_SHIM=${CHROME_SHIM}`,
      );
    } else {
      lines.push("# ffmpeg buildpack: Debian's ffmpeg.", aptRun(['ffmpeg']));
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** The extra steps' Dockerfile lines for a source tree (reads its Aptfile when the apt buildpack is set). */
export function extraStepsFor(dir: string, extras: ExtraStep[]): { dockerfile: string; notes: string[] } {
  const notes: string[] = [];
  let pkgs: string[] = [];
  if (extras.includes('apt')) {
    const text = readText(path.join(dir, 'Aptfile'));
    if (text === undefined) notes.push('The apt buildpack is set but there is no Aptfile: no packages added');
    else pkgs = parseAptfile(text);
    if (pkgs.length) notes.push(`Aptfile: installing ${pkgs.join(', ')} from Debian`);
  }
  return { dockerfile: extraStepsDockerfile(extras, pkgs), notes };
}
