import { describe, expect, it } from 'vitest';
import { containersToRemove } from '../../../lib/cleanup/cleanup.js';
import { AppContainer } from '../../../lib/docker/containers.js';

function c(name: string, app: string, state: string, kind = 'deploy', deploy = ''): AppContainer {
  return {
    id: name,
    name,
    app,
    process: 'web',
    release: 1,
    deploy,
    kind,
    dyno: '',
    index: 0,
    port: 0,
    state,
    running: state === 'running',
    ip: '',
    published: {},
  };
}

// dokku tests/unit/core_1.bats "(core) remove exited containers"
describe('containersToRemove (paas cleanup)', () => {
  const live = (app: string) => (app === 'a' ? 'd2' : '');
  it('removes exited and dead one-off, task and old deploy containers', () => {
    const list = [
      c('run-exited', 'a', 'exited', 'run'),
      c('task-dead', 'a', 'dead', 'release'),
      c('old-deploy', 'a', 'exited', 'deploy', 'd1'),
      c('gone-app', 'b', 'exited', 'deploy', 'd9'),
    ];
    expect(containersToRemove(list, live).map((x) => x.name)).toEqual(list.map((x) => x.name));
  });
  it("keeps running containers and the stopped containers of the app's live deploy (ps:stop)", () => {
    const list = [
      c('running-run', 'a', 'running', 'run'),
      c('live-stopped', 'a', 'exited', 'deploy', 'd2'),
      c('live-running', 'a', 'running', 'deploy', 'd2'),
      c('created', 'a', 'created', 'deploy', 'd3'),
      c('restarting', 'a', 'restarting', 'deploy', 'd1'),
    ];
    expect(containersToRemove(list, live)).toEqual([]);
  });
});
