// Builder properties (props builder/APP|--global/KEY and builder-dockerfile/...): what `builder:set`
// and `builder-dockerfile:set` store, validated here so bad input never reaches disk or a Dockerfile.
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { GLOBAL, readPropWithGlobal } from '../state/props.js';
import { procfilePathSetting } from '../ps/store.js';

export const BUILDERS = ['dockerfile', 'image', 'node', 'python', 'static', 'php', 'jekyll'] as const;
export type BuilderName = (typeof BUILDERS)[number];

export const BUILDER_NS = 'builder';
export const DOCKERFILE_NS = 'builder-dockerfile';

/** builder:set keys, in report order. */
export const BUILDER_KEYS = [
  'selected',
  'build-dir',
  'procfile-path',
  'node-image',
  'python-image',
  'static-image',
  'skip-cleanup',
] as const;
export const DOCKERFILE_KEYS = ['dockerfile-path'] as const;

const IMAGE_RE =
  /^(?:(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::[0-9]+)?\/|[A-Za-z0-9-]+:[0-9]+\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isBuilderName(v: string): v is BuilderName {
  return (BUILDERS as readonly string[]).includes(v);
}

function validateBuilderName(v: string): BuilderName {
  if (!isBuilderName(v))
    throw new UsageError(`Invalid builder ${JSON.stringify(v)}: use one of ${BUILDERS.join(', ')}`);
  return v;
}

/** An image reference as docker accepts it (repository[:tag][@digest]); it is written into a FROM line. */
export function validateImageRef(v: string, what = 'image'): string {
  if (v.length > 255 || !IMAGE_RE.test(v))
    throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}: use a docker image reference like paas/node:20`);
  return v;
}

/** A path inside the source tree: relative, no "..", nothing a Dockerfile line could misread. */
export function validateSourcePath(v: string, what: string): string {
  if (v.startsWith('/'))
    throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}: use a path relative to the repository root`);
  if (!/^[A-Za-z0-9_.@+/-]+$/.test(v))
    throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}: use letters, digits and . _ - @ + / only`);
  const norm = path.posix.normalize(v).replace(/\/$/, '');
  if (norm === '..' || norm.startsWith('../') || v.split('/').includes('..'))
    throw new UsageError(`Invalid ${what} ${JSON.stringify(v)}: ".." is not allowed`);
  return norm;
}

/** Check a builder:set value; returns the value to store. */
export function validateBuilderProp(key: string, value: string): string {
  switch (key) {
    case 'selected':
      return validateBuilderName(value);
    case 'build-dir':
    case 'procfile-path':
    case 'dockerfile-path':
      return validateSourcePath(value, key);
    case 'node-image':
    case 'python-image':
    case 'static-image':
      return validateImageRef(value, key);
    case 'skip-cleanup':
      if (value !== 'true' && value !== 'false')
        throw new UsageError(`Invalid skip-cleanup ${JSON.stringify(value)}: use true or false`);
      return value;
    default:
      throw new UsageError(`Invalid property ${JSON.stringify(key)}`);
  }
}

export interface BuilderSettings {
  /** Chosen with builder:set selected; '' means detect. */
  selected: string;
  /** Sub-directory of the repository to build (monorepos); '' means the root. */
  buildDir: string;
  procfilePath: string;
  dockerfilePath: string;
  /** Base image overrides; '' means the default for the detected runtime version. */
  nodeImage: string;
  pythonImage: string;
  staticImage: string;
  /** Keep a failed build's intermediate containers and images (to inspect them); Dokku's skip-cleanup. */
  skipCleanup: boolean;
}

export function readBuilderSettings(app: string): BuilderSettings {
  const b = (key: string, fallback = '') => readPropWithGlobal(BUILDER_NS, app, key, fallback);
  return {
    selected: b('selected'),
    buildDir: b('build-dir'),
    // Dokku keeps procfile-path under ps:set; builder:set takes precedence when both are set.
    procfilePath: b('procfile-path') || procfilePathSetting(app) || 'Procfile',
    dockerfilePath: readPropWithGlobal(DOCKERFILE_NS, app, 'dockerfile-path') || 'Dockerfile',
    nodeImage: b('node-image'),
    pythonImage: b('python-image'),
    staticImage: b('static-image'),
    skipCleanup: b('skip-cleanup') === 'true',
  };
}

/** Check stored values again before a build uses them: a property edited by hand must not escape the source tree. */
export function checkBuilderSettings(s: BuilderSettings): BuilderSettings {
  const check = (key: string, v: string) => {
    if (v === '' || (key === 'procfile-path' && v === 'Procfile') || (key === 'dockerfile-path' && v === 'Dockerfile'))
      return;
    try {
      validateBuilderProp(key, v);
    } catch (e) {
      throw new UsageError(`Stored ${key} is invalid: ${(e as Error).message}; fix it with builder:set`);
    }
  };
  check('selected', s.selected);
  check('build-dir', s.buildDir);
  check('procfile-path', s.procfilePath);
  check('dockerfile-path', s.dockerfilePath);
  check('node-image', s.nodeImage);
  check('python-image', s.pythonImage);
  check('static-image', s.staticImage);
  return s;
}

export { GLOBAL };
