import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { networkCreateOptions } from '../../../lib/network/attach.js';
import {
  attachNetworkNames,
  computedNetworkSetting,
  GLOBAL,
  networkAliases,
  normaliseNetworkValue,
  writeNetworkSetting,
} from '../../../lib/network/settings.js';
import { writeProp } from '../../../lib/state/props.js';
import { AccessError } from '../../../lib/core/errors.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-network-'));
});

describe('network settings', () => {
  it('validates values', () => {
    expect(normaliseNetworkValue('attach-post-deploy', ['n1', 'n2', 'n1'])).toBe('n1 n2');
    expect(normaliseNetworkValue('attach-post-create', [])).toBe('');
    expect(() => normaliseNetworkValue('attach-post-create', ['bridge'])).toThrow(/cannot be attached by name/);
    expect(() => normaliseNetworkValue('attach-post-create', ['bad name'])).toThrow(/Invalid network/);
    expect(normaliseNetworkValue('bind-all-interfaces', ['true'])).toBe('true');
    expect(() => normaliseNetworkValue('bind-all-interfaces', ['yes'])).toThrow(/true or false/);
    expect(() => normaliseNetworkValue('initial-network', ['a', 'b'])).toThrow(/single value/);
    expect(normaliseNetworkValue('tld', ['Svc.Cluster.Local'])).toBe('svc.cluster.local');
    expect(() => normaliseNetworkValue('tld', ['-bad'])).toThrow(/Invalid domain/);
  });
  it('keeps initial-network host for admins: a user key is refused with exit code 77', () => {
    expect(normaliseNetworkValue('initial-network', ['host'])).toBe('host');
    process.env.PAAS_USER = 'alice';
    process.env.PAAS_ROLE = 'user';
    try {
      expect(() => normaliseNetworkValue('initial-network', ['host'])).toThrow(AccessError);
      expect(() => normaliseNetworkValue('initial-network', ['HOST'])).toThrow(
        /Only an admin may set initial-network host/,
      );
      expect(normaliseNetworkValue('initial-network', ['tgnet'])).toBe('tgnet');
    } finally {
      delete process.env.PAAS_USER;
      delete process.env.PAAS_ROLE;
    }
  });
  it('falls back to global values', () => {
    writeNetworkSetting(GLOBAL, 'attach-post-deploy', 'shared');
    expect(attachNetworkNames('tg', 'post-deploy')).toEqual(['shared']);
    writeNetworkSetting('tg', 'attach-post-deploy', 'mine other');
    expect(attachNetworkNames('tg', 'post-deploy')).toEqual(['mine', 'other']);
    expect(attachNetworkNames('tg', 'post-create')).toEqual([]);
    expect(computedNetworkSetting('tg', 'bind-all-interfaces')).toBe('false');
  });
  it('aliases containers as APP.PROC, plus the tld', () => {
    expect(networkAliases('tg', 'web')).toEqual(['tg.web']);
    writeNetworkSetting('tg', 'tld', 'svc.local');
    expect(networkAliases('tg', 'worker')).toEqual(['tg.worker', 'tg.worker.svc.local']);
  });
});

describe('networkCreateOptions', () => {
  it('is empty by default', () => {
    expect(networkCreateOptions('tg', 'web')).toEqual({});
  });
  it('sets the initial network with the process alias on user networks only', () => {
    writeNetworkSetting('tg', 'initial-network', 'tgnet');
    expect(networkCreateOptions('tg', 'web')).toEqual({
      HostConfig: { NetworkMode: 'tgnet' },
      NetworkingConfig: { EndpointsConfig: { tgnet: { Aliases: ['tg.web'] } } },
    });
    expect(networkCreateOptions('tg')).toEqual({ HostConfig: { NetworkMode: 'tgnet' } });
    writeNetworkSetting('tg', 'initial-network', 'host');
    expect(networkCreateOptions('tg', 'web')).toEqual({ HostConfig: { NetworkMode: 'host' } });
  });
  it('publishes the web port on all interfaces with bind-all-interfaces', () => {
    writeNetworkSetting('tg', 'bind-all-interfaces', 'true');
    writeProp('ports', 'tg', 'map', 'http:80:3000');
    expect(networkCreateOptions('tg', 'web')).toEqual({
      ExposedPorts: { '3000/tcp': {} },
      HostConfig: { PortBindings: { '3000/tcp': [{ HostIp: '', HostPort: '' }] } },
    });
    expect(networkCreateOptions('tg', 'worker')).toEqual({});
  });
});

describe('conflictingAttachNetwork (Dokku: a network is attached after create or after deploy, not both)', () => {
  it('finds a network already set for the other attach phase, from the app or globally', async () => {
    const { conflictingAttachNetwork } = await import('../../../lib/network/settings.js');
    writeNetworkSetting('tn-a', 'attach-post-create', 'net-c');
    expect(conflictingAttachNetwork('tn-a', 'attach-post-deploy', ['net-d', 'net-c'])).toBe('net-c');
    expect(conflictingAttachNetwork('tn-a', 'attach-post-deploy', ['net-d'])).toBeUndefined();
    expect(conflictingAttachNetwork('tn-a', 'attach-post-create', ['net-c'])).toBeUndefined();
    writeNetworkSetting(GLOBAL, 'attach-post-deploy', 'net-g');
    expect(conflictingAttachNetwork('tn-b', 'attach-post-create', ['net-g'])).toBe('net-g');
    expect(conflictingAttachNetwork('tn-b', 'initial-network', ['net-g'])).toBeUndefined();
  });
});
