// "HOST_PATH:CONTAINER_PATH[:OPTIONS]" as Dokku's storage:mount and docker's -v take it. A first part
// without "/" is a docker volume name (docker creates it on first use and keeps it across deploys).
import { UsageError } from '../core/errors.js';
import { validateAbsolutePath } from '../state/validate.js';

export interface MountSpec {
  kind: 'bind' | 'volume';
  /** Host path (bind) or volume name (volume). */
  source: string;
  target: string;
  /** Docker's mode list, e.g. "ro" or "rw,z"; '' for the default. */
  options: string;
}

const VOLUME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/;
const MODE_WORDS = new Set([
  'ro',
  'rw',
  'z',
  'Z',
  'nocopy',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'private',
  'rprivate',
]);

export function parseMountSpec(spec: string | undefined): MountSpec {
  if (!spec)
    throw new UsageError('Please specify a mount as HOST_PATH:CONTAINER_PATH[:ro] or VOLUME:CONTAINER_PATH[:ro]');
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3)
    throw new UsageError(
      `Invalid mount ${JSON.stringify(spec)}: use HOST_PATH:CONTAINER_PATH[:ro] or VOLUME:CONTAINER_PATH[:ro] (a host-only path would make a new anonymous volume on every deploy)`,
    );
  const [source, target, options = ''] = parts;
  let kind: MountSpec['kind'];
  let src: string;
  if (source.startsWith('/')) {
    kind = 'bind';
    src = validateAbsolutePath(source, 'host path');
  } else {
    if (!VOLUME_RE.test(source))
      throw new UsageError(
        `Invalid volume name ${JSON.stringify(source)}: use at least two letters, digits, dots, dashes or underscores, starting with a letter or digit (or an absolute host path)`,
      );
    kind = 'volume';
    src = source;
  }
  const tgt = validateAbsolutePath(target, 'container path');
  if (tgt === '/') throw new UsageError('The container path cannot be "/"');
  if (parts.length === 3) {
    const words = options.split(',');
    const bad = words.find((w) => !MODE_WORDS.has(w));
    if (bad !== undefined)
      throw new UsageError(
        `Invalid mount option ${JSON.stringify(bad)} in ${JSON.stringify(spec)} (use ro, rw, z, Z or nocopy)`,
      );
    if (words.includes('ro') && words.includes('rw'))
      throw new UsageError(`Mount ${JSON.stringify(spec)} cannot be both ro and rw`);
  }
  return { kind, source: src, target: tgt, options };
}

/** The docker Binds entry (and the canonical text stored and listed). */
export function formatMount(m: MountSpec): string {
  return m.options ? `${m.source}:${m.target}:${m.options}` : `${m.source}:${m.target}`;
}
