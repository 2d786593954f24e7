// Let's Encrypt for one app: enable (issue + install), disable, revoke, and renew when due.
// A failed issuance never touches the certificate being served.
import fs from 'node:fs';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { paths } from '../state/paths.js';
import { appDomains } from '../domains/store.js';
import { isProxyEnabled } from '../proxy/store.js';
import { applyAppVhost } from '../nginx/apply.js';
import { tlsFilesFor } from './files.js';
import { issueCertificate, revokeCertificate } from './acme.js';
import {
  isDueWithin,
  isLetsencryptEnabled,
  LetsencryptSettings,
  readSettings,
  setLetsencryptEnabled,
} from './letsencrypt-settings.js';
import { installCertificate, removeCertificate, withCertLock } from './install.js';
import { CertSnapshot, readCertificateInfo, snapshotCertificate, writeCertificate } from './store.js';
import { CertInfo } from './x509.js';

/** HTTP-01 cannot prove a wildcard name, so those are left out (with a word about it). */
function certificateDomains(domains: string[]): { names: string[]; skipped: string[] } {
  const names: string[] = [];
  const skipped: string[] = [];
  for (const d of domains) {
    if (d.startsWith('*.')) skipped.push(d);
    else if (!names.includes(d)) names.push(d);
  }
  return { names, skipped };
}

function appCertificateDomains(app: string, quiet = false): string[] {
  const { names, skipped } = certificateDomains(appDomains(app));
  if (skipped.length && !quiet)
    warn(`Skipping ${skipped.join(', ')}: wildcard names need a DNS-01 challenge, which paas does not do`);
  if (names.length === 0)
    throw new PaasError(
      `No domains detected for ${app}: none a certificate can be issued for; add one with: paas domains:add ${app} DOMAIN`,
    );
  return names;
}

function requireReady(app: string, settings: LetsencryptSettings): void {
  // dokku-letsencrypt's words ("e-mail"), which scripts grep for.
  if (!settings.email)
    throw new PaasError(
      `Cannot request a certificate without an e-mail address; run: paas letsencrypt:set ${app} email you@example.com (or --global)`,
    );
  if (!isProxyEnabled(app))
    throw new PaasError(
      `The proxy of ${app} is disabled, so nginx cannot answer the ACME challenge; run: paas proxy:enable ${app}`,
    );
}

/** nginx must serve the challenge for the app's domains; render the vhost if the app has none yet. */
async function ensureVhost(app: string): Promise<void> {
  if (!fs.existsSync(paths.nginxVhost(app))) await applyAppVhost(app);
}

async function obtain(app: string, settings: LetsencryptSettings): Promise<{ cert: string; key: string }> {
  const domains = appCertificateDomains(app);
  step(`Requesting a certificate for ${domains.join(', ')} from ${settings.serverUrl}`);
  return issueCertificate(domains, settings);
}

/**
 * dokku-letsencrypt's fn-letsencrypt-needs-issue: a new certificate is needed unless Let's Encrypt
 * already serves one that covers every domain and is outside its grace period.
 */
export function needsIssue(
  current: { hostnames: string[]; notAfter: Date } | undefined,
  enabled: boolean,
  domains: string[],
  graceSeconds: number,
  now = new Date(),
): boolean {
  if (!enabled || !current) return true;
  const have = new Set(current.hostnames);
  if (domains.some((d) => !have.has(d)) || have.size !== new Set(domains).size) return true;
  return isDueWithin(current.notAfter, graceSeconds, now);
}

/** `letsencrypt:enable APP [--force]`: issue now and serve it, unless the current one is still good. */
export async function enableLetsencrypt(app: string, opts: { force?: boolean } = {}): Promise<CertInfo | undefined> {
  appCertificateDomains(app, true); // no domains: dokku-letsencrypt fails before anything else
  const settings = readSettings(app);
  step(`Enabling letsencrypt for ${app}`);
  requireReady(app, settings);
  return withCertLock(app, async () => {
    const domains = appCertificateDomains(app, true);
    if (
      !opts.force &&
      !needsIssue(readCertificateInfo(app), isLetsencryptEnabled(app), domains, settings.graceSeconds)
    ) {
      info(`Certificate is still valid for ${app}, skipping certificate request`);
      info('Pass --force to letsencrypt:enable to request a new certificate anyway');
      return undefined;
    }
    await ensureVhost(app);
    const issued = await obtain(app, settings);
    info('Certificate retrieved successfully.');
    const certInfo = await installCertificate(app, issued.cert, issued.key);
    setLetsencryptEnabled(app, true);
    step(`Certificate installed for ${app}: ${certInfo.hostnames.join(', ')}, expires ${certInfo.expiresAt}`);
    return certInfo;
  });
}

