import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMount, readMounts, removeMount, storageCreateOptions } from '../../../lib/storage/mounts.js';
import { bindSourceProblem } from '../../../lib/storage/confine.js';
import { AccessError } from '../../../lib/core/errors.js';
import { writeListProp } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';

function asUser(): void {
  process.env.PAAS_USER = 'alice';
  process.env.PAAS_ROLE = 'user';
}

function asAdmin(): void {
  delete process.env.PAAS_USER;
  delete process.env.PAAS_ROLE;
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-confine-'));
  fs.mkdirSync(paths.storageDir(), { recursive: true });
  asAdmin();
});
afterEach(asAdmin);

describe('storage:mount for a user key', () => {
  const hostile = () => [
    '/:/hostroot',
    '/etc:/etc:ro',
    '/var/run/docker.sock:/var/run/docker.sock',
    `${paths.root()}:/state`,
    `${paths.storageDir()}:/all`,
    `${paths.storageDir()}/../repos:/repos`,
    `${paths.storageDir()}/x:/x:rshared`,
  ];

  it('refuses every host path outside the storage root with exit code 77, storing nothing', () => {
    asUser();
    for (const spec of hostile()) {
      let err: unknown;
      try {
        addMount('tg', spec);
      } catch (e) {
        err = e;
      }
      expect(err, spec).toBeInstanceOf(Error);
      if (!spec.includes('..')) expect((err as AccessError).exitCode, spec).toBe(77);
      expect(readMounts('tg')).toEqual([]);
    }
  });

  it('refuses a symlinked component, even when it was made after the mount was stored', () => {
    asUser();
    fs.symlinkSync('/etc', path.join(paths.storageDir(), 'link'));
    expect(() => addMount('tg', `${paths.storageDir()}/link:/x`)).toThrow(/passes through the symlink/);
    expect(() => addMount('tg', `${paths.storageDir()}/link/ssl:/x`)).toThrow(AccessError);
    // Stored while it was a directory, swapped for a symlink before the deploy: refused at deploy.
    fs.mkdirSync(path.join(paths.storageDir(), 'data'));
    addMount('tg', `${paths.storageDir()}/data:/data`);
    fs.rmdirSync(path.join(paths.storageDir(), 'data'));
    fs.symlinkSync('/', path.join(paths.storageDir(), 'data'));
    expect(() => storageCreateOptions('tg', 'deploy')).toThrow(/was not set by an admin and is refused/);
  });

  it('accepts a directory under the storage root and named volumes', () => {
    asUser();
    addMount('tg', `${paths.storageDir()}/tg:/app/data`);
    addMount('tg', 'tg-cache:/cache:ro');
    expect(storageCreateOptions('tg', 'deploy').HostConfig?.Binds).toEqual([
      `${paths.storageDir()}/tg:/app/data`,
      'tg-cache:/cache:ro',
    ]);
  });

  it('leaves admins the freedom Dokku gives, and an admin mount keeps working when a user deploys', () => {
    for (const spec of hostile().filter((s) => !s.includes('..'))) addMount('tg', spec);
    asUser();
    expect(storageCreateOptions('tg', 'deploy').HostConfig?.Binds).toContain('/:/hostroot');
  });

  it('refuses at deploy a mount stored by hand (or before the upgrade), until an admin mounts it again', () => {
    writeListProp('storage', 'tg', 'mounts', ['/:/hostroot']);
    expect(() => storageCreateOptions('tg', 'run')).toThrow(
      /Stored mount "\/:\/hostroot" of tg was not set by an admin and is refused/,
    );
    asUser();
    expect(() => addMount('tg', '/:/hostroot')).toThrow(AccessError);
    asAdmin();
    expect(addMount('tg', '/:/hostroot').vouched).toBe(true);
    expect(storageCreateOptions('tg', 'run').HostConfig?.Binds).toEqual(['/:/hostroot']);
    // Unmounting drops the mark: the same line put back by hand is refused again.
    removeMount('tg', '/:/hostroot');
    writeListProp('storage', 'tg', 'mounts', ['/:/hostroot']);
    expect(() => storageCreateOptions('tg', 'run')).toThrow(AccessError);
  });
});

describe('bindSourceProblem', () => {
  it('names why a path is refused', () => {
    expect(bindSourceProblem('/')).toMatch(/outside the storage root/);
    expect(bindSourceProblem(`${paths.storageDir()}/a/../../x`)).toMatch(/"\.\."/);
    expect(bindSourceProblem(`${paths.storageDir()}/a/docker.sock`)).toMatch(/docker socket/);
    expect(bindSourceProblem(`${paths.storageDir()}/a/b`)).toBeNull();
  });
});
