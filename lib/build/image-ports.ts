// What an image says about itself that a deploy needs: the port it EXPOSEs (Dokku maps the first TCP
// one), and, when its FROM image cannot be had, which images on this host could stand in.
import { PaasError } from '../core/errors.js';
import { docker } from '../docker/client.js';
import type { DockerfilePlan } from './plan.js';
import { readFileOr } from '../state/atomic.js';
import path from 'node:path';

/** Lines of a Dockerfile with continuations joined and comments dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The first TCP port named by an EXPOSE line ("EXPOSE 8080", "EXPOSE 3000/tcp 9000/udp"), undefined when none. */
export function firstExposedPort(dockerfile: string): number | undefined {
  for (const line of instructions(dockerfile)) {
    const m = /^EXPOSE\s+(.*)$/i.exec(line);
    if (!m) continue;
    for (const word of m[1].split(/\s+/)) {
      const p = /^(\d+)(?:\/(tcp|udp))?$/i.exec(word);
      if (p && (p[2] ?? 'tcp').toLowerCase() === 'tcp' && Number(p[1]) >= 1 && Number(p[1]) <= 65535)
        return Number(p[1]);
    }
  }
  return undefined;
}

/** The lowest TCP port in an image's ExposedPorts ({"8080/tcp": {}}), undefined when none. */
export function exposedPortOf(exposed: Record<string, unknown> | undefined | null): number | undefined {
  const ports = Object.keys(exposed ?? {})
    .map((k) => /^(\d+)\/tcp$/.exec(k))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  return ports[0];
}

export async function imageExposedPort(ref: string): Promise<number | undefined> {
  try {
    const i = await docker().getImage(ref).inspect();
    return exposedPortOf(i.Config?.ExposedPorts);
  } catch {
    return undefined;
  }
}

/** Images a Dockerfile starts FROM, without its own stage names and scratch. */
export function fromImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of instructions(dockerfile)) {
    const m = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    if (!stages.has(m[1].toLowerCase()) && m[1] !== 'scratch' && !images.includes(m[1])) images.push(m[1]);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

/** "python" for "docker.io/library/python:3.12-slim", "node" for "node:20@sha256:...". */
function baseName(ref: string): string {
  const noDigest = ref.split('@')[0];
  const last = noDigest.split('/').pop() ?? noDigest;
  return last.split(':')[0];
}

/** Local images that could replace `ref`: same name under paas/ or elsewhere, else the paas base images. */
export function standInsFor(ref: string, local: string[]): string[] {
  const name = baseName(ref);
  const same = local.filter((t) => baseName(t) === name && t !== ref);
  if (same.length) return same;
  return local.filter((t) => /^paas\/(debian|busybox)(:|$)/.test(t));
}

async function localTags(): Promise<string[]> {
  const images = await docker()
    .listImages()
    .catch(() => []);
  return images
    .flatMap((i) => i.RepoTags ?? [])
    .filter((t) => t !== '<none>:<none>')
    .sort();
}

/** The "could not be pulled" message: what is missing, what could stand in, how to add a registry mirror. */
export function pullFailureMessage(ref: string, reason: string, standIns: string[], where: string): string {
  const name = baseName(ref);
  const made =
    name === 'node'
      ? ' (the node builder makes paas/node:<major> on first use)'
      : name === 'python'
        ? ' (the python builder makes paas/python:3.11 and :3.13 on first use)'
        : '';
  return (
    `Image ${ref} is not on this host and could not be pulled (${where}): ${reason}. ` +
    (standIns.length
      ? `Images on this host that could stand in: ${standIns.join(', ')}${made}. `
      : `No image on this host looks like a stand-in${made}. `) +
    'Or give docker a registry mirror it can reach ("registry-mirrors" in /etc/docker/daemon.json, then restart dockerd)'
  );
}

/**
 * A Dockerfile build failed: when one of its FROM images is not on this host, the engine's pull error
 * is replaced by a message naming stand-ins and the registry mirror setting. Other failures pass through.
 */
export async function explainPullFailure(e: PaasError, plan: DockerfilePlan): Promise<PaasError> {
  const text = readFileOr(path.join(plan.contextDir, plan.dockerfile), '');
  const local = await localTags();
  for (const ref of fromImages(text)) {
    if (ref.includes('$')) continue;
    const tagged = ref.includes(':') || ref.includes('@') ? ref : `${ref}:latest`;
    if (local.includes(tagged) || local.includes(ref)) continue;
    const reason = e.message.replace(/^Build failed: /, '');
    return new PaasError(pullFailureMessage(ref, reason, standInsFor(ref, local), `FROM in ${plan.dockerfile}`));
  }
  return e;
}

/** Same message for git:from-image IMAGE. */
export async function sourceImagePullFailure(ref: string, reason: string): Promise<PaasError> {
  return new PaasError(pullFailureMessage(ref, reason, standInsFor(ref, await localTags()), 'git:from-image'));
}
