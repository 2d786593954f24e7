import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { postDeployTasks, preDeployTasks, splitImage } from '../../../lib/deploy/tasks.js';
import {
  dueRecords,
  readRetireRecords,
  removeRetireRecords,
  scheduledDeploys,
  writeRetireRecords,
} from '../../../lib/deploy/retire.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-tasks-'));
});

describe('deploy task plans', () => {
  const appJson = { scripts: { dokku: { predeploy: 'touch /app/x', postdeploy: 'echo done' }, postdeploy: 'seed db' } };
  it('runs predeploy (committed) before the Procfile release command', () => {
    expect(preDeployTasks({ appJson, releaseCommand: 'migrate' })).toEqual([
      { task: 'predeploy', cmd: 'touch /app/x', commit: true },
      { task: 'release', cmd: 'migrate', commit: false },
    ]);
    expect(preDeployTasks({})).toEqual([]);
    expect(preDeployTasks({ appJson: { scripts: { dokku: { predeploy: 42 } } }, releaseCommand: '  ' })).toEqual([]);
  });
  it('runs Heroku scripts.postdeploy only on the first deploy', () => {
    expect(postDeployTasks({ appJson }, false)).toEqual([{ task: 'postdeploy', cmd: 'echo done', commit: false }]);
    expect(postDeployTasks({ appJson }, true).map((t) => t.task)).toEqual(['postdeploy', 'first-deploy']);
  });
  it('splits image references', () => {
    expect(splitImage('paas/a:v3')).toEqual(['paas/a', 'v3']);
    expect(splitImage('localhost:5000/x')).toEqual(['localhost:5000/x', 'latest']);
  });
});

describe('retirement records', () => {
  it('are kept per app and deploy, the earliest schedule wins, and only due ones are acted on', () => {
    writeRetireRecords('a', ['d1', 'd2'], 1000);
    writeRetireRecords('a', ['d2', 'd3'], 5000);
    writeRetireRecords('b', ['d9'], 2000);
    expect(readRetireRecords('a')).toEqual([
      { app: 'a', deploy: 'd1', due: 1000 },
      { app: 'a', deploy: 'd2', due: 1000 },
      { app: 'a', deploy: 'd3', due: 5000 },
    ]);
    expect([...scheduledDeploys('b')]).toEqual(['d9']);
    expect(dueRecords(readRetireRecords(), 2000).map((r) => `${r.app}/${r.deploy}`)).toEqual(['a/d1', 'a/d2', 'b/d9']);
    removeRetireRecords('a');
    expect(readRetireRecords().map((r) => r.app)).toEqual(['b']);
  });
});

describe('releases made from an earlier release', () => {
  it('skip the predeploy (already committed in the image) but run the release command', () => {
    const appJson = { scripts: { dokku: { predeploy: 'touch /app/x' } } };
    expect(preDeployTasks({ appJson, releaseCommand: 'migrate' }, { predeploy: false })).toEqual([
      { task: 'release', cmd: 'migrate', commit: false },
    ]);
  });
});
