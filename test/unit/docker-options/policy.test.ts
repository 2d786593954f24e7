import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOptions, readOptionLines, removeOptions } from '../../../lib/docker-options/store.js';
import { dockerOptionsBuildOptions, dockerOptionsCreateOptions } from '../../../lib/docker-options/apply.js';
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
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-dopts-policy-'));
  asAdmin();
});
afterEach(asAdmin);

/** Every spelling from issue 9 (and a few more) that reaches the host. */
const HOSTILE = [
  '-v /:/x',
  '-v=/:/x',
  '--volume /:/hostroot',
  '--volume=/:/hostroot',
  '-v /etc:/etc:ro',
  '-v /var/run/docker.sock:/var/run/docker.sock',
  '--mount type=bind,source=/,target=/x',
  '--mount=type=bind,src=/,dst=/x',
  '--mount type=bind,source=/var/run/docker.sock,target=/s',
  '--privileged',
  '--privileged=true',
  '--cap-add=ALL',
  '--cap-add ALL',
  '--cap-add all',
  '--cap-add SYS_ADMIN',
  '--cap-add CAP_SYS_ADMIN',
  '--cap-add=SYS_PTRACE',
  '--cap-add SYS_MODULE',
  '--device /dev/mem',
  '--device=/dev/sda:/dev/sda:rwm',
  '--security-opt seccomp=unconfined',
  '--security-opt=apparmor=unconfined',
  '--security-opt label=disable',
  '--security-opt label:disable',
  '--security-opt systempaths=unconfined',
  '--network host',
  '--network=host',
  '--net host',
  '--net=HOST',
  '--sysctl kernel.core_pattern=/tmp/x',
  '--sysctl=vm.overcommit_memory=1',
  '--log-driver syslog',
  '--log-driver=fluentd',
  '--log-opt syslog-address=unix:///var/run/docker.sock',
  '--link other-app.web.1',
  '--link=paas-postgres-db:db',
];

describe('docker-options for a user key', () => {
  it.each(HOSTILE)('refuses %s with exit code 77 and stores nothing', (opt) => {
    asUser();
    let err: unknown;
    try {
      addOptions('tg', ['deploy'], opt);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AccessError);
    expect((err as AccessError).exitCode).toBe(77);
    expect((err as Error).message).toMatch(/^Only an admin may add the docker option /);
    expect((err as Error).message).not.toContain('\n');
    expect(fs.existsSync(paths.prop('docker-options', 'tg', 'deploy'))).toBe(false);
  });

  it.each(HOSTILE)('lets an admin set %s (Dokku keeps that freedom)', (opt) => {
    expect(addOptions('tg', ['deploy'], opt).length).toBe(1);
  });

  it('accepts the safe list a Wireguard or Minecraft app needs', () => {
    asUser();
    fs.mkdirSync(path.join(paths.storageDir(), 'wg'), { recursive: true });
    addOptions(
      'wg',
      ['deploy'],
      [
        '--cap-add NET_ADMIN',
        '--cap-add=net_raw',
        '--cap-add CAP_NET_BIND_SERVICE',
        '-p 51820:51820/udp',
        '--publish=25565:25565',
        '--sysctl net.ipv4.conf.all.src_valid_mark=1',
        '--security-opt no-new-privileges',
        `-v ${paths.storageDir()}/wg:/config`,
        '-v /tmp',
        `--mount type=bind,source=${paths.storageDir()}/wg/sub,target=/sub`,
        '-v wg-data:/data:ro',
        '--mount type=tmpfs,target=/run',
        '--restart unless-stopped',
        '--memory 256m --cpus 0.5 --ulimit nofile=1024:2048 --shm-size 64m --init --read-only',
        '--tmpfs /tmp --user 1000:1000 --workdir /app --hostname wg --label team=blue',
        '--log-driver json-file --log-opt max-size=10m',
        '--dns 1.1.1.1 --add-host db:10.0.0.2 --network bridge',
      ].join(' '),
    );
    expect(readOptionLines('wg', 'deploy')).toContain('--cap-add NET_ADMIN');
    expect(dockerOptionsCreateOptions('wg', 'deploy').HostConfig?.CapAdd).toEqual([
      'NET_ADMIN',
      'NET_RAW',
      'CAP_NET_BIND_SERVICE',
    ]);
  });

  it('refuses a bind through a symlink inside the storage root', () => {
    asUser();
    fs.mkdirSync(paths.storageDir(), { recursive: true });
    fs.symlinkSync('/', path.join(paths.storageDir(), 'escape'));
    expect(() => addOptions('tg', ['deploy'], `-v ${paths.storageDir()}/escape/etc:/x`)).toThrow(/symlink/);
    expect(() =>
      addOptions('tg', ['deploy'], `--mount type=bind,source=${paths.storageDir()}/escape,target=/x`),
    ).toThrow(AccessError);
  });

  it('refuses spellings the parser does not know for everyone (no attached short values)', () => {
    asUser();
    for (const opt of ['-v/:/x', '--pid host', '--pid=host', '--ipc=host', '--uts host', '--userns=host']) {
      expect(() => addOptions('tg', ['deploy'], opt)).toThrow(/Unsupported docker option/);
    }
    for (const opt of ['--volumes-from other', '--cgroup-parent /', '--network container:db']) {
      expect(() => addOptions('tg', ['deploy'], opt)).toThrow();
    }
    expect(fs.existsSync(paths.prop('docker-options', 'tg', 'deploy'))).toBe(false);
  });

  it('refuses mount propagation options for a user', () => {
    asUser();
    expect(() => addOptions('tg', ['deploy'], `-v ${paths.storageDir()}/a:/a:rshared`)).toThrow(/propagation/);
  });

  it('refuses a build on the host network for a user', () => {
    asUser();
    expect(() => addOptions('tg', ['build'], '--network host')).toThrow(AccessError);
    addOptions('tg', ['build'], '--build-arg A=1 --no-cache');
  });
});

