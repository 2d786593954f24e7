// An app's certificate files: validated before they are written, 0600, atomic; snapshots so a change
// can be undone byte for byte. Routing the change (and undoing it) is in install.ts.
import fs from 'node:fs';
import { removeFile, writeFileAtomic } from '../state/atomic.js';
import { tlsFilesFor, tlsPaths } from './files.js';
import { CertInfo, describeCertificate, validateCertKeyPair } from './x509.js';

/** What was on disk before a change, so a failed change can be undone byte for byte. */
export interface CertSnapshot {
  app: string;
  cert?: Buffer;
  key?: Buffer;
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function snapshotCertificate(app: string): CertSnapshot {
  const p = tlsPaths(app);
  return { app, cert: readOrUndefined(p.certFile), key: readOrUndefined(p.keyFile) };
}

export function restoreCertificate(s: CertSnapshot): void {
  const p = tlsPaths(s.app);
  // Key first on removal and cert first on restore keeps tlsFilesFor() false until both are back.
  if (s.cert && s.key) {
    writeFileAtomic(p.keyFile, s.key, 0o600);
    writeFileAtomic(p.certFile, s.cert, 0o600);
  } else {
    removeFile(p.certFile);
    removeFile(p.keyFile);
  }
}

/** Write a validated pair; the key goes first so nginx never sees a new cert with the old key for long. */
export function writeCertificate(app: string, certPem: string, keyPem: string): CertInfo {
  validateCertKeyPair(certPem, keyPem);
  const p = tlsPaths(app);
  writeFileAtomic(p.keyFile, keyPem.endsWith('\n') ? keyPem : keyPem + '\n', 0o600);
  writeFileAtomic(p.certFile, certPem.endsWith('\n') ? certPem : certPem + '\n', 0o600);
  return describeCertificate(certPem);
}

export function readCertificateInfo(app: string): CertInfo | undefined {
  const files = tlsFilesFor(app);
  if (!files) return undefined;
  try {
    return describeCertificate(fs.readFileSync(files.certFile, 'utf8'));
  } catch {
    return undefined;
  }
}
