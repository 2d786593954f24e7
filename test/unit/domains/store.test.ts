import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  appDomains,
  domainOwner,
  globalDomains,
  parseDomains,
  refuseDomainsOfOtherApps,
  writeAppDomains,
  writeGlobalDomains,
} from '../../../lib/domains/store.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-domains-'));
  for (const a of ['te-a', 'te-b']) fs.mkdirSync(paths.appDir(a), { recursive: true });
});

describe('app domains', () => {
  it('are seeded once with APP.<global> for each global domain', () => {
    writeGlobalDomains(['paas.test', 'example.org']);
    expect(appDomains('te-a')).toEqual(['te-a.paas.test', 'te-a.example.org']);
    expect(fs.readFileSync(paths.prop('domains', 'te-a', 'vhosts'), 'utf8')).toBe('te-a.paas.test\nte-a.example.org\n');
    // Later global changes do not touch an app's list, as in Dokku.
    writeGlobalDomains(['other.test']);
    expect(appDomains('te-a')).toEqual(['te-a.paas.test', 'te-a.example.org']);
  });
  it('are seeded later when no global domain existed at first', () => {
    expect(appDomains('te-a')).toEqual([]);
    writeGlobalDomains(['paas.test']);
    expect(appDomains('te-a')).toEqual(['te-a.paas.test']);
  });
  it('stay empty after being cleared', () => {
    writeGlobalDomains(['paas.test']);
    writeAppDomains('te-a', []);
    expect(appDomains('te-a')).toEqual([]);
  });
  it('are not written for an app that does not exist', () => {
    writeGlobalDomains(['paas.test']);
    expect(appDomains('te-zz')).toEqual(['te-zz.paas.test']);
    expect(fs.existsSync(paths.prop('domains', 'te-zz', 'vhosts'))).toBe(false);
  });
  it('get no APP.<ip> from a global IP address', () => {
    writeGlobalDomains(['10.0.0.1']);
    expect(appDomains('te-a')).toEqual([]);
    expect(globalDomains()).toEqual(['10.0.0.1']);
  });
});

describe('parseDomains', () => {
  it('lowercases, dedupes and validates every domain before anything is stored', () => {
    expect(parseDomains(['A.Example.com', 'a.example.com', '*.wild.test'])).toEqual(['a.example.com', '*.wild.test']);
    expect(() => parseDomains(['ok.test', 'bad domain'])).toThrow(/Invalid domain "bad domain"/);
    expect(() => parseDomains(['x.test;'])).toThrow(/Invalid domain/);
    expect(() => parseDomains([])).toThrow(/at least one domain/);
  });
});

describe('domain ownership', () => {
  it('finds the other app using a domain and refuses to share it', () => {
    writeAppDomains('te-a', ['shared.test']);
    expect(domainOwner('shared.test', 'te-b')).toBe('te-a');
    expect(domainOwner('shared.test', 'te-a')).toBeUndefined();
    expect(() => refuseDomainsOfOtherApps('te-b', ['new.test', 'shared.test'])).toThrow(
      /Domain shared.test is already used by app te-a/,
    );
  });
});

describe('parseDomains: a leading dot', () => {
  it('stands for the domain and all its subdomains, stored as the two plain names', () => {
    expect(parseDomains(['.Example.com', 'a.test'])).toEqual(['example.com', '*.example.com', 'a.test']);
    expect(parseDomains(['.*.example.com'])).toEqual(['*.example.com']);
  });
  it('is refused with nothing after it, twice, or before a bad name; "_" is refused', () => {
    for (const bad of ['.', '..example.com', '.exa mple.com', '_', 'http://example.com'])
      expect(() => parseDomains([bad])).toThrow(/Invalid domain/);
  });
});
