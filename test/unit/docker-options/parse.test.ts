import { describe, expect, it } from 'vitest';
import {
  optionKey,
  parseOptions,
  parsePhases,
  toBuildOptions,
  toCreateOptions,
} from '../../../lib/docker-options/parse.js';
import { joinWords, splitWords } from '../../../lib/docker-options/words.js';
import { parseBytes, parsePublish } from '../../../lib/docker-options/units.js';

const create = (text: string) => toCreateOptions(parseOptions(text, ['deploy']));

describe('splitWords', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(splitWords(`-p 1:1  -e 'A=b c' -e "B=x \\"y\\"" -e C=d\\ e`)).toEqual([
      '-p',
      '1:1',
      '-e',
      'A=b c',
      '-e',
      'B=x "y"',
      '-e',
      'C=d e',
    ]);
    expect(splitWords(`-e A=''`)).toEqual(['-e', 'A=']);
  });
  it('refuses shell operators outside quotes and unterminated quotes', () => {
    expect(() => splitWords('--privileged; rm -rf /')).toThrow(/not run by a shell: ";"/);
    expect(() => splitWords('-e A=$(id)')).toThrow(/"\$"/);
    expect(() => splitWords('-e A=1 | cat')).toThrow(/"\|"/);
    expect(() => splitWords(`-e 'A=1`)).toThrow(/Unterminated single quote/);
    expect(splitWords(`-e 'A=1; b|c $x'`)).toEqual(['-e', 'A=1; b|c $x']);
  });
  // dokku tests/unit/core_1.bats "(common) fn-docker-args-split does not expand injected commands": nothing
  // is ever expanded; unquoted, paas refuses the substitution (Dokku keeps it as a literal word), quoted it
  // is the literal word Dokku gives.
  it('never expands an injected command substitution (Dokku core_1)', () => {
    expect(() => splitWords('--label x=$(id)')).toThrow(/not run by a shell: "\$"/);
    expect(() => splitWords('--label x=`id`')).toThrow(/not run by a shell: "`"/);
    expect(splitWords(`--label 'x=$(id)'`)).toEqual(['--label', 'x=$(id)']);
    expect(splitWords("--label 'x=`id`'")).toEqual(['--label', 'x=`id`']);
    expect(splitWords('--label "x=\\$(id)"')).toEqual(['--label', 'x=$(id)']);
  });
  // dokku tests/unit/core_1.bats "(common) fn-docker-args-split preserves quoted tokens"
  it('keeps a quoted token as one word (Dokku core_1)', () => {
    expect(splitWords(`--label 'a b'`)).toEqual(['--label', 'a b']);
    expect(splitWords(`--label "a b"`)).toEqual(['--label', 'a b']);
  });
  it('round-trips through joinWords', () => {
    const words = ['-e', "it's a $test", '--label', 'a=b', '-e', ''];
    expect(splitWords(joinWords(words))).toEqual(words);
  });
});

