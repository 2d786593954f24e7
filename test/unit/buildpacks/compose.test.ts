import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import {
  appBuildpacks,
  composeBuildpacks,
  extraStepsDockerfile,
  extraStepsFor,
  parseAptfile,
} from '../../../lib/build/buildpacks.js';
import { detectBuilder, planSourceBuild } from '../../../lib/build/plan.js';
import { BuilderSettings } from '../../../lib/build/settings.js';
import { writeBuildpacks } from '../../../lib/buildpacks/store.js';

let dir: string;
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
function write(files: Record<string, string>): void {
  for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), c);
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-bp-'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-bp-src-'));
  createApp('a1');
});

const CHROME = 'https://github.com/heroku/heroku-buildpack-google-chrome';
const PY = 'https://github.com/heroku/heroku-buildpack-python.git';

describe('composeBuildpacks', () => {
  it("Cards' chrome then python: python builder with the chrome step", () => {
    expect(composeBuildpacks([CHROME, PY])).toMatchObject({ builder: 'python', extras: ['google-chrome'] });
  });
  it('the last language buildpack picks the builder; extras keep their order, once each', () => {
    const c = composeBuildpacks([
      'https://github.com/heroku/heroku-buildpack-apt',
      'https://github.com/heroku/heroku-buildpack-nodejs',
      'https://github.com/jonathanong/heroku-buildpack-ffmpeg-latest',
      'https://github.com/heroku/heroku-buildpack-apt.git#v3',
      PY,
    ]);
    expect(c).toMatchObject({ builder: 'python', extras: ['apt', 'ffmpeg'] });
    expect(composeBuildpacks(['https://github.com/heroku/heroku-buildpack-apt']).builder).toBeUndefined();
  });
});

describe('appBuildpacks', () => {
  it('BUILDPACK_URL > buildpacks:add list > .buildpacks > app.json', () => {
    const json = { buildpacks: [{ url: 'heroku/nodejs' }] };
    expect(appBuildpacks('a1', dir, {}, undefined)).toBeUndefined();
    expect(appBuildpacks('a1', dir, {}, json)).toEqual({
      urls: ['https://github.com/heroku/heroku-buildpack-nodejs.git'],
      source: 'app.json',
    });
    write({ '.buildpacks': `${CHROME}\n# comment\n\nheroku/python\n` });
    expect(appBuildpacks('a1', dir, {}, json)).toEqual({ urls: [CHROME, PY], source: '.buildpacks' });
    writeBuildpacks('a1', ['https://github.com/heroku/heroku-buildpack-php']);
    expect(appBuildpacks('a1', dir, {}, json)?.source).toBe('buildpacks:list a1');
    expect(appBuildpacks('a1', dir, { BUILDPACK_URL: 'heroku/nodejs' }, json)?.source).toBe('BUILDPACK_URL');
  });
  it('an unknown buildpack in .buildpacks fails the build with its line', () => {
    write({ '.buildpacks': 'https://github.com/heroku/heroku-buildpack-ruby\n' });
    expect(() => appBuildpacks('a1', dir, {}, undefined)).toThrow(/\.buildpacks file, line 1: Unsupported buildpack/);
  });
});

describe('Aptfile', () => {
  it('reads package names, comments and several a line', () => {
    expect(parseAptfile('# audio\nlibopus-dev libffi-dev\nlibnacl-dev # crypto\n\nlibopus-dev\n')).toEqual([
      'libopus-dev',
      'libffi-dev',
      'libnacl-dev',
    ]);
  });
  it('refuses URLs, :repo: lines and anything a shell could misread', () => {
    for (const bad of ['https://x/y.deb', ':repo:deb http://x stable main', 'figlet;id', '$(id)', 'Figlet'])
      expect(() => parseAptfile(bad), bad).toThrow(/Aptfile line 1/);
  });
});

