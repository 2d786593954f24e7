import { describe, expect, it } from 'vitest';
import { DEPLOY_KEY_COMMANDS, pushRefusal, refusal, Request } from '../../../lib/acl/access.js';
import { Caller } from '../../../lib/core/caller.js';

const admin: Caller = { name: 'root-key', role: 'admin', remote: true };
const alice: Caller = { name: 'alice', role: 'user', remote: true };
const ci: Caller = { name: 'ci', role: 'deploy', remote: true };
const mine = (app: string) => app === 'alice-app' || app === 'ci-app';

function req(command: string, access: Request['access'], app?: string, global = false): Request {
  return { command, access, app, global };
}

describe('refusal (who may run which command)', () => {
  // [caller, request, allowed]
  const table: [Caller, Request, boolean][] = [
    [admin, req('ssh-keys:add', 'admin'), true],
    [admin, req('config:set', 'app', 'bob-app', true), true],
    [admin, req('config:get', 'app', 'bob-app'), true],
    [alice, req('config:set', 'app', 'alice-app'), true],
    [alice, req('config:set', 'app', 'bob-app'), false],
    [alice, req('config:set', 'app', undefined, true), false],
    [alice, req('apps:report', 'app', 'bob-app'), false],
    [alice, req('apps:report', 'app'), true],
    [alice, req('ps:restart', 'app'), false],
    [alice, req('apps:create', 'any', 'new-app'), true],
    [alice, req('apps:list', 'any'), true],
    [alice, req('ssh-keys:add', 'admin'), false],
    [alice, req('acl:add', 'admin', 'alice-app'), false],
    [alice, req('network:create', 'admin'), false],
    [alice, req('postgres:create', 'admin'), false],
    // storage entries are global (host directories): their commands are admin-only (no access field)
    [alice, req('storage:set', 'admin'), false],
    [alice, req('storage:destroy', 'admin'), false],
    [alice, req('storage:annotations:set', 'admin'), false],
    [alice, req('storage:labels:report', 'admin'), false],
    [alice, req('storage:exec', 'admin'), false],
    [alice, req('storage:migrate', 'admin'), false],
    [admin, req('storage:exec', 'admin'), true],
    [alice, req('storage:mount', 'app', 'alice-app'), true],
    [alice, req('storage:mount', 'app', 'bob-app'), false],
    // ps:set start-cmd / dockerfile-start-cmd (run inside the app's own containers): its own apps only
    [alice, req('ps:set', 'app', 'alice-app'), true],
    [alice, req('ps:set', 'app', 'bob-app'), false],
    [alice, req('ps:report', 'app', undefined, true), false],
    [alice, req('proxy:report', 'app', undefined, true), false],
    [alice, req('proxy:clear-config', 'app', 'alice-app'), true],
    [alice, req('proxy:clear-config', 'app'), false],
    [ci, req('ps:set', 'app', 'ci-app'), false],
    [ci, req('config:get', 'app', 'ci-app'), false],
    [ci, req('apps:list', 'any'), false],
    [ci, req('help', 'any'), false],
    // git:from-archive is a deploy: user keys on their apps, deploy keys on the apps they may push to
    [alice, req('git:from-archive', 'deploy', 'alice-app'), true],
    [alice, req('git:from-archive', 'deploy', 'bob-app'), false],
    [ci, req('git:from-archive', 'deploy', 'ci-app'), true],
    [ci, req('git:from-archive', 'deploy', 'bob-app'), false],
    [ci, req('git:from-archive', 'deploy'), false],
    // the archive limits are global (admin only), for user and deploy keys alike
    [alice, req('git:set', 'app', undefined, true), false],
    [ci, req('git:set', 'app', undefined, true), false],
    [ci, req('git:from-archive', 'deploy', 'ci-app', true), false],
    // builds: a deploy key sees and cancels the builds of the apps it pushes to, nothing else
    [ci, req('builds:list', 'deploy', 'ci-app'), true],
    [ci, req('builds:info', 'deploy', 'ci-app'), true],
    [ci, req('builds:output', 'deploy', 'ci-app'), true],
    [ci, req('builds:cancel', 'deploy', 'ci-app'), true],
    [ci, req('builds:cancel', 'deploy', 'other-app'), false],
    [ci, req('builds:list', 'deploy'), false],
    [ci, req('builds:set', 'app', 'ci-app'), false],
    [ci, req('builds:prune', 'app', 'ci-app'), false],
    [ci, req('builds:report', 'app', 'ci-app'), false],
    [alice, req('builds:cancel', 'deploy', 'alice-app'), true],
    [alice, req('builds:cancel', 'deploy', 'bob-app'), false],
    [alice, req('builds:list', 'deploy'), false],
    [alice, req('builds:set', 'app', 'alice-app'), true],
    [alice, req('builds:set', 'app', undefined, true), false],
    [alice, req('builds:prune', 'app'), false],
    [admin, req('builds:set', 'app', undefined, true), true],
    [admin, req('builds:list', 'deploy'), true],
  ];
  it.each(table)('%o runs %o: allowed=%s', (caller, r, allowed) => {
    expect(refusal(caller, r, mine) === undefined).toBe(allowed);
  });

  it('says in one line what the key may not do', () => {
    expect(refusal(alice, req('config:set', 'app', 'bob-app'), mine)).toBe(
      'The key alice (user) may not use app bob-app',
    );
    expect(refusal(alice, req('ssh-keys:add', 'admin'), mine)).toBe(
      'The key alice (user) may not run ssh-keys:add; it needs an admin key',
    );
    expect(refusal(alice, req('config:set', 'app', undefined, true), mine)).toMatch(/--global/);
    expect(refusal(ci, req('config:get', 'app', 'x'), mine)).toBe(
      'The key ci (deploy) may only git push to its apps, not run config:get',
    );
    expect(refusal(ci, req('builds:cancel', 'deploy', 'bob-app'), mine)).toBe(
      'The key ci (deploy) may not use app bob-app',
    );
  });
});

