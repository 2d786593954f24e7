import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  baseDeployOptions,
  baseTaskOptions,
  commandFor,
  deployCreateOptions,
  mergeDeployFragments,
  parseRestartPolicy,
  publishesHostPorts,
  runCreateOptions,
  taskCreateOptions,
} from '../../../lib/deploy/container-spec.js';
import { writeListProp, writeProp } from '../../../lib/state/props.js';
import { Release } from '../../../lib/release/types.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-spec-'));
});

const release: Release = {
  app: 'shop',
  number: 7,
  image: 'paas/shop:v7',
  builder: 'dockerfile',
  config: { DATABASE_URL: 'postgres://db/shop', PORT: '9999', QUOTE: "it's" },
  processes: { web: 'node server.js', worker: '', clock: 'sh -c "sleep 1"' },
  rev: 'abc',
  pushedBy: 'alice',
  createdAt: '2024-01-01T00:00:00.000Z',
  live: false,
};

const input = {
  app: 'shop',
  release,
  deployId: 'lx1abc00zz',
  webPort: 5000,
  restartPolicy: { Name: 'unless-stopped' },
  stopTimeout: 10,
  init: true,
};

describe('baseDeployOptions', () => {
  it('builds a web container: name, image, shell command, env with PORT and DYNO, labels, policies', () => {
    expect(baseDeployOptions({ ...input, proc: 'web', index: 2, name: 'shop.web.2' })).toEqual({
      name: 'shop.web.2',
      Image: 'paas/shop:v7',
      Cmd: ['/bin/sh', '-c', 'node server.js'],
      Env: ['DATABASE_URL=postgres://db/shop', 'DYNO=web.2', 'PORT=5000', "QUOTE=it's"],
      Labels: {
        'paas.app': 'shop',
        'paas.process': 'web',
        'paas.release': '7',
        'paas.deploy': 'lx1abc00zz',
        'paas.dyno': 'web.2',
        'paas.port': '5000',
        'paas.kind': 'deploy',
      },
      ExposedPorts: { '5000/tcp': {} },
      StopTimeout: 10,
      HostConfig: { RestartPolicy: { Name: 'unless-stopped' }, Init: true },
    });
  });

  it('keeps the image default command for an empty Procfile command and sets no PORT off web', () => {
    const o = baseDeployOptions({ ...input, proc: 'worker', index: 1, name: 'shop.worker.1' });
    expect(o.Cmd).toBeUndefined();
    expect(o.ExposedPorts).toBeUndefined();
    expect(o.Env).toEqual(['DATABASE_URL=postgres://db/shop', 'DYNO=worker.1', 'PORT=9999', "QUOTE=it's"]);
    expect(o.Labels?.['paas.port']).toBe('');
  });

  it('uses the configured web port', () => {
    const o = baseDeployOptions({ ...input, proc: 'web', index: 1, webPort: 8384, name: 'shop.web.1' });
    expect(o.Env).toContain('PORT=8384');
    expect(o.Labels?.['paas.port']).toBe('8384');
    expect(o.ExposedPorts).toEqual({ '8384/tcp': {} });
  });
});

describe('mergeDeployFragments', () => {
  it('merges binds, env and limits but never lets a fragment rename or relabel the container', () => {
    const base = baseDeployOptions({ ...input, proc: 'web', index: 1, name: 'shop.web.1' });
    const merged = mergeDeployFragments(base, [
      { HostConfig: { Binds: ['/var/lib/paas/storage/shop:/data'] } },
      {
        name: 'evil',
        Env: ['EXTRA=1', 'DYNO=hacked'],
        Labels: { 'paas.app': 'other', team: 'blue' },
        HostConfig: { Binds: ['/tmp:/tmp'], CapAdd: ['NET_ADMIN'], RestartPolicy: { Name: 'always' } },
      },
      { HostConfig: { Memory: 256 * 1024 * 1024 } },
      {},
    ]);
    expect(merged.name).toBe('shop.web.1');
    expect(merged.Labels).toMatchObject({ 'paas.app': 'shop', team: 'blue', 'paas.kind': 'deploy' });
    expect(merged.HostConfig?.Binds).toEqual(['/var/lib/paas/storage/shop:/data', '/tmp:/tmp']);
    expect(merged.HostConfig?.CapAdd).toEqual(['NET_ADMIN']);
    expect(merged.HostConfig?.Memory).toBe(256 * 1024 * 1024);
    expect(merged.HostConfig?.Init).toBe(true);
    // docker-options --restart wins over the default policy, as in Dokku
    expect(merged.HostConfig?.RestartPolicy).toEqual({ Name: 'always' });
    expect(merged.Env).toContain('EXTRA=1');
    expect(merged.Env).toContain('DYNO=hacked');
  });
});

