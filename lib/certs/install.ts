// Installing and removing an app's certificate: write it (store.ts), re-render the app's vhost when
// nginx routes the app, and put the old files back if nginx refuses the change.
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { removeFile } from '../state/atomic.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { applyAppVhost, isAppRouted } from '../nginx/apply.js';
import { tlsPaths } from './files.js';
import { restoreCertificate, snapshotCertificate, writeCertificate } from './store.js';
import {
  addTlsPortMappings,
  readConfiguredPortMappings,
  removeTlsPortMappings,
  writePortMappings,
} from '../ports/store.js';
import { CertInfo } from './x509.js';

export type RouteFn = (app: string) => Promise<void>;

/** Re-render the vhost so nginx starts or stops serving HTTPS; a no-op for an app nginx does not route. */
async function routeIfDeployed(app: string): Promise<void> {
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
  const portsBefore = readConfiguredPortMappings(app);
  const certInfo = writeCertificate(app, certPem, keyPem);
  try {
    addTlsPortMappings(app);
    await route(app);
  } catch (e) {
    restoreCertificate(before);
    writePortMappings(app, portsBefore);
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
  const portsBefore = readConfiguredPortMappings(app);
  const p = tlsPaths(app);
  removeFile(p.keyFile);
  removeFile(p.certFile);
  try {
    removeTlsPortMappings(app);
    await route(app);
  } catch (e) {
    restoreCertificate(before);
    writePortMappings(app, portsBefore);
    throw new PaasError(`Certificate for ${app} not removed: ${(e as Error).message}`);
  }
  step(`Removed the certificate of ${app}`);
}
