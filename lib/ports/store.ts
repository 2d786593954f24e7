// Port mappings (Dokku's `scheme:host-port:container-port`), stored one per line in props/ports/APP/map.
// nginx listens on each host port and proxies to the container port of the app's web containers.
import { UsageError } from '../core/errors.js';
import { readListProp, readProp, setOrClearProp, writeListProp } from '../state/props.js';
import { validatePort } from '../state/validate.js';
import { tlsFilesFor } from '../certs/files.js';

export type PortScheme = 'http' | 'https';

export interface PortMapping {
  scheme: PortScheme;
  hostPort: number;
  containerPort: number;
}

const SCHEMES: PortScheme[] = ['http', 'https'];

/** The container port web processes listen on when nothing is configured (PORT=5000, as Dokku). */
const DEFAULT_CONTAINER_PORT = 5000;

export function parsePortMapping(text: string): PortMapping {
  const parts = text.split(':');
  if (parts.length !== 3)
    throw new UsageError(
      `Invalid port mapping ${JSON.stringify(text)}: use scheme:host-port:container-port, e.g. http:80:5000`,
    );
  const [scheme, host, container] = parts;
  if (!SCHEMES.includes(scheme as PortScheme))
    throw new UsageError(
      `Invalid scheme ${JSON.stringify(scheme)} in port mapping ${JSON.stringify(text)}: use http or https`,
    );
  return {
    scheme: scheme as PortScheme,
    hostPort: validatePort(host, 'host port'),
    containerPort: validatePort(container, 'container port'),
  };
}

export function formatPortMapping(m: PortMapping): string {
  return `${m.scheme}:${m.hostPort}:${m.containerPort}`;
}

export function samePortMapping(a: PortMapping, b: PortMapping): boolean {
  return a.scheme === b.scheme && a.hostPort === b.hostPort && a.containerPort === b.containerPort;
}

/**
 * A list nginx can serve: one scheme and one container port per host port (two servers on the same
 * port with different targets would make nginx pick one silently). Exact duplicates are dropped.
 */
export function normalizePortMappings(list: PortMapping[]): PortMapping[] {
  const result: PortMapping[] = [];
  for (const m of list) {
    if (result.some((r) => samePortMapping(r, m))) continue;
    const clash = result.find((r) => r.hostPort === m.hostPort);
    if (clash)
      throw new UsageError(
        `Host port ${m.hostPort} is mapped twice (${formatPortMapping(clash)} and ${formatPortMapping(m)}); a host port can have one mapping`,
      );
    result.push(m);
  }
  return result;
}

/** The mappings set with ports:set/ports:add, possibly none. */
export function readConfiguredPortMappings(app: string): PortMapping[] {
  const list: PortMapping[] = [];
  for (const line of readListProp('ports', app, 'map')) {
    try {
      list.push(parsePortMapping(line));
    } catch {
      // Only validated mappings are ever written; a hand-edited bad line is skipped, not fatal.
    }
  }
  return list;
}

export function writePortMappings(app: string, list: PortMapping[]): void {
  writeListProp('ports', app, 'map', normalizePortMappings(list).map(formatPortMapping));
}

/**
 * The container port the last build detected (the image's first EXPOSEd TCP port; Dokku's
 * ports-set-detected), written by paas-build after each successful build; undefined clears it.
 */
export function writeDetectedContainerPort(app: string, port: number | undefined): void {
  setOrClearProp('ports', app, 'detected-port', port === undefined ? undefined : String(port));
}

/** The detected container port, else 5000 (PORT=5000, as Dokku). */
export function detectedContainerPort(app: string): number {
  const text = readProp('ports', app, 'detected-port');
  const n = Number(text);
  return /^[0-9]+$/.test(text) && n >= 1 && n <= 65535 ? n : DEFAULT_CONTAINER_PORT;
}

/**
 * What paas uses when nothing is configured: http:80:PORT, plus https:443:PORT once the app has a
 * certificate, PORT being the detected container port (EXPOSE) or 5000.
 */
export function detectedPortMappings(app: string): PortMapping[] {
  const port = detectedContainerPort(app);
  const list: PortMapping[] = [{ scheme: 'http', hostPort: 80, containerPort: port }];
  if (tlsFilesFor(app)) list.push({ scheme: 'https', hostPort: 443, containerPort: port });
  return list;
}

/**
 * The mappings in effect: the configured ones or the detected default. As in Dokku, an app with a
 * certificate and only http mappings also gets https:443 to the container port of its port-80 mapping.
 */
export function readPortMappings(app: string): PortMapping[] {
  const configured = readConfiguredPortMappings(app);
  if (configured.length === 0) return detectedPortMappings(app);
  return withTlsDefault(configured, !!tlsFilesFor(app));
}

export function withTlsDefault(list: PortMapping[], hasTls: boolean): PortMapping[] {
  if (!hasTls || list.some((m) => m.scheme === 'https') || list.some((m) => m.hostPort === 443)) return list;
  const http = list.find((m) => m.scheme === 'http' && m.hostPort === 80) ?? list.find((m) => m.scheme === 'http');
  return http ? [...list, { scheme: 'https', hostPort: 443, containerPort: http.containerPort }] : list;
}

/**
 * The port web containers listen on (their PORT): the container port of the first configured mapping,
 * else the detected one (EXPOSE), else 5000.
 */
export function webContainerPort(app: string): number {
  const first = readConfiguredPortMappings(app)[0];
  return first ? first.containerPort : detectedContainerPort(app);
}

/**
 * After a certificate is added (Dokku's post-certs-update): configured mappings with http:80:PORT and no
 * https:443 get https:443:PORT stored beside them. Nothing configured: the detected default already has it.
 */
export function addTlsPortMappings(app: string): void {
  const list = readConfiguredPortMappings(app);
  if (list.some((m) => m.scheme === 'https' && m.hostPort === 443)) return;
  const ports = [...new Set(list.filter((m) => m.scheme === 'http' && m.hostPort === 80).map((m) => m.containerPort))];
  if (ports.length === 0) return;
  // One mapping per host port: the first http:80 container port wins (paas maps a host port once).
  writePortMappings(app, [...list, { scheme: 'https', hostPort: 443, containerPort: ports[0] }]);
}

/** After the certificate is removed (Dokku's post-certs-remove): drop the https:443 mappings. */
export function removeTlsPortMappings(app: string): void {
  const list = readConfiguredPortMappings(app);
  const rest = list.filter((m) => !(m.scheme === 'https' && m.hostPort === 443));
  if (rest.length !== list.length) writePortMappings(app, rest);
}
