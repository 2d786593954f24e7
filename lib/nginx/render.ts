// Turning an app's routing state into nginx config text. Pure: everything it needs is in VhostInput,
// so unit tests compare rendered values without nginx or docker.
import nunjucks from 'nunjucks';
import { PaasError } from '../core/errors.js';
import { codeDir } from '../state/paths.js';
import { validateAppName, isValidDomain } from '../state/validate.js';
import { PortMapping } from '../ports/store.js';
import { ComputedSettings, NGINX_SETTINGS, PROBE_ADDRESS } from './settings.js';

export interface VhostInput {
  app: string;
  domains: string[];
  /** Port mappings in effect (readPortMappings). */
  mappings: PortMapping[];
  /** Addresses of the live deploy's running web containers. */
  containerIps: string[];
  tls?: { certFile: string; keyFile: string };
  settings: ComputedSettings;
  acmeDir: string;
  /** Also listen on [::] (the host has IPv6). */
  ipv6: boolean;
  /** Where per-app logs go by default (/var/log/nginx). */
  logDir: string;
}

export interface UpstreamModel {
  name: string;
  servers: string[];
  /** Idle connections to keep per worker; 0 = none (every request opens its own). */
  keepalive: number;
}

/**
 * A buffered access log: nginx writes the log in 64k blocks (at the latest a second after a request)
 * instead of one write(2) per request, on the path of every proxied request. A reload or stop flushes it.
 */
export const ACCESS_LOG_BUFFER = 'buffer=64k flush=1s';

export interface ListenerModel {
  port: number;
  ssl: boolean;
  /** Upstream name to proxy to; absent when no web container runs (503 page). */
  upstream?: string;
  /** nginx variable for the Connection header sent to the app (see global.conf.njk). */
  connection?: string;
  /** http -> https redirect target without the request URI, e.g. "https://$host:8443". */
  redirect?: string;
}

export interface VhostModel {
  app: string;
  domains: string[];
  upstreams: UpstreamModel[];
  listeners: ListenerModel[];
  tls?: { certFile: string; keyFile: string };
  hsts: string;
  /** The access_log arguments: "off", or a path, a log_format name and the buffer options. */
  accessLog: string;
  errorLog: string;
  acmeDir: string;
  ipv6: boolean;
  s: ComputedSettings;
}

const IPV4_RE = /^(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}$/;
const SAFE_PATH_RE = /^\/[A-Za-z0-9._/-]*$/;

/** Paths go into the config unquoted, so only plain characters are accepted. */
function safePath(p: string, what: string): string {
  if (!SAFE_PATH_RE.test(p) || p.split('/').includes('..'))
    throw new PaasError(
      `${what} ${JSON.stringify(p)} cannot be used in nginx config: use letters, digits, ".", "_", "-" and "/"`,
    );
  return p;
}

function upstreamName(app: string, containerPort: number): string {
  return `paas-${app}-${containerPort}`;
}

export function hstsValue(s: ComputedSettings): string {
  if (s['hsts'] !== 'true') return '';
  let v = `max-age=${s['hsts-max-age']}`;
  if (s['hsts-include-subdomains'] === 'true') v += '; includeSubDomains';
  if (s['hsts-preload'] === 'true') v += '; preload';
  return v;
}

