import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addOptions, clearOptions, readOptionLines, removeOptions } from '../../../lib/docker-options/store.js';
import {
  dockerOptionsBuildOptions,
  dockerOptionsCreateOptions,
  publishesFixedHostPorts,
} from '../../../lib/docker-options/apply.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-dopts-'));
});

describe('docker-options store', () => {
  it('stores one option per line per phase, without duplicates', () => {
    addOptions('tg', ['deploy', 'run'], '-p 1:1 -p 2:2/udp');
    addOptions('tg', ['deploy'], '--publish=1:1 --cap-add NET_ADMIN');
    expect(readOptionLines('tg', 'deploy')).toEqual(['-p 1:1', '-p 2:2/udp', '--cap-add NET_ADMIN']);
    expect(readOptionLines('tg', 'run')).toEqual(['-p 1:1', '-p 2:2/udp']);
    expect(fs.readFileSync(paths.prop('docker-options', 'tg', 'deploy'), 'utf8')).toBe(
      '-p 1:1\n-p 2:2/udp\n--cap-add NET_ADMIN\n',
    );
  });
  it('stores nothing when any option is refused', () => {
    addOptions('tg', ['deploy'], '-p 1:1');
    expect(() => addOptions('tg', ['deploy'], '--privileged; rm -rf /')).toThrow();
    expect(() => addOptions('tg', ['deploy', 'build'], '--cap-add NET_ADMIN')).toThrow(/build phase/);
    expect(() => addOptions('tg', ['deploy'], '-e A=1 --bogus')).toThrow(/Unsupported/);
    expect(readOptionLines('tg', 'deploy')).toEqual(['-p 1:1']);
    expect(fs.existsSync(paths.prop('docker-options', 'tg', 'build'))).toBe(false);
  });
  it('removes however the option is spelled, and refuses to remove what is not there', () => {
    addOptions('tg', ['deploy', 'run'], "-p 1:1 -e 'A=x y'");
    removeOptions('tg', ['deploy'], '--publish=1:1');
    expect(readOptionLines('tg', 'deploy')).toEqual([`-e 'A=x y'`]);
    removeOptions('tg', ['deploy', 'run'], `--env "A=x y"`);
    expect(readOptionLines('tg', 'deploy')).toEqual([]);
    expect(readOptionLines('tg', 'run')).toEqual(['-p 1:1']);
    expect(() => removeOptions('tg', ['deploy'], '-p 9:9')).toThrow(/is not set/);
  });
  it('clears phases', () => {
    addOptions('tg', ['deploy', 'run'], '--init');
    clearOptions('tg', ['deploy']);
    expect(readOptionLines('tg', 'deploy')).toEqual([]);
    expect(readOptionLines('tg', 'run')).toEqual(['--init']);
  });
  it('gives create and build option fragments', () => {
    addOptions('tg', ['deploy'], '-p 25565:25565 --init -e A=1');
    addOptions('tg', ['run'], '-e B=2');
    addOptions('tg', ['build'], '--build-arg V=3');
    expect(dockerOptionsCreateOptions('tg', 'deploy')).toEqual({
      Env: ['A=1'],
      ExposedPorts: { '25565/tcp': {} },
      HostConfig: { PortBindings: { '25565/tcp': [{ HostIp: '', HostPort: '25565' }] }, Init: true },
    });
    expect(dockerOptionsCreateOptions('tg', 'run')).toEqual({ Env: ['B=2'] });
    expect(dockerOptionsBuildOptions('tg')).toEqual({ buildargs: { V: '3' } });
    expect(dockerOptionsCreateOptions('other', 'deploy')).toEqual({});
    expect(publishesFixedHostPorts('tg')).toBe(true);
    expect(publishesFixedHostPorts('tg', 'run')).toBe(false);
  });
  it('reports a stored line that no longer parses', () => {
    fs.mkdirSync(path.dirname(paths.prop('docker-options', 'tg', 'deploy')), { recursive: true });
    fs.writeFileSync(paths.prop('docker-options', 'tg', 'deploy'), '--weird\n');
    expect(() => dockerOptionsCreateOptions('tg', 'deploy')).toThrow(
      /Stored deploy docker option "--weird" of tg is invalid/,
    );
  });
});
