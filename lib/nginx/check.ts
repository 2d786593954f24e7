// `nginx -t` on a candidate tree and `nginx -s reload`, as root directly or as the paas user through
// the sudo rules install.sh writes (which allow exactly these command lines). The check goes through a
// root-owned helper (scripts/nginx-check.sh): `sudo nginx -c FILE` with a file paas can write would run
// a load_module line as root.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { PaasError } from '../core/errors.js';
import { writeFileAtomic, ensureDir } from '../state/atomic.js';
import { paths } from '../state/paths.js';

const NGINX_BIN = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const NGINX_MAIN_CONF = '/etc/nginx/nginx.conf';
const NGINX_CONF_D = '/etc/nginx/conf.d';
const SITES_ENABLED = '/etc/nginx/sites-enabled';

export interface ConfFile {
  name: string;
  text: string;
}

export interface CheckConfig {
  main: string;
  confD: ConfFile[];
}

/**
 * The system config with the live tree swapped for the candidate tree: nginx.conf's include of
 * conf.d/*.conf points at a copy of conf.d in which the live directory is replaced by the candidate
 * one. When no conf.d file includes the live tree (paas not installed), the candidate is added anyway.
 */
export function buildCheckConfig(
  mainConf: string,
  confD: ConfFile[],
  dirs: { live: string; candidate: string; checkConfD: string },
): CheckConfig {
  const includeRe = new RegExp(`(include\\s+)${escapeRe(NGINX_CONF_D)}/\\*\\.conf\\s*;`);
  if (!includeRe.test(mainConf))
    throw new PaasError(`cannot check nginx config: ${NGINX_MAIN_CONF} has no "include ${NGINX_CONF_D}/*.conf;" line`);
  const main = mainConf.replace(includeRe, `$1${dirs.checkConfD}/*.conf;`);
  let included = false;
  const files = confD.map((f) => {
    if (!f.text.includes(dirs.live)) return f;
    included = true;
    return { name: f.name, text: f.text.split(dirs.live).join(dirs.candidate) };
  });
  if (!included) files.push({ name: 'zz-paas-candidate.conf', text: `include ${dirs.candidate}/*.conf;\n` });
  return { main, confD: files };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readConfD(dir: string): ConfFile[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.conf') && !n.startsWith('.'));
  } catch {
    return [];
  }
  return names.sort().map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** Installed by install.sh (root:root 0755); the only nginx check the paas user may run through sudo. */
const NGINX_CHECK_HELPER = '/usr/local/lib/paas/nginx-check';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Run nginx as root: directly when we are root, else through `sudo -n` (never prompts). */
async function runNginx(args: string[]) {
  const [cmd, argv] = isRoot() ? [NGINX_BIN, args] : ['sudo', ['-n', NGINX_BIN, ...args]];
  return execa(cmd, argv, { reject: false, stdin: 'ignore' });
}

/** nginx's own words, without the "nginx: " prefix and the final "test failed" line. */
export function nginxErrorText(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) =>
      l
        .replace(/^nginx(-check)?: /, '')
        .replace(/^[0-9/]+ [0-9:]+ (\[\w+\]) [0-9]+#[0-9]+: /, '$1 ')
        .trim(),
    )
    .filter((l) => l && !/test failed$/.test(l) && !/^\[warn\]/.test(l));
  return lines.join('; ') || 'no output';
}

