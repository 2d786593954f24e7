// Reading and checking PEM certificates with node:crypto, so no input reaches a shell or openssl flag.
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { UsageError } from '../core/errors.js';

export interface CertInfo {
  subject: string;
  issuer: string;
  /** openssl's date format, as Dokku prints it: "Oct  5 23:59:59 2019 GMT". */
  startsAt: string;
  expiresAt: string;
  notBefore: Date;
  notAfter: Date;
  /** DNS names from subjectAltName, else the subject CN (the names browsers accept). */
  hostnames: string[];
  /** certs:report's ssl-hostnames as Dokku prints them: the CN and every SAN name, unique and sorted. */
  reportHostnames: string[];
  serial: string;
  fingerprint: string;
  /** "self signed", "verified by a certificate authority" or why it is not. */
  verified: string;
}

const PEM_CERT_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate block of a PEM file: the server's certificate first, then its chain. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(PEM_CERT_RE) ?? [];
}

/** Parse a certificate file (with its chain); a one-line error says what is wrong. */
export function parseCertificateChain(pem: string, what = 'certificate'): X509Certificate[] {
  const blocks = splitPemCertificates(pem);
  if (blocks.length === 0) throw new UsageError(`The ${what} is not a PEM certificate (no BEGIN CERTIFICATE block)`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new UsageError(`The ${what} is not valid: block ${i + 1} cannot be parsed (${(e as Error).message})`);
    }
  });
}

function parsePrivateKey(pem: string): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw new UsageError('The key is not a PEM private key (no BEGIN PRIVATE KEY block)');
  if (/ENCRYPTED/.test(pem))
    throw new UsageError('The key is encrypted with a passphrase; nginx needs an unencrypted key');
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw new UsageError(`The key cannot be read: ${(e as Error).message}`);
  }
}

/** The pair nginx will serve: parsed, and the key must belong to the first certificate. */
export function validateCertKeyPair(certPem: string, keyPem: string): X509Certificate[] {
  const chain = parseCertificateChain(certPem);
  const key = parsePrivateKey(keyPem);
  if (!chain[0].checkPrivateKey(key))
    throw new UsageError('The key does not match the certificate (its public key differs); nothing was changed');
  return chain;
}

/** "CN=a\nO=b" (node's form) as "CN=a, O=b". */
function oneLineName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function certHostnames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName;
  if (san) {
    const names = san
      .split(/,\s*/)
      .filter((e) => e.startsWith('DNS:'))
      .map((e) => e.slice(4));
    if (names.length) return names;
  }
  return subjectCn(cert);
}

function subjectCn(cert: X509Certificate): string[] {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject);
  return cn ? [cn[1]] : [];
}

/** Whether a certificate for these names is valid for DOMAIN ("*.a.b" covers "x.a.b", not "y.x.a.b"). */
export function coversHostname(hostnames: string[], domain: string): boolean {
  const d = domain.toLowerCase();
  return hostnames.some((raw) => {
    const h = raw.toLowerCase();
    if (h === d) return true;
    if (!h.startsWith('*.')) return false;
    const rest = d.slice(d.indexOf('.') + 1);
    return d.indexOf('.') > 0 && rest === h.slice(2);
  });
}

function isSelfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

let systemRoots: X509Certificate[] | undefined;
function trustedRoots(): X509Certificate[] {
  systemRoots ??= tls.rootCertificates.map((p) => new X509Certificate(p));
  return systemRoots;
}

/**
 * Walk from the server certificate up through its chain to a trusted root, as `openssl verify`
 * would, and say the result in Dokku's words.
 */
export function verifyChain(
  chain: X509Certificate[],
  roots: X509Certificate[] = trustedRoots(),
  now = new Date(),
): string {
  const leaf = chain[0];
  if (isSelfSigned(leaf)) return 'self signed';
  if (new Date(leaf.validTo) < now) return 'certificate has expired';
  let current = leaf;
  const intermediates = chain.slice(1);
  for (let depth = 0; depth < 10; depth++) {
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) return 'verified by a certificate authority';
    const next = intermediates.find((c) => c !== current && current.checkIssued(c) && current.verify(c.publicKey));
    if (!next) return `unable to get issuer certificate (${oneLineName(current.issuer)} is not trusted)`;
    if (isSelfSigned(next)) return `self signed certificate in chain (${oneLineName(next.subject)} is not trusted)`;
    current = next;
  }
  return 'certificate chain too long';
}

/** openssl's "MMM dd HH:MM:SS YYYY GMT" (node's validTo already uses it). */
export function formatOpensslDate(d: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

export function describeCertificate(certPem: string, roots?: X509Certificate[], now = new Date()): CertInfo {
  const chain = parseCertificateChain(certPem);
  const leaf = chain[0];
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  return {
    // Dokku's certs:report joins the subject's fields with "; " in the certificate's order.
    subject: leaf.subject.split('\n').filter(Boolean).join('; '),
    issuer: oneLineName(leaf.issuer),
    startsAt: formatOpensslDate(notBefore),
    expiresAt: formatOpensslDate(notAfter),
    notBefore,
    notAfter,
    hostnames: certHostnames(leaf),
    reportHostnames: [...new Set([...subjectCn(leaf), ...certHostnames(leaf)])].sort(),
    serial: leaf.serialNumber,
    fingerprint: leaf.fingerprint256,
    verified: verifyChain(chain, roots, now),
  };
}
