import { describe, expect, it } from 'vitest';
import { MANAGED_LABEL, toListEntry } from '../../../lib/network/docker-networks.js';

describe('network:list --format json entries (Dokku fields)', () => {
  it('marks networks made by network:create as DokkuManaged and shortens the id', () => {
    const e = toListEntry({
      Name: 'dk-net',
      Id: '0123456789abcdef0123',
      Created: '2026-01-01T00:00:00Z',
      Driver: 'bridge',
      Scope: 'local',
      Labels: { [MANAGED_LABEL]: 'dk-net' },
    });
    expect(e).toEqual({
      CreatedAt: '2026-01-01T00:00:00Z',
      DokkuManaged: true,
      Driver: 'bridge',
      ID: '0123456789ab',
      Internal: false,
      IPv6: false,
      Labels: { [MANAGED_LABEL]: 'dk-net' },
      Name: 'dk-net',
      Scope: 'local',
    });
  });
  it("docker's own networks and others' are not managed", () => {
    expect(toListEntry({ Name: 'bridge', Id: 'x', Labels: null }).DokkuManaged).toBe(false);
    expect(
      toListEntry({ Name: 'proj_default', Id: 'y', Labels: { 'com.docker.compose.network': 'default' } }).DokkuManaged,
    ).toBe(false);
  });
});