/** `letsencrypt:disable APP`: stop using Let's Encrypt and remove its certificate. */
export async function disableLetsencrypt(app: string): Promise<void> {
  if (!isLetsencryptEnabled(app)) throw new PaasError(`Let's Encrypt is not enabled for ${app}`);
  await withCertLock(app, async () => {
    if (tlsFilesFor(app)) await removeCertificate(app);
    setLetsencryptEnabled(app, false);
  });
  step(`Let's Encrypt disabled for ${app}`);
}

/** `letsencrypt:revoke APP`: revoke at the ACME server, then stop serving the revoked certificate. */
export async function revokeLetsencrypt(app: string): Promise<void> {
  if (!isLetsencryptEnabled(app)) throw new PaasError(`Let's Encrypt is not enabled for ${app}`);
  const files = tlsFilesFor(app);
  if (!files) throw new PaasError(`App ${app} has no certificate to revoke`);
  const settings = readSettings(app);
  await withCertLock(app, async () => {
    step(`Revoking the certificate of ${app} at ${settings.serverUrl}`);
    await revokeCertificate(fs.readFileSync(files.certFile, 'utf8'), settings);
    setLetsencryptEnabled(app, false);
    // Browsers refuse a revoked certificate: serving plain HTTP is better than serving an error.
    try {
      await removeCertificate(app);
    } catch (e) {
      throw new PaasError(
        `The certificate was revoked but nginx still serves it: ${(e as Error).message}; fix that, then run certs:remove ${app} or letsencrypt:enable ${app}`,
      );
    }
  });
  step(`Certificate revoked; ${app} is served over plain HTTP until letsencrypt:enable is run again`);
}

export type RenewOutcome =
  | { app: string; status: 'renewed'; expiresAt: string; serial: string; snapshot: CertSnapshot }
  | { app: string; status: 'not-due'; expiresAt: string; daysLeft: number }
  | { app: string; status: 'failed'; error: string };

/**
 * Renew one app when its certificate is within renew-days of expiry (or missing). Only the files are
 * written: the caller re-applies the renewed apps' vhosts in one nginx check and one reload.
 */
export async function renewApp(app: string, opts: { force?: boolean; now?: Date } = {}): Promise<RenewOutcome> {
  const now = opts.now ?? new Date();
  try {
    const settings = readSettings(app);
    const current = readCertificateInfo(app);
    if (current && !opts.force && !isDueWithin(current.notAfter, settings.graceSeconds, now))
      return {
        app,
        status: 'not-due',
        expiresAt: current.expiresAt,
        daysLeft: Math.floor((current.notAfter.getTime() - now.getTime()) / 86_400_000),
      };
    requireReady(app, settings);
    return await withCertLock(app, async () => {
      const issued = await obtain(app, settings);
      const snapshot = snapshotCertificate(app);
      const certInfo = writeCertificate(app, issued.cert, issued.key);
      return { app, status: 'renewed' as const, expiresAt: certInfo.expiresAt, serial: certInfo.serial, snapshot };
    });
  } catch (e) {
    return { app, status: 'failed', error: (e as Error).message };
  }
}

export function describeOutcome(o: RenewOutcome): string {
  switch (o.status) {
    case 'renewed':
      return `${o.app}: renewed, new certificate ${o.serial} expires ${o.expiresAt}`;
    case 'not-due':
      return `${o.app}: not due, expires ${o.expiresAt} (${o.daysLeft} days left)`;
    case 'failed':
      return `${o.app}: FAILED: ${o.error}`;
  }
}
