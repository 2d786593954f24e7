import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coversHostname,
  describeCertificate,
  formatOpensslDate,
  parseCertificateChain,
  splitPemCertificates,
  validateCertKeyPair,
  verifyChain,
} from '../../../lib/certs/x509.js';
import { caChain, selfSigned, tmpDir } from './helpers.js';

describe('x509', () => {
  const pair = selfSigned('tf-x.example.com');

  it('describes a self-signed certificate the way certs:report shows it', () => {
    const c = describeCertificate(pair.cert);
    expect(c.hostnames).toEqual(['tf-x.example.com', 'www.tf-x.example.com']);
    expect(c.subject).toBe('CN=tf-x.example.com');
    expect(c.issuer).toBe('CN=tf-x.example.com');
    expect(c.verified).toBe('self signed');
    expect(c.expiresAt).toMatch(/^[A-Z][a-z]{2} [ 1-3][0-9] \d\d:\d\d:\d\d \d{4} GMT$/);
    expect(c.notAfter.getTime() - c.notBefore.getTime()).toBe(30 * 86_400_000);
    expect(c.serial).toMatch(/^[0-9A-F]+$/);
  });

  it('accepts a matching key and refuses a key of another certificate', () => {
    expect(validateCertKeyPair(pair.cert, pair.key)).toHaveLength(1);
    const other = selfSigned('other.example.com');
    expect(() => validateCertKeyPair(pair.cert, other.key)).toThrow(/does not match/);
  });

  it('refuses input that is not PEM, a broken block, and encrypted keys', () => {
    expect(() => validateCertKeyPair('hello', pair.key)).toThrow(/not a PEM certificate/);
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(() => parseCertificateChain(broken)).toThrow(/cannot be parsed/);
    expect(() => validateCertKeyPair(pair.cert, 'not a key')).toThrow(/not a PEM private key/);
    const d = tmpDir();
    fs.writeFileSync(path.join(d, 'k.pem'), pair.key);
    execFileSync('openssl', ['pkey', '-in', 'k.pem', '-aes256', '-passout', 'pass:secret', '-out', 'enc.pem'], {
      cwd: d,
    });
    expect(() => validateCertKeyPair(pair.cert, fs.readFileSync(path.join(d, 'enc.pem'), 'utf8'))).toThrow(/encrypted/);
  });

  it('verifies a chain up to a trusted root, and says when the root is not trusted', () => {
    const ca = caChain('tf-chain.example.com');
    const chain = parseCertificateChain(ca.leaf + ca.intermediate);
    expect(splitPemCertificates(ca.leaf + ca.intermediate)).toHaveLength(2);
    expect(verifyChain(chain, [new X509Certificate(ca.root)])).toBe('verified by a certificate authority');
    expect(verifyChain(chain, [])).toMatch(/^unable to get issuer certificate \(CN=Test Root is not trusted\)/);
    // Without the intermediate, the leaf's issuer cannot be found even with the root trusted.
    expect(verifyChain(parseCertificateChain(ca.leaf), [new X509Certificate(ca.root)])).toMatch(
      /CN=Test Intermediate is not trusted/,
    );
    expect(validateCertKeyPair(ca.leaf + ca.intermediate, ca.key)).toHaveLength(2);
    expect(() => validateCertKeyPair(ca.intermediate + ca.leaf, ca.key)).toThrow(/does not match/);
  });

  it('matches hostnames, wildcards covering exactly one label', () => {
    expect(coversHostname(['a.example.com'], 'A.example.com')).toBe(true);
    expect(coversHostname(['*.example.com'], 'x.example.com')).toBe(true);
    expect(coversHostname(['*.example.com'], 'y.x.example.com')).toBe(false);
    expect(coversHostname(['*.example.com'], 'example.com')).toBe(false);
    expect(coversHostname(['b.example.com'], 'a.example.com')).toBe(false);
  });

  it('formats dates as openssl does', () => {
    expect(formatOpensslDate(new Date(Date.UTC(2019, 9, 5, 23, 59, 59)))).toBe('Oct  5 23:59:59 2019 GMT');
    expect(formatOpensslDate(new Date(Date.UTC(2030, 0, 15, 1, 2, 3)))).toBe('Jan 15 01:02:03 2030 GMT');
  });
});
