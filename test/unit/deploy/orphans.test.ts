import { describe, expect, it } from 'vitest';
import { deployIdTime, newDeployId, planOrphans } from '../../../lib/deploy/orphans.js';
import { AppContainer } from '../../../lib/docker/containers.js';

function c(name: string, deploy: string, kind = 'deploy'): AppContainer {
  return {
    id: name,
    name,
    app: 'a',
    process: 'web',
    release: 1,
    deploy,
    kind,
    dyno: 'web.1',
    index: 1,
    port: 5000,
    state: 'running',
    running: true,
    ip: '',
    published: {},
  };
}

describe('deploy ids', () => {
  it('are short, name-safe and ordered by time', () => {
    const a = newDeployId(1_700_000_000_000);
    const b = newDeployId(1_700_000_000_500);
    expect(a).toMatch(/^[0-9a-z]{10}$/);
    expect(deployIdTime(a)).toBe(1_700_000_000_000);
    expect(deployIdTime(b)).toBeGreaterThan(deployIdTime(a));
    expect(deployIdTime('d1')).toBe(0);
  });
});

describe('planOrphans', () => {
  const live = newDeployId(2_000_000);
  const older = newDeployId(1_000_000);
  const killed = newDeployId(3_000_000);
  const scheduled = newDeployId(1_500_000);

  it('removes containers of a deploy newer than the live one (killed before going live) and task containers', () => {
    const plan = planOrphans(
      [
        c('live', live),
        c('killed1', killed),
        c('killed2', killed),
        c('task', killed, 'release'),
        c('sched', scheduled),
        c('run', '', 'run'),
      ],
      live,
      new Set([scheduled]),
    );
    expect(plan.remove.map((x) => x.name)).toEqual(['killed1', 'killed2', 'task']);
    expect(plan.retire).toEqual([]);
  });

  it('schedules ex-live deploys that were never scheduled instead of cutting them off', () => {
    const plan = planOrphans([c('live', live), c('old', older), c('foreign', 'd1')], live, new Set());
    expect(plan.remove).toEqual([]);
    expect(plan.retire).toEqual([older, 'd1'].sort());
  });

  it('removes everything not live when nothing ever went live', () => {
    const plan = planOrphans([c('x', killed), c('y', older)], undefined, new Set());
    expect(plan.remove.map((x) => x.name)).toEqual(['x', 'y']);
  });
});
