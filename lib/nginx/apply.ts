// Making an app's vhost live: render, copy the live tree to a candidate tree with the change, check it
// with nginx -t, and only then move the file into the live tree and reload. One global lock, so two
// apps applying at once never check or install over each other.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appExists } from '../apps/store.js';
import { PaasError } from '../core/errors.js';
import { info, step, warn } from '../core/log.js';
import { tlsFilesFor } from '../certs/files.js';
import { appDomains } from '../domains/store.js';
import { readPortMappings } from '../ports/store.js';
import { isProxyEnabled } from '../proxy/store.js';
import { adoptOwner, ensureDir, readFileOr, removeFile, writeFileAtomic } from '../state/atomic.js';
import { withLock } from '../state/lock.js';
import { paths } from '../state/paths.js';
import {
  acceptingWorkerPids,
  checkCandidateTree,
  hostHasIpv6,
  otherDefaultServerExists,
  recentNginxErrors,
  reloadNginx,
  waitForGeneration,
  waitForOldWorkers,
} from './check.js';
import { PROBE_HOST, PROBE_PATH, renderGlobalConf, renderVhost, tlsListenPorts, VhostInput } from './render.js';
import { computedSettings, PROBE_ADDRESS } from './settings.js';
import { liveDeployId } from '../ps/store.js';

/** Shared http-level config; "_" cannot start an app name, so it never clashes with APP.conf. */
const GLOBAL_CONF = '_paas-global.conf';
export const NGINX_LOG_DIR = '/var/log/nginx';

export async function withNginxLock<T>(fn: () => Promise<T>): Promise<T> {
  const file = paths.namedLock('nginx');
  // Root (tests, cron) and the paas user (pushes) share this lock: the file must stay the paas user's.
  if (!fs.existsSync(file)) writeFileAtomic(file, '');
  else adoptOwner(file);
  return withLock(file, { what: 'nginx config', wait: true }, fn);
}

/** Routed = has a vhost or a live deploy: routing changes re-apply only such apps. */
export function isAppRouted(app: string): boolean {
  return fs.existsSync(paths.nginxVhost(app)) || liveDeployId(app) !== undefined;
}

async function liveWebContainerIps(app: string): Promise<string[]> {
  const deploy = liveDeployId(app) ?? '';
  if (!deploy) return [];
  // Loaded only when needed: dockerode is slow to load, and most routing changes never reach here.
  const { listAppContainers } = await import('../docker/containers.js');
  const list = await listAppContainers(app, { kind: 'deploy', process: 'web', deploy });
  return list.filter((c) => c.running && c.ip).map((c) => c.ip);
}

/** Everything the vhost depends on; undefined when the app gets no vhost (and why, for the message). */
export async function gatherVhostInput(app: string): Promise<{ input?: VhostInput; reason?: string }> {
  if (!appExists(app)) return { reason: `App ${app} does not exist` };
  if (!isProxyEnabled(app)) return { reason: `the proxy is disabled for ${app}` };
  const domains = appDomains(app);
  if (domains.length === 0) return { reason: `App ${app} has no domains (add one with domains:add)` };
  return {
    input: {
      app,
      domains,
      mappings: readPortMappings(app),
      containerIps: await liveWebContainerIps(app),
      tls: tlsFilesFor(app),
      settings: computedSettings(app),
      acmeDir: paths.acmeChallengeDir(),
      ipv6: hostHasIpv6(),
      logDir: NGINX_LOG_DIR,
    },
  };
}

function liveConfNames(): string[] {
  try {
    return fs.readdirSync(paths.nginxLive()).filter((n) => n.endsWith('.conf') && !n.startsWith('.'));
  } catch {
    return [];
  }
}

function globalConfText(generation: string, vhostTexts: string[]): string {
  return renderGlobalConf({
    generation,
    acmeDir: paths.acmeChallengeDir(),
    ipv6: hostHasIpv6(),
    defaultServer: !otherDefaultServerExists(80),
    tlsPorts: tlsListenPorts(vhostTexts).filter((port) => !otherDefaultServerExists(port)),
  });
}

