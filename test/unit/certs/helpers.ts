// Certificates made by the real openssl for the tests: a self-signed pair, and a CA with a leaf.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export function tmpDir(prefix = 'paas-certs-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

export function selfSigned(cn: string, days = 30, subj = `/CN=${cn}`): { cert: string; key: string } {
  const d = tmpDir();
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'k.pem',
      '-out',
      'c.pem',
      '-days',
      String(days),
      '-subj',
      subj,
      '-addext',
      `subjectAltName=DNS:${cn},DNS:www.${cn}`,
    ],
    d,
  );
  return { cert: fs.readFileSync(path.join(d, 'c.pem'), 'utf8'), key: fs.readFileSync(path.join(d, 'k.pem'), 'utf8') };
}

/** A root CA, an intermediate and a leaf for CN, as a real CA would hand them out. */
export function caChain(cn: string): { root: string; intermediate: string; leaf: string; key: string } {
  const d = tmpDir();
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-days',
      '30',
      '-subj',
      '/CN=Test Root',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    d,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Test Intermediate'],
    d,
  );
  fs.writeFileSync(
    path.join(d, 'int.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-out',
      'int.pem',
      '-days',
      '30',
      '-extfile',
      'int.ext',
    ],
    d,
  );
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${cn}`], d);
  fs.writeFileSync(path.join(d, 'leaf.ext'), `subjectAltName=DNS:${cn}\n`);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'int.pem',
      '-CAkey',
      'int.key',
      '-CAcreateserial',
      '-out',
      'leaf.pem',
      '-days',
      '30',
      '-extfile',
      'leaf.ext',
    ],
    d,
  );
  const r = (f: string) => fs.readFileSync(path.join(d, f), 'utf8');
  return { root: r('root.pem'), intermediate: r('int.pem'), leaf: r('leaf.pem'), key: r('leaf.key') };
}
