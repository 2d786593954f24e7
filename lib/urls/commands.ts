// `paas urls APP` and `paas url APP`: the addresses nginx serves the app on, https once it has a
// certificate (http then only redirects), with the port when it is not the scheme's default.
import { CommandSpec, requireArgs } from '../cli/command.js';
import { PaasError } from '../core/errors.js';
import { out } from '../core/log.js';
import { requireApp } from '../apps/store.js';
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

export function appUrls(app: string): string[] {
  return buildUrls(appDomains(app), readPortMappings(app), !!tlsFilesFor(app));
}

function urlsOf(app: string): string[] {
  if (!isProxyEnabled(app)) throw new PaasError(`The proxy is disabled for ${app}: nginx serves no URL for it`);
  const urls = appUrls(app);
  if (urls.length === 0) throw new PaasError(`App ${app} has no domains; add one with domains:add`);
  return urls;
}

const urls: CommandSpec = {
  name: 'urls',
  access: 'app',
  usage: '<app>',
  summary: "Show all of an app's URLs",
  app: true,
  async run(ctx) {
    requireArgs(ctx, urls, 1);
    for (const u of urlsOf(requireApp(ctx.args[0]))) out(u);
  },
};

const url: CommandSpec = {
  name: 'url',
  access: 'app',
  usage: '<app>',
  summary: "Show an app's first URL",
  app: true,
  async run(ctx) {
    requireArgs(ctx, url, 1);
    out(urlsOf(requireApp(ctx.args[0]))[0]);
  },
};

export const commands: CommandSpec[] = [url, urls];
