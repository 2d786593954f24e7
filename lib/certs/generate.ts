// `certs:generate APP DOMAIN`: a self-signed certificate made by openssl (argument arrays, no shell),
// non-interactive unlike Dokku's, with the domain as CN and subjectAltName so browsers accept the name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PaasError } from '../core/errors.js';
import { validateDomain } from '../state/validate.js';

export interface GeneratedPair {
  cert: string;
  key: string;
}

/** The openssl arguments (kept apart from running them so they can be compared in tests). */
export function selfSignedArgs(domain: string, keyFile: string, certFile: string, days = 365): string[] {
  const d = validateDomain(domain);
  return [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    String(days),
    '-subj',
    `/CN=${d}`,
    '-addext',
    `subjectAltName=DNS:${d}`,
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'extendedKeyUsage=serverAuth',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ];
}

export async function generateSelfSigned(domain: string, days = 365): Promise<GeneratedPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-certs-'));
  try {
    const keyFile = path.join(dir, 'server.key');
    const certFile = path.join(dir, 'server.crt');
    const r = await execa('openssl', selfSignedArgs(domain, keyFile, certFile, days), {
      reject: false,
      stdin: 'ignore',
    });
    if (r.exitCode !== 0)
      throw new PaasError(`openssl could not make a certificate: ${String(r.stderr).trim().split('\n').pop()}`);
    return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
