// Buildpack URLs: Dokku's validation and short-name expansion, and the table of buildpacks paas runs
// with its own builders (real buildpacks download runtimes from the internet at build time).
import { UsageError } from '../core/errors.js';

/** What a known buildpack does here: pick a builder, or add a step to the builder's image. */
export type BuildpackStep = 'python' | 'nodejs' | 'static' | 'php' | 'jekyll' | 'apt' | 'google-chrome' | 'ffmpeg';

/** Steps that choose the builder (the last one in the list wins, as the last buildpack's release does on Heroku). */
export const LANGUAGE_STEPS: readonly BuildpackStep[] = ['python', 'nodejs', 'static', 'php', 'jekyll'];

/** owner/repository (lower case, no .git, no #ref) -> step. */
export const KNOWN_BUILDPACKS: Record<string, BuildpackStep> = {
  'heroku/heroku-buildpack-python': 'python',
  'heroku/heroku-buildpack-nodejs': 'nodejs',
  'heroku/heroku-buildpack-static': 'static',
  'heroku/heroku-buildpack-nginx': 'static',
  'dokku/heroku-buildpack-nginx': 'static',
  'dokku/buildpack-nginx': 'static',
  'heroku/heroku-buildpack-php': 'php',
  'heroku/heroku-buildpack-apt': 'apt',
  'heroku-community/heroku-buildpack-apt': 'apt',
  'heroku/heroku-buildpack-google-chrome': 'google-chrome',
  'heroku-community/heroku-buildpack-google-chrome': 'google-chrome',
  'jonathanong/heroku-buildpack-ffmpeg-latest': 'ffmpeg',
  'heroku/heroku-buildpack-ffmpeg-latest': 'ffmpeg',
  'heroku-community/heroku-buildpack-ffmpeg-latest': 'ffmpeg',
  'inket/dokku-buildpack-jekyll3-nginx': 'jekyll',
  'inket/dokku-buildpack-jekyll-nginx': 'jekyll',
  'heroku/heroku-buildpack-jekyll': 'jekyll',
};

/**
 * Dokku's validBuildpackURL: `owner/name` expands to https://github.com/owner/heroku-buildpack-name.git
 * (heroku-community becomes heroku); a URL must look like scheme://host/owner/repo or git@host:owner/repo.
 */
export function expandBuildpackUrl(value: string): string {
  const v = value.trim();
  if (v === '') throw new UsageError('Must specify a buildpack url or reference');
  if (/^[\w-]+\/[\w-]+$/.test(v)) {
    const [owner, name] = v.split('/');
    return `https://github.com/${owner === 'heroku-community' ? 'heroku' : owner}/heroku-buildpack-${name}.git`;
  }
  if (/^(http|https|git)(:\/\/|@)([^/:]+)[/:]([^/:]+)\/(.+)$/.test(v) && !/\s/.test(v)) return v;
  throw new UsageError(`Invalid buildpack specified: ${v}`);
}

/** owner/repository of a buildpack URL (lower case, without .git, #ref or a trailing slash). */
export function buildpackKey(url: string): string {
  const noRef = url.replace(/#.*$/, '').replace(/\/+$/, '');
  const m = /^(?:https?|git|ssh):\/\/(?:[^@/]+@)?[^/]+\/(.+)$/.exec(noRef) ?? /^git@[^:]+:(.+)$/.exec(noRef);
  const rest = (m ? m[1] : noRef).replace(/\.git$/, '').toLowerCase();
  return rest.split('/').slice(-2).join('/');
}

/** Supported URLs, one per step, for messages. */
export function supportedList(): string {
  const seen = new Map<BuildpackStep, string[]>();
  for (const [key, s] of Object.entries(KNOWN_BUILDPACKS)) seen.set(s, [...(seen.get(s) ?? []), key]);
  return [...seen.entries()]
    .map(([s, keys]) => `${s} (${keys.map((k) => `https://github.com/${k}`).join(', ')})`)
    .join('; ');
}

/** The step a buildpack URL maps to; an unknown one is refused with what is supported. */
export function stepFor(url: string): BuildpackStep {
  const step = KNOWN_BUILDPACKS[buildpackKey(url)];
  if (step) return step;
  throw new UsageError(
    `Unsupported buildpack ${url}: paas runs buildpacks with its own builders and knows ${supportedList()}. ` +
      'For anything else, commit a Dockerfile to the repository and clear the buildpacks (paas buildpacks:clear APP)',
  );
}

/** Expand and check one buildpack as the commands store it (the URL as given, short names expanded). */
export function validBuildpack(value: string): string {
  const url = expandBuildpackUrl(value);
  stepFor(url);
  return url;
}

/** The lines of a .buildpacks file that name buildpacks (blank lines and # comments skipped). */
export function parseBuildpacksFile(text: string): string[] {
  const urls: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      urls.push(validBuildpack(line));
    } catch (e) {
      throw new UsageError(`Unable to parse .buildpacks file, line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return urls;
}