describe('extra steps in the generated Dockerfiles', () => {
  it('apt, chrome and ffmpeg are layers of their own before the source is copied', () => {
    write({ 'requirements.txt': 'flask\n', Aptfile: 'figlet\n', 'app.py': '' });
    const extra = extraStepsFor(dir, ['apt', 'google-chrome', 'ffmpeg']);
    expect(extra.notes.join()).toMatch(/installing figlet/);
    const plan = planSourceBuild(dir, 'python', settings(), extra.dockerfile);
    if (plan.kind !== 'generated') throw new Error('generated plan expected');
    const df = plan.dockerfile;
    const at = (s: string) => df.indexOf(s);
    expect(at('install -y -q --no-install-recommends figlet')).toBeGreaterThan(at('FROM paas/python'));
    expect(at('chromium fonts-liberation')).toBeGreaterThan(at('figlet'));
    expect(at('--no-install-recommends ffmpeg')).toBeGreaterThan(at('chromium'));
    expect(at('COPY src/ ./')).toBeGreaterThan(at('ffmpeg'));
    expect(df).toContain('ENV GOOGLE_CHROME_BIN=/usr/bin/chromium GOOGLE_CHROME_SHIM=/usr/local/bin/google-chrome');
  });
  it('a code-only change leaves the apt step text identical (its layer is reused)', () => {
    write({ Aptfile: 'figlet\n', 'index.html': 'a' });
    const a = extraStepsFor(dir, ['apt']).dockerfile;
    write({ 'index.html': 'b' });
    expect(extraStepsFor(dir, ['apt']).dockerfile).toBe(a);
    expect(extraStepsDockerfile(['apt'], [])).toBe('');
  });
  it('a static site with extra steps moves to Debian with busybox httpd', () => {
    const plan = planSourceBuild(dir, 'static', settings(), extraStepsDockerfile(['ffmpeg'], []));
    if (plan.kind !== 'generated') throw new Error('generated plan expected');
    expect(plan.baseImage).toBe('paas/debian:bookworm');
    expect(plan.dockerfile).toMatch(/install .*busybox/);
    const plain = planSourceBuild(dir, 'static', settings());
    expect(plain.kind === 'generated' && plain.baseImage).toBe('paas/busybox');
  });
});

describe('php and jekyll builders', () => {
  it('index.php or composer.json selects php after python and node, before index.html', () => {
    write({ 'index.php': '<?php echo 1;', 'index.html': '' });
    expect(detectBuilder(dir, settings())).toEqual({ builder: 'php', reason: 'index.php found' });
    write({ 'requirements.txt': '' });
    expect(detectBuilder(dir, settings()).builder).toBe('python');
  });
  it('php serves the app with PHP on $PORT, composer only with a lockfile', () => {
    write({ 'index.php': '' });
    const plan = planSourceBuild(dir, 'php', settings());
    if (plan.kind !== 'generated') throw new Error('generated plan expected');
    expect(plan.dockerfile).toContain('php8.2-cli');
    expect(plan.dockerfile).toContain('php -S "0.0.0.0:${PORT:-5000}"');
    expect(plan.dockerfile).not.toContain('composer install');
    write({ 'composer.json': '{}', 'composer.lock': '{}' });
    const withLock = planSourceBuild(dir, 'php', settings());
    expect(withLock.kind === 'generated' && withLock.dockerfile).toContain('composer install');
  });
  it('jekyll builds _site in a stage of its own and serves it like a static site', () => {
    const plan = planSourceBuild(dir, 'jekyll', settings());
    if (plan.kind !== 'generated') throw new Error('generated plan expected');
    expect(plan.builder).toBe('jekyll');
    expect(plan.dockerfile).toMatch(/FROM paas\/debian:bookworm AS site\n.*install .*jekyll/);
    expect(plan.dockerfile).toContain('COPY --from=site /tmp/_site/ /app/www/');
    expect(plan.baseImage).toBe('paas/busybox');
  });
  it('with buildpacks set, a Dockerfile is not detected (Dokku builds with the buildpacks)', () => {
    write({ Dockerfile: 'FROM x', 'index.html': '' });
    expect(detectBuilder(dir, settings(), false).builder).toBe('static');
  });
});
