// A git push, from the ref updates git gives hooks/pre-receive to a routed release. The hook runs this
// (bin/paas-push) and git rejects the push when it fails, so the branch only moves when the app was
// deployed. One process runs every step: the same steps paas-build, paas-release, paas-deploy,
// paas-nginx-vhost and paas-retire run one at a time (lib/lifecycle/steps.ts), without paying for
// five starts of node. paas-ssh-command holds the app lock for the whole push.
import { performance } from 'node:perf_hooks';
import { PaasError } from '../core/errors.js';
import { heading, info, step } from '../core/log.js';
import { appUrls } from '../urls/urls.js';
import { withAppLock } from '../apps/store.js';
import { NOT_A_DEPLOY, receiveApp } from '../git/receive.js';
import { buildStep, deployStep, releaseStep, retireStep, routeStep } from './steps.js';
import type { BuildSource } from '../builds/store.js';
import { Tee, trackBuild } from '../builds/track.js';

export interface PushStep {
  /** The step's name in the timings, and its executable's (paas-NAME). */
  name: string;
  run(app: string): Promise<unknown>;
}

/** After receive, in order. */
export const PUSH_STEPS: PushStep[] = [
  { name: 'build', run: buildStep },
  { name: 'release', run: (app) => releaseStep(app) },
  { name: 'deploy', run: (app) => deployStep(app) },
  { name: 'nginx-vhost', run: routeStep },
  { name: 'retire', run: retireStep },
];

/** A push step failed: the cause's message and exit code, then which step and that nothing changed. */
export class StepFailedError extends PaasError {
  constructor(
    readonly app: string,
    readonly stepName: string,
    readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `${reason}\nDeploy of ${app} failed at paas-${stepName}; the push was rejected and ${app} is unchanged`,
      cause instanceof PaasError ? cause.exitCode : 1,
    );
    this.name = 'StepFailedError';
  }
}

export interface PushOptions {
  receive?: (app: string, refUpdates: string) => Promise<number>;
  steps?: PushStep[];
  /** What started it, for the build record (Dokku's source): a git push is `git-hook`. */
  source?: BuildSource;
}

/**
 * Receive the pushed revision, then run the steps in order; the first failure stops the push with its
 * error and the step it failed at. Prints each step's time (`-----> Timings: receive 0.1s build ...`)
 * and, as Dokku does, where the app answers (`=====> Application deployed:`).
 * Returns 0, or NOT_A_DEPLOY (3) for a push that deploys nothing (another branch, a tag, a deletion).
 */
export async function pushDeploy(app: string, refUpdates: string, opts: PushOptions = {}): Promise<number> {
  const receive = opts.receive ?? receiveApp;
  const timings: string[] = [];
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings.push(`${name} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    }
  };
  // The build record's log starts with the receive's output, but a push that deploys nothing gets no record.
  const tee = new Tee();
  let rc: number;
  try {
    rc = await timed('receive', () => receive(app, refUpdates));
  } catch (e) {
    tee.stop();
    throw e;
  }
  if (rc === NOT_A_DEPLOY) {
    tee.stop();
    return rc;
  }
  // Under the app lock, so the record and its `current` pointer belong to the one push that runs.
  try {
    return await withAppLock(app, () =>
      trackBuild(
        app,
        opts.source ?? 'git-hook',
        async () => {
          for (const s of opts.steps ?? PUSH_STEPS) {
            try {
              await timed(s.name, () => s.run(app));
            } catch (e) {
              step(`Timings: ${timings.join(' ')}`);
              throw new StepFailedError(app, s.name, e);
            }
          }
          step(`Timings: ${timings.join(' ')}`);
          const urls = appUrls(app);
          if (urls.length) {
            heading('Application deployed:');
            info(urls.join('\n'));
          }
          return 0;
        },
        tee,
      ),
    );
  } finally {
    tee.stop();
  }
}
