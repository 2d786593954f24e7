import { describe, expect, it } from 'vitest';
import { pushRefusal, refusal, Request } from '../../../lib/acl/access.js';
import { Caller } from '../../../lib/core/caller.js';

const admin: Caller = { name: 'root-key', role: 'admin', remote: true };
const alice: Caller = { name: 'alice', role: 'user', remote: true };
const ci: Caller = { name: 'ci', role: 'deploy', remote: true };
const mine = (app: string) => app === 'alice-app';

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
