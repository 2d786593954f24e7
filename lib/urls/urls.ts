// The addresses nginx serves an app on: https once it has a certificate (http then only redirects),
// with the port when it is not the scheme's default.
import { PaasError } from '../core/errors.js';
import { tlsFilesFor } from '../certs/files.js';
import { appDomains } from '../domains/store.js';
import { PortMapping, readPortMappings } from '../ports/store.js';
import { isProxyEnabled } from '../proxy/store.js';

/** Pure: the URLs for these domains and mappings. */
export function buildUrls(domains: string[], mappings: PortMapping[], hasTls: boolean): string[] {
  const scheme = hasTls && mappings.some((m) => m.scheme === 'https') ? 'https' : 'http';
  const ports = mappings.filter((m) => m.scheme === scheme).map((m) => m.hostPort);
  const urls: string[] = [];
  for (const d of domains)
    for (const p of [...new Set(ports)]) {
      const dflt = scheme === 'https' ? 443 : 80;
      urls.push(`${scheme}://${d}${p === dflt ? '' : `:${p}`}`);
    }
  return urls;
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
