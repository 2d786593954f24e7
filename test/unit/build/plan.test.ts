import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  detectBuilder,
  hasRequirements,
  planSourceBuild,
  processesFor,
  requirementsNeedSource,
} from '../../../lib/build/plan.js';
import { BuilderSettings } from '../../../lib/build/settings.js';

let dir: string;
function write(files: Record<string, string>): void {
  for (const [f, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), c);
  }
}
const settings = (over: Partial<BuilderSettings> = {}): BuilderSettings => ({
  selected: '',
  buildDir: '',
  procfilePath: 'Procfile',
  dockerfilePath: 'Dockerfile',
  nodeImage: '',
  pythonImage: '',
  staticImage: '',
  skipCleanup: false,
  ...over,
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-plan-'));
});

describe('detectBuilder', () => {
  it('follows the order Dockerfile > package.json > python > index.html', () => {
    write({ 'index.html': '<h1>', 'requirements.txt': '', 'package.json': '{}', Dockerfile: 'FROM x' });
    expect(detectBuilder(dir, settings()).builder).toBe('dockerfile');
    fs.rmSync(path.join(dir, 'Dockerfile'));
    expect(detectBuilder(dir, settings())).toEqual({ builder: 'node', reason: 'package.json found' });
    fs.rmSync(path.join(dir, 'package.json'));
    expect(detectBuilder(dir, settings())).toEqual({ builder: 'python', reason: 'requirements.txt found' });
    fs.rmSync(path.join(dir, 'requirements.txt'));
    expect(detectBuilder(dir, settings()).builder).toBe('static');
  });

  it.each(['pyproject.toml', 'runtime.txt', '.python-version'])('%s marks a python app', (f) => {
    write({ [f]: '3.11', 'index.html': 'x' });
    expect(detectBuilder(dir, settings()).builder).toBe('python');
  });

  it('builder:set selected beats every file', () => {
    write({ Dockerfile: 'FROM x' });
    expect(detectBuilder(dir, settings({ selected: 'static' }))).toEqual({
      builder: 'static',
      reason: 'selected with builder:set',
    });
  });

  it('looks for the Dockerfile at dockerfile-path', () => {
    write({ 'docker/web.Dockerfile': 'FROM x', 'package.json': '{}' });
    expect(detectBuilder(dir, settings()).builder).toBe('node');
    expect(detectBuilder(dir, settings({ dockerfilePath: 'docker/web.Dockerfile' })).builder).toBe('dockerfile');
  });

  it('says what it looked for when nothing matches', () => {
    write({ 'README.md': 'hi' });
    expect(() => detectBuilder(dir, settings())).toThrow(
      /Could not detect a builder: looked for Dockerfile, package.json, requirements.txt, pyproject.toml, runtime.txt, .python-version, index.php, composer.json, index.html/,
    );
  });
});

describe('node plan', () => {
  it('uses npm ci with a lockfile, the engines major for the base image, and npm start', () => {
    write({
      'package.json': JSON.stringify({ engines: { node: '^18.2' }, scripts: { start: 'node s.js' } }),
      'package-lock.json': '{}',
    });
    const plan = planSourceBuild(dir, 'node', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.baseImage).toBe('paas/node:18');
    expect(plan.baseImageProp).toBe('node-image');
    expect(plan.defaultWeb).toBe(true);
    expect(plan.dockerfile).toContain('FROM paas/node:18\n');
    expect(plan.dockerfile).toContain('COPY src/package.json src/package-lock.json ./\n');
    expect(plan.dockerfile).toContain('npm ci --no-audit --no-fund --omit=dev');
    expect(plan.dockerfile).toContain('CMD ["npm", "start"]');
    expect(plan.dockerfile).not.toContain('npm run build');
    // The dependency step comes before the code is copied, so a code-only change reuses it.
    expect(plan.dockerfile.indexOf('npm ci')).toBeLessThan(plan.dockerfile.indexOf('COPY src/ ./'));
    // The CA bundle is only given to the install step.
    expect(plan.dockerfile).toMatch(/NODE_EXTRA_CA_CERTS=\/tmp\/paas-ca.crt npm_config_cafile=\/tmp\/paas-ca.crt/);
  });

  it('uses npm install without a lockfile, and builds then prunes when there is a build script', () => {
    write({ 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }) });
    const plan = planSourceBuild(dir, 'node', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.baseImage).toBe('paas/node:20');
    expect(plan.dockerfile).toContain('COPY src/package.json ./\n');
    expect(plan.dockerfile).toContain('npm install --no-audit --no-fund --include=dev');
    expect(plan.dockerfile).toContain('npm run build && npm prune --omit=dev');
    expect(plan.defaultWeb).toBe(false);
    expect(plan.notes.join()).toMatch(/No package-lock.json/);
  });

  it('honours node-image and build-dir', () => {
    write({ 'web/package.json': '{}', 'web/npm-shrinkwrap.json': '{}' });
    const plan = planSourceBuild(
      dir,
      'node',
      settings({ buildDir: 'web', nodeImage: 'registry.local:5000/node:20-slim' }),
    );
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.dockerfile).toContain('FROM registry.local:5000/node:20-slim\n');
    expect(plan.dockerfile).toContain('COPY src/web/package.json src/web/npm-shrinkwrap.json ./\n');
    expect(plan.dockerfile).toContain('COPY src/web/ ./\n');
  });

  it('refuses a broken package.json and a missing one', () => {
    write({ 'package.json': '{nope' });
    expect(() => planSourceBuild(dir, 'node', settings())).toThrow(/package.json is not a valid JSON object/);
    fs.rmSync(path.join(dir, 'package.json'));
    expect(() => planSourceBuild(dir, 'node', settings())).toThrow(/needs a package.json/);
  });
});

