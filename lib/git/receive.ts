// What a push means (paas-receive-app): which ref update deploys, and the side effects of accepting it.
import { PaasError, UsageError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { updateEnv } from '../config/change.js';
import { createApp } from '../apps/create.js';
import { assertDeployAllowed } from '../apps/deploy-lock.js';
import { isAutocreationDisabled, writeDeploySource } from '../apps/settings.js';
import { appExists } from '../apps/store.js';
import { validateAppName } from '../state/validate.js';
import { extractSource } from './source.js';
import { deployBranches, revEnvVar, setSourceImage } from './settings.js';

/** Exit code of paas-receive-app for a push that deploys nothing; the hook then accepts it as is. */
export const NOT_A_DEPLOY = 3;

export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
}

export type ReceivePlan =
  { deploy: true; rev: string; branch: string } | { deploy: false; reject: boolean; message: string };

const SHA_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const isZero = (sha: string) => /^0+$/.test(sha);

/** The `OLD NEW REF` lines git gives pre-receive and post-receive on stdin. */
export function parseRefUpdates(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [old, sha, ref, ...extra] = line.trim().split(/\s+/);
    if (!old || !sha || !ref || extra.length || !SHA_RE.test(old) || !SHA_RE.test(sha))
      throw new UsageError(`Invalid ref update line ${JSON.stringify(line)} (expected "OLD NEW REF")`);
    updates.push({ old, new: sha, ref });
  }
  return updates;
}

/**
 * Decide what a push does. branches: the deploy branch (or the accepted defaults, best first).
 * Pure, so every case is unit-tested.
 */
export function planReceive(app: string, updates: RefUpdate[], branches: string[]): ReceivePlan {
  const deployBranch = branches[0];
  for (const b of branches) {
    const u = updates.find((x) => x.ref === `refs/heads/${b}`);
    if (!u) continue;
    if (isZero(u.new))
      return {
        deploy: false,
        reject: true,
        message: `Refusing to delete ${b}, the deploy branch of ${app}; run paas apps:destroy ${app} to remove the app`,
      };
    return { deploy: true, rev: u.new, branch: b };
  }
  const other = updates.find((u) => u.ref.startsWith('refs/heads/') && !isZero(u.new));
  if (other) {
    const b = other.ref.slice('refs/heads/'.length);
    return {
      deploy: false,
      reject: false,
      message: `Pushed branch ${b} is not the deploy branch ${deployBranch}; push with git push paas ${b}:${deployBranch} or run paas git:set ${app} deploy-branch ${b}`,
    };
  }
  return {
    deploy: false,
    reject: false,
    message: `Nothing to deploy: this push does not update the deploy branch ${deployBranch}`,
  };
}

/** First push to an unknown app creates it, unless `apps:set --global disable-autocreation true`. */
export function ensureAppForPush(app: string): boolean {
  if (appExists(app)) return false;
  if (isAutocreationDisabled(app))
    throw new PaasError(
      `App ${app} does not exist and app autocreation is disabled; create it first with paas apps:create ${app}`,
    );
  step(`Creating app ${app}`);
  try {
    createApp(app);
  } catch (e) {
    // Two pushes racing to create the same app: the loser finds it made.
    if (!appExists(app)) throw e;
  }
  return true;
}

/**
 * paas-receive-app: read the ref updates, and for a push to the deploy branch, unpack the commit into
 * builds/APP/src. Returns 0 to go on with the build, NOT_A_DEPLOY to accept the push without deploying.
 * With check, only answer whether the push deploys (post-receive uses it), changing nothing.
 */
export async function receiveApp(
  appArg: string | undefined,
  input: string,
  opts: { check?: boolean } = {},
): Promise<number> {
  const app = validateAppName(appArg);
  const updates = parseRefUpdates(input);
  if (opts.check) {
    if (!appExists(app)) return NOT_A_DEPLOY;
    return planReceive(app, updates, deployBranches(app)).deploy ? 0 : NOT_A_DEPLOY;
  }
  const plan = planReceive(app, updates, deployBranches(app));
  if (!plan.deploy) {
    if (plan.reject) throw new PaasError(plan.message);
    warn(plan.message);
    return NOT_A_DEPLOY;
  }
  ensureAppForPush(app);
  assertDeployAllowed(app);
  step(`Receiving ${app} at ${plan.rev.slice(0, 7)} (branch ${plan.branch})`);
  await extractSource(app, plan.rev);
  // A git push makes git the source again after git:from-image.
  setSourceImage(app, undefined);
  writeDeploySource(app, 'git', plan.rev);
  const key = revEnvVar(app);
  if (key) {
    const { changed } = updateEnv(app, (env) => ({ ...env, [key]: plan.rev }));
    if (changed) info(`${key}=${plan.rev}`);
  }
  return 0;
}
