// The ACME client (acme-client): account key, HTTP-01 issuance answered by our own nginx from
// paths.acmeChallengeDir(), and revocation. Errors carry the ACME server's own reason.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import type * as Acme from 'acme-client';
import { PaasError } from '../core/errors.js';
import { info } from '../core/log.js';
import { ensureDir, removeFile, writeFileAtomic } from '../state/atomic.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import { LetsencryptSettings } from './letsencrypt-settings.js';

export interface IssuedCertificate {
  cert: string;
  key: string;
}

const TOKEN_RE = /^[A-Za-z0-9_-]{8,256}$/;

/** Node does not trust a test CA such as Pebble's: the ca-bundle setting adds it to the system roots. */
function httpsAgentFor(settings: LetsencryptSettings): https.Agent | undefined {
  if (!settings.caBundle) return undefined;
  let bundle: string;
  try {
    bundle = fs.readFileSync(settings.caBundle, 'utf8');
  } catch (e) {
    throw new PaasError(`Cannot read the letsencrypt ca-bundle ${settings.caBundle}: ${(e as Error).message}`);
  }
  return new https.Agent({ ca: [...tls.rootCertificates, bundle], keepAlive: false });
}

/**
 * Fetch the directory first: acme-client retries network and TLS errors and then loses them
 * ("Cannot read properties of undefined"), so this is where a person learns what is wrong.
 */
export function checkDirectory(settings: LetsencryptSettings, agent?: https.Agent): Promise<void> {
  const url = new URL(settings.serverUrl);
  const get = url.protocol === 'http:' ? http.get : https.get;
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new PaasError(
          TLS_TRUST_RE.test(why)
            ? explainAcmeError(new Error(why), settings)
            : `Cannot use the ACME server ${settings.serverUrl}: ${why}`,
        ),
      );
    const req = get(url, { agent: url.protocol === 'https:' ? agent : undefined, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += body.length < 65536 ? c : ''));
      res.on('end', () => {
        if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode} for the directory`);
        try {
          const dir = JSON.parse(body) as Record<string, unknown>;
          if (typeof dir.newNonce !== 'string' || typeof dir.newOrder !== 'string')
            return fail('the response is not an ACME directory (no newNonce/newOrder)');
        } catch {
          return fail('the response is not an ACME directory (not JSON)');
        }
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 15 s')));
    req.on('error', (e) => fail((e as Error).message));
  });
}

/** acme-client (with its x509 and asn1 libraries) is loaded when a certificate is asked for, not by every command. */
function acmeClient(): Promise<typeof Acme> {
  return import('acme-client');
}

async function configureTransport(settings: LetsencryptSettings): Promise<void> {
  const acme = await acmeClient();
  const ax = acme.axios as unknown as {
    defaults: { httpsAgent?: https.Agent; acmeSettings: { retryMaxAttempts: number; retryDefaultDelay: number } };
  };
  // acme-client retries network errors 5 times with growing delays (75 s in all); a cron job and a
  // person waiting both prefer a prompt, clear failure.
  ax.defaults.acmeSettings.retryMaxAttempts = 2;
  ax.defaults.acmeSettings.retryDefaultDelay = 2;
  const agent = httpsAgentFor(settings);
  if (agent) ax.defaults.httpsAgent = agent;
  await checkDirectory(settings, agent);
  if (process.env.PAAS_TRACE) acme.setLogger((m) => info(`acme: ${m}`));
}

/** The accounts directory is the paas user's alone (dokku-letsencrypt's accounts dir is 0700 too). */
function privateDir(dir: string): void {
  try {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  } catch {
    // Not ours to change (another user runs this): the key file itself is 0600 either way.
  }
}

/** The account key is made once and kept: the ACME account is tied to it. */
async function loadAccountKey(): Promise<Buffer> {
  const file = paths.letsencryptAccountKey();
  privateDir(path.dirname(file));
  if (fs.existsSync(file)) return fs.readFileSync(file);
  return withLock(paths.namedLock('letsencrypt-account'), { what: "The Let's Encrypt account key" }, async () => {
    if (fs.existsSync(file)) return fs.readFileSync(file);
    ensureDir(path.dirname(file), 0o700);
    const key = await (await acmeClient()).crypto.createPrivateEcdsaKey('P-256');
    writeFileAtomic(file, key, 0o600);
    return key;
  });
}

/**
 * How acme-client polls a challenge or an order until it is valid: waits of min, 2*min, 4*min... capped
 * at max, `attempts` tries in all. The first wait was 1 s, which a validation that takes a moment (an
 * ACME server answers in well under a second once the challenge is served) paid in full, once for the
 * challenge and again for the order; the same patience in all (about 85 s) is kept.
 */
export const ACME_POLLING = { backoffAttempts: 14, backoffMin: 250, backoffMax: 10000 } as const;

/** The waits acme-client makes between tries with these settings (its Backoff: min * 2^n, capped). */
export function acmePollWaits(p: { backoffAttempts: number; backoffMin: number; backoffMax: number }): number[] {
  return Array.from({ length: p.backoffAttempts - 1 }, (_, n) => Math.min(p.backoffMin * 2 ** n, p.backoffMax));
}

async function makeClient(settings: LetsencryptSettings): Promise<Acme.Client> {
  await configureTransport(settings);
  const acme = await acmeClient();
  return new acme.Client({
    directoryUrl: settings.serverUrl,
    accountKey: await loadAccountKey(),
    ...ACME_POLLING,
  });
}

const TLS_TRUST_RE =
  /self[- ]signed certificate|unable to (get|verify) .*issuer|UNABLE_TO_VERIFY_LEAF_SIGNATURE|certificate is not trusted/i;

/** A message a person can act on, from whatever acme-client or the network threw. */
export function explainAcmeError(e: unknown, settings: Pick<LetsencryptSettings, 'serverUrl'>): string {
  const err = e as Error & { code?: string };
  const msg = (err?.message ?? String(e)).trim();
  if (TLS_TRUST_RE.test(msg))
    return `${msg} talking to ${settings.serverUrl}; if the ACME server uses a private CA, run: paas letsencrypt:set --global ca-bundle /path/to/ca.pem`;
  if (/reading 'config'/.test(msg))
    return `lost the connection to the ACME server ${settings.serverUrl} (network or TLS error after retries)`;
  if (err?.code === 'ECONNREFUSED' || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/.test(msg))
    return `cannot reach the ACME server ${settings.serverUrl}: ${msg}`;
  return msg;
}

/** GET the challenge from our own nginx, as the ACME server will, before asking it to validate. */
function fetchLocalChallenge(domain: string, token: string, port = 80): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/.well-known/acme-challenge/${token}`,
        headers: { Host: domain },
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c.length < 4096 ? c : ''));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

