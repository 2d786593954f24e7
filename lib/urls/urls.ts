// The addresses nginx serves an app on, as Dokku lists them: http and, once the app has a certificate,
// https (http then redirects), with the port when it is not the scheme's default.
import { PaasError } from '../core/errors.js';
import { tlsFilesFor } from '../certs/files.js';
import { appDomains } from '../domains/store.js';
import { PortMapping, readPortMappings } from '../ports/store.js';
import { isProxyEnabled } from '../proxy/store.js';

/**
 * Pure: the URLs for these domains and mappings, as Dokku's domains-urls: every mapping of every domain
 * (https ones only once the app has a certificate; http then redirects to them), sorted.
 */
export function buildUrls(domains: string[], mappings: PortMapping[], hasTls: boolean): string[] {
  const urls = new Set<string>();
  for (const d of domains)
    for (const m of mappings) {
      if (m.scheme !== 'http' && m.scheme !== 'https') continue;
      if (m.scheme === 'https' && !hasTls) continue;
      const dflt = m.scheme === 'https' ? 443 : 80;
      urls.add(`${m.scheme}://${d}${m.hostPort === dflt ? '' : `:${m.hostPort}`}`);
    }
  return [...urls].sort();
}

/** Pure: Dokku's `url`: the first URL of the scheme nginx prefers (https with a certificate), in domain order. */
export function firstUrl(domains: string[], mappings: PortMapping[], hasTls: boolean): string | undefined {
  const ordered = domains.flatMap((d) => buildUrls([d], mappings, hasTls));
  const scheme = hasTls ? 'https://' : 'http://';
  return ordered.find((u) => u.startsWith(scheme)) ?? ordered[0];
}

/** The URLs nginx serves the app on, [] when it has no domains or its proxy is disabled. */
export function appUrls(app: string): string[] {
  if (!isProxyEnabled(app)) return [];
  return buildUrls(appDomains(app), readPortMappings(app), !!tlsFilesFor(app));
}

/** The app's URLs, or an error saying why it has none. */
export function urlsOf(app: string): string[] {
  if (!isProxyEnabled(app)) throw new PaasError(`The proxy is disabled for ${app}: nginx serves no URL for it`);
  const urls = appUrls(app);
  if (urls.length === 0) throw new PaasError(`App ${app} has no domains; add one with domains:add`);
  return urls;
}

/** The app's first URL (`paas url`), or an error saying why it has none. */
export function urlOf(app: string): string {
  urlsOf(app);
  return firstUrl(appDomains(app), readPortMappings(app), !!tlsFilesFor(app)) as string;
}
