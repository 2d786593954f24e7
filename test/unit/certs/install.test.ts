import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { tlsFilesFor, tlsPaths } from '../../../lib/certs/files.js';
import { installCertificate, removeCertificate } from '../../../lib/certs/install.js';
import { readCertificateInfo } from '../../../lib/certs/store.js';
import { paths } from '../../../lib/state/paths.js';
import {
  formatPortMapping,
  parsePortMapping,
  readConfiguredPortMappings,
  writePortMappings,
} from '../../../lib/ports/store.js';
import { selfSigned, tmpDir } from './helpers.js';

const ok = async () => {};
const refuse = async () => {
  throw new Error('nginx rejected the new config: SSL_CTX_use_PrivateKey failed');
};

beforeEach(() => {
  process.env.PAAS_ROOT = tmpDir('paas-root-');
  fs.mkdirSync(paths.appDir('tf-a'), { recursive: true });
});

describe('certificate store', () => {
  const first = selfSigned('tf-a.example.com');
  const second = selfSigned('tf-a.example.org');

  it('writes cert and key 0600 and re-routes the app', async () => {
    const routed: string[] = [];
    const info = await installCertificate('tf-a', first.cert, first.key, async (a) => void routed.push(a));
    expect(routed).toEqual(['tf-a']);
    expect(info.hostnames[0]).toBe('tf-a.example.com');
    const p = tlsFilesFor('tf-a')!;
    expect(fs.statSync(p.certFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(p.keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(p.keyFile, 'utf8')).toBe(first.key);
    expect(readCertificateInfo('tf-a')?.subject).toBe('CN=tf-a.example.com');
  });

  it("joins the subject's fields with '; ' in the certificate's order, as Dokku's certs:report", async () => {
    const c = selfSigned('tf-a.example.com', 30, '/C=US/ST=California/L=San Francisco/O=Expa/CN=tf-a.example.com');
    await installCertificate('tf-a', c.cert, c.key, ok);
    expect(readCertificateInfo('tf-a')?.subject).toBe(
      'C=US; ST=California; L=San Francisco; O=Expa; CN=tf-a.example.com',
    );
  });

  it('adds https:443:PORT beside a configured http:80:PORT and takes it away with the certificate', async () => {
    const ports = () => readConfiguredPortMappings('tf-a').map(formatPortMapping);
    writePortMappings('tf-a', [parsePortMapping('http:80:5000')]);
    await installCertificate('tf-a', first.cert, first.key, ok);
    expect(ports()).toEqual(['http:80:5000', 'https:443:5000']);
    await removeCertificate('tf-a', ok);
    expect(ports()).toEqual(['http:80:5000']);
    // an explicit https:443 mapping is kept as it is (Dokku's "preserves explicit https:443 port mapping")
    writePortMappings('tf-a', ['http:80:80', 'https:443:443'].map(parsePortMapping));
    await installCertificate('tf-a', first.cert, first.key, ok);
    expect(ports()).toEqual(['http:80:80', 'https:443:443']);
    // nginx refusing the certificate puts the mappings back too
    writePortMappings('tf-a', [parsePortMapping('http:80:5000')]);
    await removeCertificate('tf-a', ok);
    await expect(installCertificate('tf-a', first.cert, first.key, refuse)).rejects.toThrow(/not installed/);
    expect(ports()).toEqual(['http:80:5000']);
  });

  it('changes nothing when the key does not match', async () => {
    await installCertificate('tf-a', first.cert, first.key, ok);
    await expect(installCertificate('tf-a', second.cert, first.key, ok)).rejects.toThrow(/does not match/);
    expect(fs.readFileSync(tlsPaths('tf-a').certFile, 'utf8')).toBe(first.cert);
  });

  it('puts the previous certificate back when nginx refuses the new one', async () => {
    await installCertificate('tf-a', first.cert, first.key, ok);
    await expect(installCertificate('tf-a', second.cert, second.key, refuse)).rejects.toThrow(
      /not installed: nginx rejected the new config/,
    );
    expect(fs.readFileSync(tlsPaths('tf-a').certFile, 'utf8')).toBe(first.cert);
    expect(fs.readFileSync(tlsPaths('tf-a').keyFile, 'utf8')).toBe(first.key);
  });

  it('leaves no files behind when the first certificate is refused', async () => {
    await expect(installCertificate('tf-a', first.cert, first.key, refuse)).rejects.toThrow(/not installed/);
    expect(tlsFilesFor('tf-a')).toBeUndefined();
    expect(fs.existsSync(tlsPaths('tf-a').keyFile)).toBe(false);
  });

  it('removes, and restores when nginx refuses the removal', async () => {
    await installCertificate('tf-a', first.cert, first.key, ok);
    await expect(removeCertificate('tf-a', refuse)).rejects.toThrow(/not removed/);
    expect(tlsFilesFor('tf-a')).toBeDefined();
    await removeCertificate('tf-a', ok);
    expect(tlsFilesFor('tf-a')).toBeUndefined();
    await expect(removeCertificate('tf-a', ok)).rejects.toThrow(/has no certificate/);
  });
});