describe('parseOptions', () => {
  it('accepts "--opt value", "--opt=value", short flags and several options in one string', () => {
    const opts = parseOptions('-p 1:1 -p 2:2/udp --sysctl=net.ipv4.ip_forward=1 --init', ['deploy']);
    expect(opts.map((o) => [o.flag, o.value, o.text])).toEqual([
      ['--publish', '1:1', '-p 1:1'],
      ['--publish', '2:2/udp', '-p 2:2/udp'],
      ['--sysctl', 'net.ipv4.ip_forward=1', '--sysctl=net.ipv4.ip_forward=1'],
      ['--init', undefined, '--init'],
    ]);
  });
  it('treats spellings of the same option as equal', () => {
    const [a] = parseOptions('--publish=8080:80', ['deploy']);
    const [b] = parseOptions('-p 8080:80', ['deploy']);
    expect(optionKey(a)).toBe(optionKey(b));
  });
  it('refuses what it does not understand, with the reason', () => {
    expect(() => parseOptions('--privileged; rm -rf /', ['deploy'])).toThrow(/not run by a shell/);
    expect(() => parseOptions('--frobnicate', ['deploy'])).toThrow(/Unsupported docker option "--frobnicate"/);
    expect(() => parseOptions('--pid=host', ['deploy'])).toThrow(/Unsupported docker option "--pid"/);
    expect(() => parseOptions('rm -rf /', ['deploy'])).toThrow(/Unexpected "rm"/);
    expect(() => parseOptions('-p', ['deploy'])).toThrow(/needs a value/);
    expect(() => parseOptions('-p 1:1', ['build'])).toThrow(/cannot be used in the build phase/);
    expect(() => parseOptions('--build-arg A=1', ['deploy'])).toThrow(/cannot be used in the deploy phase/);
    expect(() => parseOptions('--cap-add net-admin!', ['deploy'])).toThrow(/Invalid capability/);
    expect(() => parseOptions('-e NOVALUE', ['deploy'])).toThrow(/use KEY=VALUE/);
    expect(() => parseOptions('--label paas.app=x', ['deploy'])).toThrow(/reserved/);
    expect(() => parseOptions('--restart sometimes', ['deploy'])).toThrow(/Invalid --restart/);
    expect(() => parseOptions('-v data', ['deploy'])).toThrow(/must be absolute/);
    expect(() => parseOptions('--link a:b:c', ['deploy'])).toThrow(/CONTAINER\[:ALIAS\]/);
    expect(() => parseOptions('--link "a b"', ['deploy'])).toThrow(/Invalid linked container/);
    expect(() => parseOptions('-v /a/../etc:/x', ['deploy'])).toThrow(/"\.\."/);
  });
  it('checks phases', () => {
    expect(parsePhases('deploy,run')).toEqual(['deploy', 'run']);
    expect(() => parsePhases('deploy, run')).toThrow(/Invalid phase " run"/);
    expect(() => parsePhases('release')).toThrow(/Invalid phase/);
  });
});

