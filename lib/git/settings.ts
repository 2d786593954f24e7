// git properties (props/git/APP/KEY, or props/git/__global__/KEY), as Dokku's git:set keys.
import { GLOBAL, hasProp, readProp, readPropWithGlobal, setOrClearProp } from '../state/props.js';

/** Accepted when no deploy branch is set: Dokku's historic default (master) and git's current one (main). */
const DEFAULT_DEPLOY_BRANCHES = ['main', 'master'];
export const DEFAULT_REV_ENV_VAR = 'GIT_REV';

/** The deploy branch set for the app, else globally; undefined when neither is set. */
function configuredDeployBranch(app: string): string | undefined {
  return readPropWithGlobal('git', app, 'deploy-branch') || undefined;
}

/** Branches a push may deploy from, in order of preference. */
export function deployBranches(app: string): string[] {
  const b = configuredDeployBranch(app);
  return b ? [b] : DEFAULT_DEPLOY_BRANCHES;
}

/**
 * The env var that receives the pushed commit: GIT_REV unless changed; '' when set empty (Dokku's
 * `git:set APP rev-env-var ""`: the commit is not put in the environment at all).
 */
export function revEnvVar(app: string): string {
  if (hasProp('git', app, 'rev-env-var')) return readProp('git', app, 'rev-env-var');
  if (hasProp('git', GLOBAL, 'rev-env-var')) return readProp('git', GLOBAL, 'rev-env-var');
  return DEFAULT_REV_ENV_VAR;
}

/** Keep .git in the build context: the app's setting, else the global one, else false (as Dokku). */
export function keepGitDir(app: string): boolean {
  return readPropWithGlobal('git', app, 'keep-git-dir') === 'true';
}

/** What Dokku's report calls the computed deploy branch: the setting, else "master" (paas also takes main). */
export function computedDeployBranch(app: string): string {
  return configuredDeployBranch(app) ?? 'master';
}

/** The image git:from-image deploys from; a git push clears it. */
export function sourceImage(app: string): string | undefined {
  return readProp('git', app, 'source-image') || undefined;
}

/** Deploy the app from this image (git:from-image), or from git again (undefined: a push clears it). */
export function setSourceImage(app: string, image: string | undefined): void {
  setOrClearProp('git', app, 'source-image', image || undefined);
}

/** Dokku's defaults for the archive limits: 1 GiB and 10,000 entries. */
export const DEFAULT_ARCHIVE_MAX_SIZE = 1073741824;
export const DEFAULT_ARCHIVE_MAX_FILES = 10000;

/** Dokku's archive limits for git:from-archive: global only (git:set --global), defaults 1 GiB, 10,000. */
export function archiveLimits(): { maxSize: number; maxFiles: number } {
  const num = (key: string, fallback: number) => {
    const v = readProp('git', GLOBAL, key);
    return /^[0-9]+$/.test(v) ? Number(v) : fallback;
  };
  return {
    maxSize: num('archive-max-size', DEFAULT_ARCHIVE_MAX_SIZE),
    maxFiles: num('archive-max-files', DEFAULT_ARCHIVE_MAX_FILES),
  };
}
