// App and global domains, one per line in props/domains/APP/vhosts and props/domains/--global/vhosts.
// An app's list is seeded with APP.<global domain> the first time it is needed (Dokku does it at app
// creation); an empty file afterwards means "cleared on purpose" and is never reseeded.
import { UsageError } from '../core/errors.js';
import { appExists, listApps } from '../apps/store.js';
import { GLOBAL, hasProp, readListProp, writeProp } from '../state/props.js';
import { validateDomain } from '../state/validate.js';

const IPV4_RE = /^[0-9]+(\.[0-9]+){3}$/;

export function globalDomains(): string[] {
  return readListProp('domains', GLOBAL, 'vhosts');
}

export function writeGlobalDomains(list: string[]): void {
  writeProp('domains', GLOBAL, 'vhosts', uniqueDomains(list).join('\n'));
}

/** APP.<global> for every global domain that is a name (an IP address as global domain gives none). */
export function defaultAppDomains(app: string): string[] {
  return globalDomains()
    .filter((g) => !IPV4_RE.test(g))
    .map((g) => `${app}.${g}`);
}

export function hasAppDomains(app: string): boolean {
  return hasProp('domains', app, 'vhosts');
}

/** The app's domains, seeding the list from the global domains when it was never set. */
export function appDomains(app: string): string[] {
  if (hasAppDomains(app)) return readListProp('domains', app, 'vhosts');
  const seeded = defaultAppDomains(app);
  // An empty seed is not stored: the app picks up a global domain set later.
  if (seeded.length && appExists(app)) writeAppDomains(app, seeded);
  return seeded;
}

/** Writes the list even when empty, so a cleared list stays cleared. */
export function writeAppDomains(app: string, list: string[]): void {
  writeProp('domains', app, 'vhosts', uniqueDomains(list).join('\n'));
}

function uniqueDomains(list: string[]): string[] {
  return [...new Set(list.map((d) => d.toLowerCase()))];
}

/**
 * Validate every domain given on a command line (all of them, before anything is stored). A leading
 * dot (`.example.com`, nginx's and Dokku's "the domain and all its subdomains") is stored as the two
 * names it stands for, `example.com` and `*.example.com`, so every reader (urls, certs) sees plain names.
 */
export function parseDomains(args: string[]): string[] {
  if (args.length === 0) throw new UsageError('Please specify at least one domain');
  return uniqueDomains(
    args.flatMap((d) => {
      if (d.startsWith('.') && d.length > 1 && !d.startsWith('..')) {
        const base = validateDomain(d.slice(1));
        return base.startsWith('*.') ? [base] : [base, `*.${base}`];
      }
      return [validateDomain(d)];
    }),
  );
}

/** The other app already serving a domain, if any: nginx would otherwise pick one of them silently. */
export function domainOwner(domain: string, except: string): string | undefined {
  for (const other of listApps()) {
    if (other === except || !hasAppDomains(other)) continue;
    if (readListProp('domains', other, 'vhosts').includes(domain)) return other;
  }
  return undefined;
}

export function refuseDomainsOfOtherApps(app: string, domains: string[]): void {
  for (const d of domains) {
    const owner = domainOwner(d, app);
    if (owner) throw new UsageError(`Domain ${d} is already used by app ${owner}; remove it there first`);
  }
}
