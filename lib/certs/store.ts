// Installing and removing an app's certificate: validate first, write 0600 atomically, re-render the
// app's vhost when nginx routes the app, and put the old files back if nginx refuses the change.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { removeFile, writeFileAtomic } from '../state/atomic.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { applyAppVhost, isAppRouted } from '../nginx/apply.js';
import { tlsFilesFor, tlsPaths } from './files.js';
import { CertInfo, describeCertificate, validateCertKeyPair } from './x509.js';

/** What was on disk before a change, so a failed change can be undone byte for byte. */
export interface CertSnapshot {
  app: string;
  cert?: Buffer;
  key?: Buffer;
}

export type RouteFn = (app: string) => Promise<void>;

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

/** Re-render the vhost so nginx starts or stops serving HTTPS; a no-op for an app nginx does not route. */
export async function routeIfDeployed(app: string): Promise<void> {
  if (isAppRouted(app)) await applyAppVhost(app);
}

/** One certificate change per app at a time (an issuance takes seconds; a renewal may run beside it). */
export async function withCertLock<T>(app: string, fn: () => Promise<T>): Promise<T> {
  return withLock(
    paths.namedLock(`certs-${app}`),
    { what: `Certificates of ${app}`, onWait: () => info(`Another certificate change for ${app} is running; waiting`) },
    fn,
  );
}

/**
 * Replace the app's certificate. When nginx routes the app the vhost is re-rendered; if that fails,
 * the previous files come back and the error says why.
 */
export async function installCertificate(
  app: string,
  certPem: string,
  keyPem: string,
  route: RouteFn = routeIfDeployed,
): Promise<CertInfo> {
  const before = snapshotCertificate(app);
  const certInfo = writeCertificate(app, certPem, keyPem);
  try {
    await route(app);
  } catch (e) {
    restoreCertificate(before);
    warn('nginx refused the new certificate; the previous state was restored');
    try {
      await route(app);
    } catch {
      /* the live config was never replaced: nothing more to undo */
    }
    throw new PaasError(`Certificate for ${app} not installed: ${(e as Error).message}`);
  }
  return certInfo;
}

export async function removeCertificate(app: string, route: RouteFn = routeIfDeployed): Promise<void> {
  const before = snapshotCertificate(app);
  if (!before.cert && !before.key) throw new PaasError(`App ${app} has no certificate`);
  const p = tlsPaths(app);
  removeFile(p.keyFile);
  removeFile(p.certFile);
  try {
    await route(app);
  } catch (e) {
    restoreCertificate(before);
    throw new PaasError(`Certificate for ${app} not removed: ${(e as Error).message}`);
  }
  step(`Removed the certificate of ${app}`);
}