/** Decide what the vhost contains; throws PaasError on any value that is not safe to render. */
export function buildVhostModel(input: VhostInput): VhostModel {
  const app = validateAppName(input.app);
  if (input.domains.length === 0) throw new PaasError(`App ${app} has no domains; add one with domains:add`);
  for (const d of input.domains)
    if (!isValidDomain(d)) throw new PaasError(`Invalid domain ${JSON.stringify(d)} for app ${app}`);
  for (const st of NGINX_SETTINGS)
    if (!st.valid(input.settings[st.key] ?? ''))
      throw new PaasError(`Invalid nginx ${st.key} ${JSON.stringify(input.settings[st.key])} for app ${app}`);
  const ips = [...new Set(input.containerIps.filter((ip) => IPV4_RE.test(ip)))].sort();
  const tls = input.tls && {
    certFile: safePath(input.tls.certFile, 'Certificate file'),
    keyFile: safePath(input.tls.keyFile, 'Key file'),
  };
  // Without a certificate there is nothing to serve https with: such mappings wait for one.
  const mappings = input.mappings.filter((m) => m.scheme === 'http' || tls);
  const https = mappings.find((m) => m.scheme === 'https');
  const redirect = tls && https ? `https://$host${https.hostPort === 443 ? '' : `:${https.hostPort}`}` : undefined;

  const keepalive = Number(input.settings['proxy-keepalive']);
  // With keepalive off (proxy-keepalive 0) the vhost is what paas rendered before: "Connection: close",
  // so the app, not only nginx, ends each connection.
  const connection = keepalive > 0 ? '$paas_connection_upgrade' : '$paas_connection_upgrade_close';
  const upstreams: UpstreamModel[] = [];
  const listeners: ListenerModel[] = [];
  for (const m of mappings) {
    const ssl = m.scheme === 'https';
    if (!ssl && redirect) {
      listeners.push({ port: m.hostPort, ssl, redirect });
      continue;
    }
    if (ips.length === 0) {
      listeners.push({ port: m.hostPort, ssl });
      continue;
    }
    const name = upstreamName(app, m.containerPort);
    if (!upstreams.some((u) => u.name === name))
      upstreams.push({
        name,
        servers: ips.map((ip) => `${ip}:${m.containerPort}`),
        keepalive,
      });
    listeners.push({ port: m.hostPort, ssl, upstream: name, connection });
  }
  if (listeners.length === 0)
    throw new PaasError(`App ${app} has no http port mapping to serve; see ports:report ${app}`);

  const logDir = safePath(input.logDir, 'Log directory');
  const accessPath = input.settings['access-log-path'] || `${logDir}/${app}-access.log`;
  // Buffering needs a format named before it: nginx's own "combined" unless access-log-format names one.
  const accessLog =
    accessPath === 'off'
      ? 'off'
      : `${accessPath} ${input.settings['access-log-format'] || 'combined'} ${ACCESS_LOG_BUFFER}`;
  const errorPath = input.settings['error-log-path'] || `${logDir}/${app}-error.log`;
  return {
    app,
    domains: [...input.domains].sort(),
    upstreams,
    listeners,
    tls,
    hsts: hstsValue(input.settings),
    accessLog,
    // error_log has no "off": nginx would write to a file named off.
    errorLog: errorPath === 'off' ? '/dev/null crit' : errorPath,
    acmeDir: safePath(input.acmeDir, 'ACME challenge directory'),
    ipv6: input.ipv6,
    s: input.settings,
  };
}

let env: nunjucks.Environment | undefined;

function templates(): nunjucks.Environment {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(codeDir('nginx-templates', 'app-vhost.conf.njk')), {
    autoescape: false,
    trimBlocks: true,
    lstripBlocks: true,
    throwOnUndefined: true,
  });
  return env;
}

export function renderVhost(input: VhostInput): string {
  return templates().render('app-vhost.conf.njk', buildVhostModel(input) as unknown as object);
}

/** The loopback server paas asks for the loaded config's generation after a reload. */
export const PROBE_HOST = 'paas-nginx-probe.invalid';
export const PROBE_PATH = '/.paas/nginx-generation';

export interface GlobalInput {
  /** Changes on every install; the probe answers it once nginx serves the new config. */
  generation: string;
  acmeDir: string;
  ipv6: boolean;
  /** Add a catch-all default_server on :80 (not when another config already has one). */
  defaultServer: boolean;
  /**
   * Ports app vhosts serve TLS on, less those another config has a default_server on: each gets a default
   * server that refuses unknown hosts' handshakes.
   */
  tlsPorts?: number[];
}

/**
 * The ports the vhosts listen on with TLS (`listen [ADDR:]PORT ssl ...`). Without a default server of
 * its own there, a TLS request for a host no app serves would reach the first app's server block: its
 * certificate (naming its domains) and its page.
 */
export function tlsListenPorts(vhostTexts: string[]): number[] {
  const ports = new Set<number>();
  for (const text of vhostTexts)
    for (const m of text.matchAll(/^\s*listen\s+(?:\S*:)?(\d+)\s+ssl\b/gm)) ports.add(Number(m[1]));
  return [...ports].sort((a, b) => a - b);
}

export function renderGlobalConf(input: GlobalInput): string {
  if (!/^[a-z0-9]+$/.test(input.generation))
    throw new PaasError(`invalid nginx config generation ${JSON.stringify(input.generation)}`);
  return templates().render('global.conf.njk', {
    ...input,
    tlsPorts: input.tlsPorts ?? [],
    acmeDir: safePath(input.acmeDir, 'ACME challenge directory'),
    probeAddress: PROBE_ADDRESS,
    probeHost: PROBE_HOST,
    probePath: PROBE_PATH,
  });
}