describe('python plan', () => {
  it('installs requirements in their own layer into a venv, on the version asked for', () => {
    write({ 'requirements.txt': 'flask==3.0\n', 'runtime.txt': 'python-3.13.1', 'app.py': '' });
    const plan = planSourceBuild(dir, 'python', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.baseImage).toBe('paas/python:3.13');
    expect(plan.dockerfile).toContain('RUN python3 -m venv /opt/venv');
    expect(plan.dockerfile).toContain('COPY src/requirements.txt /tmp/paas-requirements.txt\n');
    // The app's config reaches pip as a BuildKit secret, sourced in the install step only.
    expect(plan.dockerfile).toContain(
      'RUN --mount=type=secret,id=paas-env export PIP_CERT=/tmp/paas-ca.crt && . /run/secrets/paas-env \\\n' +
        ' && pip install --no-cache-dir -r /tmp/paas-requirements.txt',
    );
    expect(plan.dockerfile.indexOf('pip install')).toBeLessThan(plan.dockerfile.indexOf('COPY src/ ./'));
    expect(plan.dockerfile).toContain('CMD ["python3","app.py"]');
    expect(plan.defaultWeb).toBe(true);
  });

  it('skips the install for a requirements.txt of comments only; reads pyproject dependencies', () => {
    expect(hasRequirements('# none\n\n  # still none\n')).toBe(false);
    expect(hasRequirements('# x\nrequests\n')).toBe(true);
    write({ 'requirements.txt': '# nothing\n' });
    let plan = planSourceBuild(dir, 'python', settings({ pythonImage: 'paas/python:custom' }));
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.baseImage).toBe('paas/python:custom');
    expect(plan.dockerfile).not.toContain('pip install');
    expect(plan.dockerfile).not.toContain('CMD');
    expect(plan.defaultWeb).toBe(false);
    write({ 'pyproject.toml': '[project]\n' });
    plan = planSourceBuild(dir, 'python', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.dockerfile).toContain('COPY src/pyproject.toml /tmp/paas-pyproject.toml');
    expect(plan.dockerfile).toContain('tomllib');
  });
});

describe('static and Dockerfile plans', () => {
  it('static serves the tree with the base image on $PORT', () => {
    write({ 'index.html': 'x' });
    const plan = planSourceBuild(dir, 'static', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.baseImage).toBe('paas/busybox');
    expect(plan.dockerfile).toContain('COPY src/ /app/www/');
    expect(plan.dockerfile).toContain('httpd -f -v -p \\"${PORT:-5000}\\" -h /app/www');
    expect(planSourceBuild(dir, 'static', settings({ staticImage: 'paas/python:3.11' })).kind).toBe('generated');
  });

  it('Dockerfile builds use the build-dir as context and dockerfile-path inside it', () => {
    write({ 'svc/ops/Dockerfile.prod': 'FROM x' });
    expect(
      planSourceBuild(dir, 'dockerfile', settings({ buildDir: 'svc', dockerfilePath: 'ops/Dockerfile.prod' })),
    ).toEqual({
      kind: 'dockerfile',
      contextDir: path.join(dir, 'svc'),
      dockerfile: 'ops/Dockerfile.prod',
    });
    expect(() => planSourceBuild(dir, 'dockerfile', settings())).toThrow(
      /Dockerfile not found at Dockerfile.*builder-dockerfile:set/,
    );
  });
});

describe('processesFor', () => {
  it('adds web running the image command only when the Procfile has no web', () => {
    expect(processesFor(undefined, true)).toEqual({ web: '' });
    expect(processesFor({ worker: 'w' }, true)).toEqual({ worker: 'w', web: '' });
    expect(processesFor({ web: 'x' }, true)).toEqual({ web: 'x' });
    expect(processesFor({ worker: 'w' }, false)).toEqual({ worker: 'w' });
  });
});

describe('python requirements that refer to the app source', () => {
  it.each([
    ['-e .', true],
    ['./libs/shared', true],
    ['..', true],
    ['-r base.txt', true],
    ['--constraint=c.txt', true],
    ['mypkg @ file:///app/vendor/mypkg', true],
    ['flask==3.0  # web', false],
    ['.hidden-name-is-not-a-path==1', false],
  ])('%s -> %s', (line, want) => {
    expect(requirementsNeedSource(`# header\n${line}\n`)).toBe(want);
  });

  it('installs after copying the source when they do', () => {
    write({ 'requirements.txt': 'flask\n-e .\n' });
    const plan = planSourceBuild(dir, 'python', settings());
    if (plan.kind !== 'generated') throw new Error('expected generated');
    expect(plan.dockerfile).not.toContain('/tmp/paas-requirements.txt');
    expect(plan.dockerfile.indexOf('COPY src/ ./')).toBeLessThan(
      plan.dockerfile.indexOf('pip install --no-cache-dir -r requirements.txt'),
    );
  });
});