/** Check the candidate tree with the system nginx; throws PaasError with nginx's message. */
export async function checkCandidateTree(): Promise<void> {
  if (fs.existsSync(NGINX_CHECK_HELPER) && paths.root() === '/var/lib/paas') {
    const [cmd, argv] = isRoot() ? [NGINX_CHECK_HELPER, []] : ['sudo', ['-n', NGINX_CHECK_HELPER]];
    const r = await execa(cmd, argv, { reject: false, stdin: 'ignore' });
    if (r.failed && r.exitCode === undefined)
      throw new PaasError(`cannot run ${NGINX_CHECK_HELPER}: ${r.shortMessage ?? r.message}`);
    if (r.exitCode !== 0) throw new PaasError(`nginx rejected the new config: ${nginxErrorText(String(r.stderr))}`);
    return;
  }
  // Not installed (a checkout, another state root): the check config goes to a private directory.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-nginx-check-'));
  try {
    await checkInDir(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function checkInDir(dir: string): Promise<void> {
  const confDCopy = path.join(dir, 'conf.d');
  const cfg = buildCheckConfig(fs.readFileSync(NGINX_MAIN_CONF, 'utf8'), readConfD(NGINX_CONF_D), {
    live: paths.nginxLive(),
    candidate: paths.nginxCandidate(),
    checkConfD: confDCopy,
  });
  ensureDir(confDCopy);
  for (const f of cfg.confD) writeFileAtomic(path.join(confDCopy, f.name), f.text);
  const mainFile = path.join(dir, 'nginx.conf');
  writeFileAtomic(mainFile, cfg.main);
  const r = await runNginx(['-t', '-q', '-c', mainFile]);
  if (r.failed && r.exitCode === undefined) throw new PaasError(`cannot run nginx -t: ${r.shortMessage ?? r.message}`);
  if (r.exitCode !== 0) throw new PaasError(`nginx rejected the new config: ${nginxErrorText(String(r.stderr))}`);
}

/** Make nginx load the live tree; starts nginx when it is not running. */
export async function reloadNginx(): Promise<void> {
  const r = await runNginx(['-s', 'reload']);
  if (r.exitCode === 0) return;
  const text = String(r.stderr);
  if (/nginx\.pid|invalid PID|No such process/.test(text)) {
    const start = await runNginx([]);
    if (start.exitCode === 0) return;
    throw new PaasError(`nginx is not running and could not be started: ${nginxErrorText(String(start.stderr))}`);
  }
  throw new PaasError(`nginx reload failed: ${nginxErrorText(text)}`);
}

/** Another config (Debian's default site, a user's own site) already owns default_server on this port. */
export function otherDefaultServerExists(port = 80): boolean {
  const re = new RegExp(`^\\s*listen\\s+(?:\\S*:)?${port}\\b[^;#]*\\bdefault_server\\b`, 'm');
  const files: string[] = [];
  for (const dir of [NGINX_CONF_D, SITES_ENABLED]) {
    try {
      for (const n of fs.readdirSync(dir)) if (!n.startsWith('.')) files.push(path.join(dir, n));
    } catch {
      /* directory absent */
    }
  }
  return files.some((f) => {
    try {
      return re.test(fs.readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  });
}

export function hostHasIpv6(): boolean {
  try {
    return fs.readFileSync('/proc/net/if_inet6', 'utf8').trim() !== '';
  } catch {
    return false;
  }
}

/** Ask the loopback probe server which config generation nginx serves ('' when it does not answer). */
function probeGeneration(address: string, host: string, urlPath: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: address, port: 80, path: urlPath, headers: { Host: host }, timeout: 1000, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : ''));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(''));
  });
}

/**
 * `nginx -s reload` only sends a signal: wait until the new workers answer with the new generation,
 * so a caller's next request sees the new config, and a reload nginx refused (a port already taken)
 * is noticed instead of silently serving the old config.
 */
export async function waitForGeneration(
  address: string,
  host: string,
  urlPath: string,
  generation: string,
  timeoutMs = 10000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await probeGeneration(address, host, urlPath)) === generation) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** nginx's error-log time stamp ("2026/12/06 22:59:34", local time) as epoch ms, NaN if none. */
function logLineTime(line: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) /.exec(line);
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime() : NaN;
}

/**
 * The last [emerg] lines of nginx's error log written since `sinceMs` (whole seconds: nginx logs no
 * fractions), when we may read it. Older lines are another reload's reason, not this one's.
 */
export function recentNginxErrors(sinceMs = 0, file = '/var/log/nginx/error.log'): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20);
    const since = Math.floor(sinceMs / 1000) * 1000;
    const emerg = lines.filter((l) => /\[(emerg|alert|crit)\]/.test(l) && !(logLineTime(l) < since)).slice(-2);
    return emerg.map((l) => l.replace(/^.*?\[(emerg|alert|crit)\] [0-9#]+: /, '')).join('; ');
  } catch {
    return '';
  }
}

const NGINX_PID_FILE = '/run/nginx.pid';

function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Worker processes of the running nginx master that still accept connections. */
export function acceptingWorkerPids(): number[] {
  const master = Number(readProc(NGINX_PID_FILE).trim());
  if (!master) return [];
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ")".
    const stat = readProc(`/proc/${entry}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== master) continue;
    const title = readProc(`/proc/${entry}/cmdline`).replace(/\0/g, ' ');
    if (title.startsWith('nginx: worker process') && !title.includes('shutting down')) pids.push(Number(entry));
  }
  return pids;
}

/**
 * After a reload, workers of the old config may still accept a connection or two until they handle
 * the master's QUIT (they retitle themselves "shutting down" right before closing their sockets).
 */
export async function waitForOldWorkers(old: number[], timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const still = acceptingWorkerPids().filter((p) => old.includes(p));
    if (still.length === 0) return;
    // Reading /proc costs well under a millisecond: a fine poll returns soon after the 100 ms.
    await new Promise((r) => setTimeout(r, 5));
  }
}