/** Move the accepted candidate files into the live tree (each by rename) and drop removed vhosts. */
function promoteCandidate(writes: string[], removals: string[]): void {
  const candidate = paths.nginxCandidate();
  // The global file first: vhosts use its map.
  fs.renameSync(path.join(candidate, GLOBAL_CONF), path.join(paths.nginxLive(), GLOBAL_CONF));
  for (const app of writes) fs.renameSync(path.join(candidate, `${app}.conf`), paths.nginxVhost(app));
  for (const app of removals) removeFile(paths.nginxVhost(app));
}

/**
 * Reload and wait until nginx serves this generation of the live tree and no old worker accepts a
 * connection any more. nginx's master starts the new workers at once but tells the old ones to stop
 * only after a fixed 100 ms sleep: both waits run side by side, so a reload costs that 100 ms and little
 * more (one after the other they took 120-130 ms: the probe's poll interval came on top).
 */
async function reloadAndConfirm(generation: string): Promise<boolean> {
  const oldWorkers = acceptingWorkerPids();
  await reloadNginx();
  const [served] = await Promise.all([
    waitForGeneration(PROBE_ADDRESS, PROBE_HOST, PROBE_PATH, generation),
    waitForOldWorkers(oldWorkers),
  ]);
  return served;
}

/**
 * Install new vhost texts (null removes the app's vhost) after nginx -t accepted the whole candidate
 * tree. Call with the nginx lock held. A failed check leaves the live tree as it was; a reload nginx
 * does not take (a host port already in use) puts the previous files back.
 */
async function installVhosts(changes: Map<string, string | null>, opts: { checkOnly?: boolean } = {}): Promise<void> {
  const live = paths.nginxLive();
  const candidate = paths.nginxCandidate();
  const removals = [...changes].filter(([, t]) => t === null).map(([a]) => a);
  const writes = [...changes].filter(([, t]) => t !== null) as [string, string][];
  const noop = writes.length === 0 && removals.every((a) => !fs.existsSync(paths.nginxVhost(a)));
  if (noop && !opts.checkOnly) return;

  ensureDir(live);
  ensureDir(paths.acmeChallengeDir(), 0o755); // nginx's workers serve it
  fs.rmSync(candidate, { recursive: true, force: true });
  ensureDir(candidate);
  for (const name of liveConfNames()) {
    const app = name.replace(/\.conf$/, '');
    if (changes.has(app) || name === GLOBAL_CONF) continue;
    writeFileAtomic(path.join(candidate, name), fs.readFileSync(path.join(live, name)));
  }
  for (const [app, text] of writes) writeFileAtomic(path.join(candidate, `${app}.conf`), text);
  const vhostTexts = fs
    .readdirSync(candidate)
    .filter((n) => n.endsWith('.conf') && !n.startsWith('.'))
    .map((n) => fs.readFileSync(path.join(candidate, n), 'utf8'));
  const generation = crypto.randomBytes(8).toString('hex');
  writeFileAtomic(path.join(candidate, GLOBAL_CONF), globalConfText(generation, vhostTexts));

  try {
    await checkCandidateTree();
  } catch (e) {
    if (e instanceof PaasError) throw new PaasError(`${e.message} (the live nginx config is unchanged)`);
    throw e;
  }
  if (opts.checkOnly) {
    fs.rmSync(candidate, { recursive: true, force: true });
    return;
  }

  const previous = new Map(
    [...changes.keys(), GLOBAL_CONF.replace(/\.conf$/, '')].map((a) => [
      a,
      readFileOr(path.join(live, `${a}.conf`), '\0'),
    ]),
  );
  promoteCandidate(
    writes.map(([a]) => a),
    removals,
  );
  fs.rmSync(candidate, { recursive: true, force: true });
  info('Reloading nginx');
  const reloadedAt = Date.now();
  if (await reloadAndConfirm(generation)) return;

  // nginx kept its old config (it logs why): make the live tree match what it serves again.
  const reason = recentNginxErrors(reloadedAt);
  for (const [name, text] of previous) {
    const file = path.join(live, `${name}.conf`);
    if (text === '\0') removeFile(file);
    else writeFileAtomic(file, text);
  }
  await reloadNginx();
  throw new PaasError(
    `nginx did not load the new config${reason ? `: ${reason}` : ' (see /var/log/nginx/error.log)'}; the previous config was put back`,
  );
}