describe('commands deploy keys may run', () => {
  it('are exactly the commands that declare access deploy', async () => {
    const { namespaces, loadNamespace } = await import('../../../lib/cli/registry.js');
    const deployCommands: string[] = [];
    for (const ns of Object.keys(namespaces))
      for (const spec of (await loadNamespace(ns)) ?? []) if (spec.access === 'deploy') deployCommands.push(spec.name);
    expect(deployCommands.sort()).toEqual([...DEPLOY_KEY_COMMANDS].sort());
  });
});

describe('pushRefusal (who may push where)', () => {
  const granted = (g: string[]) => (grant: 'users' | 'deploy') => g.includes(grant);
  it('admin pushes anywhere, even to a new app', () => {
    expect(pushRefusal(admin, 'x', false, granted([]))).toBeUndefined();
  });
  it('a user key pushes to its apps and may create a new one, not push to another', () => {
    expect(pushRefusal(alice, 'alice-app', true, granted(['users']))).toBeUndefined();
    expect(pushRefusal(alice, 'new-app', false, granted([]))).toBeUndefined();
    expect(pushRefusal(alice, 'bob-app', true, granted([]))).toBe('The key alice (user) may not push to app bob-app');
    expect(pushRefusal(alice, 'bob-app', true, granted(['deploy']))).toBeDefined();
  });
  it('a deploy key pushes only to its granted apps and never creates one', () => {
    expect(pushRefusal(ci, 'ci-app', true, granted(['deploy']))).toBeUndefined();
    expect(pushRefusal(ci, 'other', true, granted(['users']))).toMatch(/may not push to app other/);
    expect(pushRefusal(ci, 'new-app', false, granted(['deploy']))).toMatch(/may not push/);
  });
});