describe('stored docker options are checked again when used', () => {
  it('keeps working for options an admin set, when a user key deploys', () => {
    addOptions('wg', ['deploy'], '--cap-add SYS_ADMIN -v /srv:/srv');
    asUser();
    const c = dockerOptionsCreateOptions('wg', 'deploy');
    expect(c.HostConfig?.CapAdd).toEqual(['SYS_ADMIN']);
    expect(c.HostConfig?.Binds).toEqual(['/srv:/srv']);
  });

  it('refuses a hostile option stored by hand or before the upgrade, for every caller', () => {
    writeListProp('docker-options', 'tg', 'deploy', ['-p 80:80', '--privileged']);
    expect(() => dockerOptionsCreateOptions('tg', 'deploy')).toThrow(
      /Stored deploy docker option "--privileged" of tg was not set by an admin and is refused/,
    );
    writeListProp('docker-options', 'tg', 'build', ['--network host']);
    expect(() => dockerOptionsBuildOptions('tg')).toThrow(AccessError);
    writeListProp('docker-options', 'tg', 'run', ['-v /:/host']);
    asUser();
    expect(() => dockerOptionsCreateOptions('tg', 'run')).toThrow(/outside the storage root/);
  });

  it('lets an admin vouch for a stored line by adding it again', () => {
    writeListProp('docker-options', 'tg', 'deploy', ['--privileged']);
    expect(addOptions('tg', ['deploy'], '--privileged')).toEqual([]);
    expect(dockerOptionsCreateOptions('tg', 'deploy').HostConfig?.Privileged).toBe(true);
  });

  it('does not let a user key vouch, and forgets the mark when the option goes', () => {
    writeListProp('docker-options', 'tg', 'deploy', ['--cap-add NET_ADMIN']);
    asUser();
    addOptions('tg', ['deploy'], '--cap-add NET_ADMIN');
    expect(fs.existsSync(paths.prop('docker-options', 'tg', 'deploy-admin'))).toBe(false);
    asAdmin();
    addOptions('tg', ['deploy'], '--privileged');
    removeOptions('tg', ['deploy'], '--privileged');
    writeListProp('docker-options', 'tg', 'deploy', ['--privileged']);
    expect(() => dockerOptionsCreateOptions('tg', 'deploy')).toThrow(AccessError);
  });
});