describe('toCreateOptions', () => {
  it('maps -v PATH to an anonymous volume and --link to Links, as Dokku does', () => {
    expect(create('-v /tmp -v /var/tmp --link postgres --link db:database')).toEqual({
      Volumes: { '/tmp': {}, '/var/tmp': {} },
      HostConfig: { Links: ['postgres:postgres', 'db:database'] },
    });
  });
  it('accepts -v and --link for the build phase and leaves them out of the build', () => {
    expect(toBuildOptions(parseOptions('-v /tmp --link foo --build-arg X=Y', ['build']))).toEqual({
      buildargs: { X: 'Y' },
    });
  });
  it('maps ports (TCP, UDP, host IP, ranges)', () => {
    expect(create('-p 25565:25565 -p 51820:51820/udp -p 127.0.0.1:8080:80 -p 9000-9001:7000-7001 -p 6000')).toEqual({
      ExposedPorts: { '25565/tcp': {}, '51820/udp': {}, '80/tcp': {}, '7000/tcp': {}, '7001/tcp': {}, '6000/tcp': {} },
      HostConfig: {
        PortBindings: {
          '25565/tcp': [{ HostIp: '', HostPort: '25565' }],
          '51820/udp': [{ HostIp: '', HostPort: '51820' }],
          '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
          '7000/tcp': [{ HostIp: '', HostPort: '9000' }],
          '7001/tcp': [{ HostIp: '', HostPort: '9001' }],
          '6000/tcp': [{ HostIp: '', HostPort: '' }],
        },
      },
    });
    expect(parsePublish('[::1]:8080:80')).toEqual([
      { hostIp: '::1', hostPort: '8080', containerPort: 80, proto: 'tcp' },
    ]);
    expect(() => parsePublish('1:2:3:4')).toThrow(/too many/);
    expect(() => parsePublish('70000:1')).toThrow(/1 to 65535/);
    expect(() => parsePublish('1:1/icmp')).toThrow(/unknown protocol/);
    expect(() => parsePublish('300.1.1.1:1:1')).toThrow(/invalid host IP/);
  });
  it('maps volumes, env, capabilities, sysctls, devices and more', () => {
    const c = create(
      [
        '-v /srv/data:/data:ro -v tgdata:/var/lib/x',
        '-e A=1 --env=B=two',
        '--cap-add NET_ADMIN --cap-drop mknod',
        '--sysctl net.ipv4.ip_forward=1',
        '--device /dev/fuse --device /dev/null:/dev/mynull:r',
        '--network tgnet --restart on-failure:3',
        '--log-driver json-file --log-opt max-size=10m',
        '--label com.example.a=b --shm-size 64m --ulimit nofile=1024:2048 --init',
        '--memory 256m --memory-swap 512m --cpus 1.5 --pids-limit 100',
        '--add-host db.local:10.0.0.5 --hostname tg-host --privileged',
      ].join(' '),
    );
    expect(c.Env).toEqual(['A=1', 'B=two']);
    expect(c.Labels).toEqual({ 'com.example.a': 'b' });
    expect(c.Hostname).toBe('tg-host');
    expect(c.HostConfig).toEqual({
      Binds: ['/srv/data:/data:ro', 'tgdata:/var/lib/x'],
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['MKNOD'],
      Sysctls: { 'net.ipv4.ip_forward': '1' },
      Devices: [
        { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
        { PathOnHost: '/dev/null', PathInContainer: '/dev/mynull', CgroupPermissions: 'r' },
      ],
      NetworkMode: 'tgnet',
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      ShmSize: 64 * 1024 * 1024,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Init: true,
      Memory: 256 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 1.5e9,
      PidsLimit: 100,
      ExtraHosts: ['db.local:10.0.0.5'],
      Privileged: true,
    });
  });
  it("turns the image's HEALTHCHECK off with --no-healthcheck (Dokku's apps_1.bats adds it)", () => {
    expect(create('--no-healthcheck').Healthcheck).toEqual({ Test: ['NONE'] });
    expect(create('--init').Healthcheck).toBeUndefined();
  });
  it('keeps log options given before the driver', () => {
    expect(create('--log-opt max-size=1m --log-driver local').HostConfig?.LogConfig).toEqual({
      Type: 'local',
      Config: { 'max-size': '1m' },
    });
  });
});

describe('toBuildOptions', () => {
  it('maps build args, labels, network, hosts and limits to buildImage options', () => {
    const b = toBuildOptions(
      parseOptions(
        '--build-arg NODE_ENV=production --build-arg X="a b" --label a=b --network host --add-host h:1.2.3.4 --memory 1g --no-cache',
        ['build'],
      ),
    );
    expect(b).toEqual({
      buildargs: { NODE_ENV: 'production', X: 'a b' },
      labels: { a: 'b' },
      networkmode: 'host',
      extrahosts: ['h:1.2.3.4'],
      memory: 1024 ** 3,
      nocache: true,
    });
  });

  it('a --build-arg KEY without a value takes it from the config, and is left out when unset (Dokku builder-dockerfile.bats)', () => {
    const parsed = parseOptions('--build-arg GITHUB_TOKEN --build-arg UNSET --build-arg X=1', ['build']);
    expect(toBuildOptions(parsed, { GITHUB_TOKEN: 'custom-value', OTHER: 'no' })).toEqual({
      buildargs: { GITHUB_TOKEN: 'custom-value', X: '1' },
    });
    expect(toBuildOptions(parsed)).toEqual({ buildargs: { X: '1' } });
    expect(() => parseOptions('--build-arg 1BAD', ['build'])).toThrow(/Invalid build argument/);
  });
});

describe('parseBytes', () => {
  it('reads docker sizes, with an optional default unit', () => {
    expect(parseBytes('512', 'x')).toBe(512);
    expect(parseBytes('512', 'x', 'm')).toBe(512 * 1024 * 1024);
    expect(parseBytes('1GiB', 'x')).toBe(1024 ** 3);
    expect(parseBytes('1.5k', 'x')).toBe(1536);
    expect(parseBytes('100b', 'x', 'm')).toBe(100);
    expect(() => parseBytes('lots', 'x')).toThrow(/Invalid size/);
  });
});
