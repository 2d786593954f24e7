import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  formatPortMapping,
  normalizePortMappings,
  parsePortMapping,
  readConfiguredPortMappings,
  readPortMappings,
  webContainerPort,
  withTlsDefault,
  writeDetectedContainerPort,
  writePortMappings,
  detectedPortMappings,
} from '../../../lib/ports/store.js';
import { tlsPaths } from '../../../lib/certs/files.js';
import { paths } from '../../../lib/state/paths.js';
import { writeFileAtomic } from '../../../lib/state/atomic.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ports-'));
  fs.mkdirSync(paths.appDir('te-p'), { recursive: true });
});

function addCert(app: string): void {
  const t = tlsPaths(app);
  writeFileAtomic(t.certFile, 'cert');
  writeFileAtomic(t.keyFile, 'key', 0o600);
}

describe('parsePortMapping', () => {
  it("parses Dokku's scheme:host-port:container-port", () => {
    expect(parsePortMapping('http:80:5000')).toEqual({ scheme: 'http', hostPort: 80, containerPort: 5000 });
    expect(parsePortMapping('https:8443:8384')).toEqual({ scheme: 'https', hostPort: 8443, containerPort: 8384 });
    expect(formatPortMapping(parsePortMapping('http:8080:5000'))).toBe('http:8080:5000');
  });
  it('refuses anything else with the reason', () => {
    expect(() => parsePortMapping('80:5000')).toThrow(/use scheme:host-port:container-port, e.g. http:80:5000/);
    expect(() => parsePortMapping('ftp:21:21')).toThrow(/Invalid scheme "ftp".*use http or https/);
    expect(() => parsePortMapping('http:0:5000')).toThrow(/Invalid host port "0"/);
    expect(() => parsePortMapping('http:80:70000')).toThrow(/Invalid container port "70000"/);
    expect(() => parsePortMapping('http:80:5000;')).toThrow(/Invalid container port/);
  });
});

describe('normalizePortMappings', () => {
  it('drops exact duplicates and refuses two mappings on one host port', () => {
    const a = parsePortMapping('http:80:5000');
    expect(normalizePortMappings([a, { ...a }])).toEqual([a]);
    expect(() => normalizePortMappings([a, parsePortMapping('http:80:8384')])).toThrow(/Host port 80 is mapped twice/);
    expect(() => normalizePortMappings([a, parsePortMapping('https:80:5000')])).toThrow(/mapped twice/);
  });
});

describe('stored mappings', () => {
  it('defaults to http:80:5000 and PORT 5000', () => {
    expect(readConfiguredPortMappings('te-p')).toEqual([]);
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:5000']);
    expect(webContainerPort('te-p')).toBe(5000);
  });
  it('uses the configured container port for web processes', () => {
    writePortMappings('te-p', [parsePortMapping('http:80:8384'), parsePortMapping('http:8080:9000')]);
    expect(webContainerPort('te-p')).toBe(8384);
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:8384', 'http:8080:9000']);
    expect(fs.readFileSync(paths.prop('ports', 'te-p', 'map'), 'utf8')).toBe('http:80:8384\nhttp:8080:9000\n');
  });
  it('adds https:443 once the app has a certificate, as Dokku does', () => {
    addCert('te-p');
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:5000', 'https:443:5000']);
    writePortMappings('te-p', [parsePortMapping('http:80:8384')]);
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:8384', 'https:443:8384']);
    writePortMappings('te-p', [parsePortMapping('http:80:8384'), parsePortMapping('https:8443:8384')]);
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:8384', 'https:8443:8384']);
  });
  it('withTlsDefault leaves lists alone without a certificate or when 443 is taken', () => {
    const l = [parsePortMapping('http:80:5000')];
    expect(withTlsDefault(l, false)).toEqual(l);
    const taken = [parsePortMapping('http:443:5000')];
    expect(withTlsDefault(taken, true)).toEqual(taken);
  });
  it('skips a hand-edited bad line instead of failing', () => {
    writeFileAtomic(paths.prop('ports', 'te-p', 'map'), 'http:80:5000\ngarbage\n');
    expect(readConfiguredPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:5000']);
  });
});

describe('detected container port (EXPOSE)', () => {
  it('makes the default mapping http:80:PORT and the web PORT, until ports:set says otherwise', () => {
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:5000']);
    writeDetectedContainerPort('te-p', 8080);
    expect(readPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:8080']);
    expect(webContainerPort('te-p')).toBe(8080);
    addCert('te-p');
    expect(detectedPortMappings('te-p').map(formatPortMapping)).toEqual(['http:80:8080', 'https:443:8080']);
    writePortMappings('te-p', [parsePortMapping('http:80:3000')]);
    expect(webContainerPort('te-p')).toBe(3000);
    writeDetectedContainerPort('te-p', undefined);
    writePortMappings('te-p', []);
    expect(webContainerPort('te-p')).toBe(5000);
  });
});
