import { describe, expect, it, vi } from 'vitest';
import { namespaces } from '../../../lib/cli/registry.js';

// dockerode and acme-client take a third of a second each to load: a command module that imports either
// at load time makes every command of its namespace pay for it, usage errors and reports included.
vi.mock('dockerode', () => {
  throw new Error('dockerode was loaded at import time');
});
vi.mock('acme-client', () => {
  throw new Error('acme-client was loaded at import time');
});

describe('heavy libraries are loaded on first use, not by loading a command module', () => {
  it('an import of either library fails here (what the checks below rely on)', async () => {
    await expect(import('dockerode')).rejects.toThrow();
    await expect(import('acme-client')).rejects.toThrow();
  });

  it.each(Object.keys(namespaces))('the %s commands load without them', async (ns) => {
    const mod = await namespaces[ns].load();
    expect(mod.commands.length).toBeGreaterThan(0);
  });
});
