import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { AccessError, PaasError } from '../../../lib/core/errors.js';
import { NOT_A_DEPLOY } from '../../../lib/git/receive.js';
import { PUSH_STEPS, PushStep, StepFailedError, pushDeploy } from '../../../lib/lifecycle/push.js';
import { capture } from '../cli/capture.js';
import { listBuilds } from '../../../lib/builds/store.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-push-'));
  createApp('web');
});

/** Steps that record their order; the one named `fail` throws. */
function fakeSteps(log: string[], fail?: string): PushStep[] {
  return PUSH_STEPS.map((s) => ({
    name: s.name,
    run: async (app: string) => {
      log.push(`${s.name} ${app}`);
      if (s.name === fail) throw new PaasError(`${s.name} went wrong`);
    },
  }));
}

describe('pushDeploy', () => {
  it('runs receive and the deploy steps in the order the executables are named, and times each', async () => {
    const log: string[] = [];
    const receive = async (app: string, input: string) => (log.push(`receive ${app} ${input}`), 0);
    const r = await capture(() => pushDeploy('web', 'a b refs/heads/main', { receive, steps: fakeSteps(log) }));
    expect(r.result).toBe(0);
    expect(log).toEqual([
      'receive web a b refs/heads/main',
      'build web',
      'release web',
      'deploy web',
      'nginx-vhost web',
      'retire web',
    ]);
    expect(r.stderr).toMatch(
      /^-----> Timings: receive [0-9.]+s build [0-9.]+s release [0-9.]+s deploy [0-9.]+s nginx-vhost [0-9.]+s retire [0-9.]+s$/m,
    );
  });

  it('stops at the first failing step with its error and where it failed', async () => {
    const log: string[] = [];
    const r = await capture(() => pushDeploy('web', '', { receive: async () => 0, steps: fakeSteps(log, 'release') }));
    expect(log).toEqual(['build web', 'release web']);
    expect((r.error as Error).message).toBe(
      'release went wrong\nDeploy of web failed at paas-release; the push was rejected and web is unchanged',
    );
    expect((r.error as PaasError).exitCode).toBe(1);
    expect(r.error).toBeInstanceOf(StepFailedError);
    expect((r.error as StepFailedError).stepName).toBe('release');
    expect(r.stderr).toMatch(/^-----> Timings: receive [0-9.]+s build [0-9.]+s release [0-9.]+s$/m);
  });

  it("keeps a failing step's exit code (a refusal stays 77, a lock 75)", async () => {
    const steps: PushStep[] = [
      {
        name: 'deploy',
        run: async () => {
          throw new AccessError('not yours');
        },
      },
    ];
    const r = await capture(() => pushDeploy('web', '', { receive: async () => 0, steps }));
    expect((r.error as PaasError).exitCode).toBe(77);
    expect((r.error as Error).message).toMatch(/^not yours\nDeploy of web failed at paas-deploy;/);
  });

  it('a push that deploys nothing runs no step', async () => {
    const log: string[] = [];
    const r = await capture(() => pushDeploy('web', '', { receive: async () => NOT_A_DEPLOY, steps: fakeSteps(log) }));
    expect(r.result).toBe(NOT_A_DEPLOY);
    expect(log).toEqual([]);
  });

  it('the steps are the executables the package installs', () => {
    const bins = Object.keys(JSON.parse(fs.readFileSync('package.json', 'utf8')).bin);
    for (const s of PUSH_STEPS) expect(bins).toContain(`paas-${s.name}`);
  });

  it('records the push as a git-hook build, its log holding what the receive and the steps printed', async () => {
    const steps = fakeSteps([]).map((st) => ({
      ...st,
      run: async () => void process.stderr.write(`-----> ${st.name}\n`),
    }));
    const receive = async () => (process.stderr.write('-----> Receiving\n'), 0);
    await capture(() => pushDeploy('web', '', { receive, steps }));
    const [b] = listBuilds('web');
    expect(b).toMatchObject({ kind: 'build', source: 'git-hook', status: 'succeeded', exit_code: 0, pid: process.pid });
    const log = fs.readFileSync(paths.buildLog('web', b.id), 'utf8');
    expect(log).toMatch(/^-----> Receiving\n-----> build\n(.|\n)*-----> retire\n-----> Timings: /);
  });

  it('a failed push is recorded failed with its exit code; a push that deploys nothing is not recorded', async () => {
    await capture(() => pushDeploy('web', '', { receive: async () => NOT_A_DEPLOY, steps: fakeSteps([]) }));
    expect(listBuilds('web')).toEqual([]);
    await capture(() => pushDeploy('web', '', { receive: async () => 0, steps: fakeSteps([], 'deploy') }));
    const [b] = listBuilds('web');
    expect(b).toMatchObject({ status: 'failed', exit_code: 1 });
    expect(fs.readFileSync(paths.buildLog('web', b.id), 'utf8')).toContain('failed at paas-deploy');
  });
});