async function selfCheck(domain: string, token: string, keyAuthorization: string): Promise<void> {
  let r: { status: number; body: string };
  try {
    r = await fetchLocalChallenge(domain, token);
  } catch (e) {
    throw new PaasError(
      `nginx on 127.0.0.1:80 does not answer the ACME challenge for ${domain}: ${(e as Error).message}`,
    );
  }
  if (r.status !== 200 || r.body.trim() !== keyAuthorization)
    throw new PaasError(
      `nginx does not serve the ACME challenge for ${domain} (HTTP ${r.status} from 127.0.0.1:80); is the domain routed to the app and its proxy enabled?`,
    );
}

function challengeFile(token: string): string {
  if (!TOKEN_RE.test(token))
    throw new PaasError(`The ACME server sent an unusable challenge token ${JSON.stringify(token)}`);
  return path.join(paths.acmeChallengeDir(), token);
}

/**
 * Run the whole ACME flow for these domains: account, order, HTTP-01 challenges (files read by nginx,
 * checked locally first), finalize with a fresh key, download the chain.
 */
export async function issueCertificate(domains: string[], settings: LetsencryptSettings): Promise<IssuedCertificate> {
  if (domains.length === 0) throw new PaasError('No domain to put in the certificate');
  const client = await makeClient(settings);
  const acme = await acmeClient();
  const [key, csr] = await acme.crypto.createCsr(
    { commonName: domains[0], altNames: domains },
    await acme.crypto.createPrivateEcdsaKey('P-256'),
  );
  ensureDir(paths.acmeChallengeDir(), 0o755);
  try {
    const cert = await client.auto({
      csr,
      email: settings.email || undefined,
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      skipChallengeVerification: true,
      challengeCreateFn: async (authz, challenge, keyAuthorization) => {
        if (challenge.type !== 'http-01')
          throw new PaasError(`The ACME server offers no http-01 challenge for ${authz.identifier.value}`);
        const file = challengeFile(challenge.token);
        // nginx's workers (www-data) read it: world-readable, like any file served over HTTP.
        writeFileAtomic(file, keyAuthorization, 0o644);
        await selfCheck(authz.identifier.value, challenge.token, keyAuthorization);
        info(`challenge for ${authz.identifier.value} is served; asking the ACME server to validate it`);
      },
      challengeRemoveFn: async (_authz, challenge) => {
        if (TOKEN_RE.test(challenge.token)) removeFile(challengeFile(challenge.token));
      },
    });
    return { cert, key: key.toString() };
  } catch (e) {
    if (e instanceof PaasError) throw e;
    throw new PaasError(
      `The ACME server did not issue a certificate for ${domains.join(', ')}: ${explainAcmeError(e, settings)}`,
    );
  }
}

export async function revokeCertificate(certPem: string, settings: LetsencryptSettings): Promise<void> {
  const client = await makeClient(settings);
  try {
    await client.createAccount({
      termsOfServiceAgreed: true,
      contact: settings.email ? [`mailto:${settings.email}`] : undefined,
    });
    await client.revokeCertificate(certPem);
  } catch (e) {
    throw new PaasError(`The ACME server did not revoke the certificate: ${explainAcmeError(e, settings)}`);
  }
}