/** The vhost text for an app, or null when it gets none (says why when that changes something). */
async function renderChange(app: string, opts: { checkOnly?: boolean }): Promise<string | null> {
  const { input, reason } = await gatherVhostInput(app);
  if (!input) {
    if (opts.checkOnly) info(`${app}: no vhost (${reason})`);
    else if (fs.existsSync(paths.nginxVhost(app))) step(`Removing the nginx vhost of ${app}: ${reason}`);
    else if (appExists(app) && isProxyEnabled(app)) warn(`${reason}; nginx does not route to it`);
    return null;
  }
  const scheme = input.tls ? 'https' : 'http';
  if (!opts.checkOnly) {
    step(`Configuring nginx for ${app}: ${input.domains.map((d) => `${scheme}://${d}`).join(' ')}`);
    if (input.containerIps.length === 0) info(`No web process is running for ${app}: nginx answers 503 until one is`);
  }
  return renderVhost(input);
}

/**
 * Apps whose live vhost names a certificate file that is gone (removed by hand or by a tool that did
 * not re-apply): nginx would refuse every config until they are rendered again.
 */
function staleVhostApps(): string[] {
  const stale: string[] = [];
  for (const name of liveConfNames()) {
    if (name === GLOBAL_CONF) continue;
    const text = readFileOr(path.join(paths.nginxLive(), name), '');
    const files = [...text.matchAll(/^\s*ssl_certificate(?:_key)?\s+(\S+);/gm)].map((m) => m[1]);
    if (files.some((f) => !fs.existsSync(f))) stale.push(name.replace(/\.conf$/, ''));
  }
  return stale;
}

/** Render the given apps plus any stale vhost, install them in one check and one reload (lock held). */
async function renderAndInstall(
  apps: string[],
  opts: { checkOnly?: boolean },
  fixed = new Map<string, string | null>(),
  retry = true,
): Promise<void> {
  const changes = new Map(fixed);
  for (const app of apps) changes.set(app, await renderChange(app, opts));
  for (const app of staleVhostApps()) {
    if (changes.has(app)) continue;
    info(`The certificate files of ${app} are gone: rendering its vhost again`);
    changes.set(app, await renderChange(app, opts));
  }
  try {
    await installVhosts(changes, opts);
  } catch (e) {
    // A certificate removed outside the nginx lock while we worked breaks the reload: repair once.
    if (retry && staleVhostApps().length > 0) return renderAndInstall(apps, opts, fixed, false);
    throw e;
  }
}

/** Render and install the vhosts of several apps in one check and one reload (lock held by caller). */
export async function applyVhostsUnlocked(apps: string[], opts: { checkOnly?: boolean } = {}): Promise<void> {
  await renderAndInstall(apps, opts);
}

/** Render the app's vhost and make it live (removes it when the proxy is disabled or there are no domains). */
export async function applyAppVhost(app: string): Promise<void> {
  await withNginxLock(() => applyVhostsUnlocked([app]));
}

export async function removeAppVhost(app: string): Promise<void> {
  await withNginxLock(() => renderAndInstall([], {}, new Map([[app, null]])));
}

/** The live vhost text, or '' when the app has none. */
export function readLiveVhost(app: string): string {
  return readFileOr(paths.nginxVhost(app), '');
}

/**
 * A routing change (domains, ports, nginx settings, proxy switch): store it, then re-apply every
 * affected app that is routed. If nginx refuses the result, the stored change is undone, so the
 * state on disk keeps matching what nginx serves.
 */
export async function applyRoutingChange(apps: string[], save: () => void, undo: () => void): Promise<void> {
  await withNginxLock(async () => {
    const routed = apps.filter(isAppRouted);
    save();
    if (routed.length === 0) return;
    try {
      await applyVhostsUnlocked(routed);
    } catch (e) {
      undo();
      throw e;
    }
  });
}

/** Undo for applyRoutingChange: put a property file back as it was (or remove it). */
export function snapshotProp(ns: string, scope: string, key: string): () => void {
  const file = paths.prop(ns, scope, key);
  const old = readFileOr(file, '\0');
  return () => (old === '\0' ? removeFile(file) : writeFileAtomic(file, old));
}
