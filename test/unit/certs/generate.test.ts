import { describe, expect, it } from 'vitest';
import { generateSelfSigned, selfSignedArgs } from '../../../lib/certs/generate.js';
import { describeCertificate, validateCertKeyPair } from '../../../lib/certs/x509.js';

describe('certs:generate', () => {
  it('builds openssl arguments with the domain as CN and SAN', () => {
    const args = selfSignedArgs('TF-A.Example.com', '/t/k', '/t/c', 10);
    expect(args).toContain('/CN=tf-a.example.com');
    expect(args).toContain('subjectAltName=DNS:tf-a.example.com');
    expect(args.slice(args.indexOf('-days'), args.indexOf('-days') + 2)).toEqual(['-days', '10']);
  });

  it('refuses a domain that could inject into the subject or an argument', () => {
    expect(() => selfSignedArgs('a/CN=evil', '/k', '/c')).toThrow(/Invalid domain/);
    expect(() => selfSignedArgs('-config', '/k', '/c')).toThrow(/Invalid domain/);
    expect(() => selfSignedArgs('a,DNS:b', '/k', '/c')).toThrow(/Invalid domain/);
  });

  it('makes a usable self-signed pair', async () => {
    const pair = await generateSelfSigned('tf-gen.example.com', 5);
    expect(validateCertKeyPair(pair.cert, pair.key)).toHaveLength(1);
    const info = describeCertificate(pair.cert);
    expect(info.hostnames).toEqual(['tf-gen.example.com']);
    expect(info.verified).toBe('self signed');
  });
});