describe('deployCreateOptions with stored settings', () => {
  it('reads restart policy, stop timeout, storage and docker options from props', () => {
    writeProp('ps', 'shop', 'restart-policy', 'on-failure:5');
    writeProp('ps', 'shop', 'stop-timeout-seconds', '30');
    writeListProp('storage', 'shop', 'mounts', ['/var/lib/paas/storage/shop:/app/data']);
    // Set by an admin (outside this test's storage root, so only an admin's mount may be used).
    writeListProp('storage', 'shop', 'mounts-admin', ['/var/lib/paas/storage/shop:/app/data']);
    writeListProp('docker-options', 'shop', 'deploy', ['--cap-add NET_ADMIN', '-p 25565:25565']);
    const o = deployCreateOptions('shop', release, 'web', 1, 'lx1abc00zz', 'shop.web.1');
    expect(o.HostConfig?.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
    expect(o.StopTimeout).toBe(30);
    expect(o.HostConfig?.Binds).toContain('/var/lib/paas/storage/shop:/app/data');
    expect(o.HostConfig?.CapAdd).toEqual(['NET_ADMIN']);
    expect(publishesHostPorts(o)).toBe(true);
    expect(o.Env).toContain('PORT=5000');
    expect(o.Labels?.['paas.release']).toBe('7');
  });

  it('is plain with nothing stored', () => {
    const o = deployCreateOptions('shop', release, 'worker', 3, 'lx1abc00zz', 'shop.worker.3');
    expect(o.HostConfig).toEqual({ RestartPolicy: { Name: 'unless-stopped' }, Init: true });
    expect(publishesHostPorts(o)).toBe(false);
  });

  it('rotates the log at logs:set max-size (default 10m) when the daemon driver rotates (Dokku logs-1.bats)', () => {
    const lc = (driver: string) =>
      deployCreateOptions('shop', release, 'web', 1, 'd', 'n', driver).HostConfig?.LogConfig;
    expect(lc('json-file')).toEqual({ Type: '', Config: { 'max-size': '10m' } });
    expect(lc('journald')).toBeUndefined();
    writeProp('logs', '--global', 'max-size', '20m');
    expect(lc('local')).toEqual({ Type: '', Config: { 'max-size': '20m' } });
    writeProp('logs', 'shop', 'max-size', 'unlimited');
    expect(lc('json-file')).toBeUndefined();
  });

  it('leaves docker init out with scheduler-docker-local init-process false (Dokku scheduler-docker-local.bats)', () => {
    writeProp('scheduler-docker-local', '--global', 'init-process', 'false');
    expect(deployCreateOptions('shop', release, 'web', 1, 'd', 'shop.web.1').HostConfig?.Init).toBeUndefined();
    writeProp('scheduler-docker-local', 'shop', 'init-process', 'true');
    expect(deployCreateOptions('shop', release, 'web', 1, 'd', 'shop.web.1').HostConfig?.Init).toBe(true);
  });
});

describe('run and task containers', () => {
  it('run containers get the run-phase options and a run label', () => {
    writeListProp('docker-options', 'shop', 'run', ['-e DEBUG=1']);
    writeListProp('docker-options', 'shop', 'deploy', ['-e DEPLOY_ONLY=1']);
    const o = runCreateOptions('shop', release);
    expect(o.Image).toBe('paas/shop:v7');
    expect(o.Env).toContain('DEBUG=1');
    expect(o.Env).not.toContain('DEPLOY_ONLY=1');
    expect(o.Labels).toMatchObject({ 'paas.app': 'shop', 'paas.kind': 'run' });
    expect(o.HostConfig?.RestartPolicy).toBeUndefined();
  });

  it('task containers never publish ports nor restart', () => {
    writeListProp('docker-options', 'shop', 'deploy', ['-p 8080:80', '--restart always', '-e X=1']);
    const o = taskCreateOptions('shop', release, 'release', 'rake db:migrate', 'lx1abc00zz');
    expect(o.HostConfig?.PortBindings).toBeUndefined();
    expect(o.HostConfig?.RestartPolicy).toBeUndefined();
    expect(o.Cmd).toEqual(['/bin/sh', '-c', 'rake db:migrate']);
    expect(o.Env).toContain('X=1');
    expect(o.Labels).toMatchObject({ 'paas.kind': 'release', 'paas.process': 'release' });
    expect(baseTaskOptions('shop', release, 'predeploy', 'true', 'd').name).toBe('shop.predeploy.d');
  });
});

describe('small helpers', () => {
  it('parses restart policies like Dokku and refuses others', () => {
    expect(parseRestartPolicy('')).toEqual({ Name: 'unless-stopped' });
    expect(parseRestartPolicy('no')).toEqual({ Name: 'no' });
    expect(parseRestartPolicy('always')).toEqual({ Name: 'always' });
    expect(parseRestartPolicy('on-failure')).toEqual({ Name: 'on-failure' });
    expect(parseRestartPolicy('on-failure:10')).toEqual({ Name: 'on-failure', MaximumRetryCount: 10 });
    expect(() => parseRestartPolicy('sometimes')).toThrow(/Invalid restart policy/);
    expect(() => parseRestartPolicy('on-failure:x')).toThrow(/Invalid restart policy/);
  });
  it('names and commands', () => {
    expect(commandFor('')).toBeUndefined();
    expect(commandFor('   ')).toBeUndefined();
    expect(commandFor('npm start')).toEqual(['/bin/sh', '-c', 'npm start']);
  });
  it('random host ports do not count as published', () => {
    expect(publishesHostPorts({ HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '', HostPort: '' }] } } })).toBe(
      false,
    );
    expect(publishesHostPorts({ HostConfig: { PortBindings: { '53/udp': [{ HostPort: '53' }] } } })).toBe(true);
  });
});
