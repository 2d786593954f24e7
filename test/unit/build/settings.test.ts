import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commands as builderCommands } from '../../../lib/build/commands.js';
import { commands as dockerfileCommands } from '../../../lib/build/dockerfile-commands.js';
import { readBuildResult } from '../../../lib/build/build.js';
import { checkBuilderSettings, readBuilderSettings, validateBuilderProp } from '../../../lib/build/settings.js';
import { parseArgs } from '../../../lib/cli/command.js';
import { paths } from '../../../lib/state/paths.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';

async function run(name: string, argv: string[]): Promise<string> {
  const spec = [...builderCommands, ...dockerfileCommands].find((c) => c.name === name)!;
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await spec.run(parseArgs(spec, argv));
    return outSpy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-builder-'));
  fs.mkdirSync(paths.appDir('tc-a'), { recursive: true });
});

describe('validateBuilderProp', () => {
  it('accepts the builders and refuses others', () => {
    expect(validateBuilderProp('selected', 'python')).toBe('python');
    expect(() => validateBuilderProp('selected', 'herokuish')).toThrow(
      /use one of dockerfile, image, node, python, static/,
    );
  });
  it('keeps paths inside the repository', () => {
    expect(validateBuilderProp('build-dir', 'apps/web/')).toBe('apps/web');
    expect(() => validateBuilderProp('build-dir', '/etc')).toThrow(/relative/);
    expect(() => validateBuilderProp('dockerfile-path', 'a/../../x')).toThrow(/".." is not allowed/);
    expect(() => validateBuilderProp('procfile-path', 'Proc file')).toThrow(/letters, digits/);
  });
  it('accepts image references only', () => {
    expect(validateBuilderProp('node-image', 'paas/node:18')).toBe('paas/node:18');
    expect(validateBuilderProp('python-image', 'localhost:5000/py/thon:3.12-slim')).toBe(
      'localhost:5000/py/thon:3.12-slim',
    );
    expect(() => validateBuilderProp('node-image', 'paas/node:18\nRUN evil')).toThrow(/Invalid node-image/);
    expect(() => validateBuilderProp('static-image', 'UPPER/case')).toThrow(/Invalid static-image/);
  });
});

describe('builder:set and builder:report', () => {
  it('stores app and global values; the app value wins; an empty value clears', async () => {
    await run('builder:set', ['--global', 'selected', 'static']);
    expect(readBuilderSettings('tc-a').selected).toBe('static');
    await run('builder:set', ['tc-a', 'selected', 'dockerfile']);
    expect(readBuilderSettings('tc-a').selected).toBe('dockerfile');
    expect(await run('builder:report', ['tc-a', '--builder-computed-selected'])).toBe('dockerfile\n');
    expect(await run('builder:report', ['tc-a', '--builder-global-selected'])).toBe('static\n');
    await run('builder:set', ['tc-a', 'selected']);
    expect(await run('builder:report', ['tc-a', '--builder-computed-selected'])).toBe('static\n');
    const json = JSON.parse(await run('builder:report', ['tc-a', '--format', 'json']));
    expect(json['builder-selected']).toBe('');
    expect(json['builder-computed-node-image']).toBe('paas/node:20');
    expect(json['builder-computed-static-image']).toBe('paas/busybox');
  });

  it('the computed node image follows the pushed source', async () => {
    fs.mkdirSync(path.join(paths.buildDir('tc-a'), 'src'), { recursive: true });
    fs.writeFileSync(path.join(paths.buildDir('tc-a'), 'src/package.json'), '{"engines":{"node":"18.x"}}');
    expect(await run('builder:report', ['tc-a', '--builder-computed-node-image'])).toBe('paas/node:18\n');
    writeProp('builder', GLOBAL, 'node-image', 'paas/node:custom');
    expect(await run('builder:report', ['tc-a', '--builder-computed-node-image'])).toBe('paas/node:custom\n');
  });

  it('--global reports the global values and what an app without its own gets (Dokku builder.bats)', async () => {
    await run('builder:set', ['--global', 'selected', 'dockerfile']);
    const json = JSON.parse(await run('builder:report', ['--global', '--format', 'json']));
    expect(json['builder-global-selected']).toBe('dockerfile');
    expect(json['global-selected']).toBe('dockerfile');
    expect(json['computed-skip-cleanup']).toBe('false');
    expect('builder-selected' in json).toBe(false);
    expect('selected' in json).toBe(false);
    expect(await run('builder:report', ['--global', '--builder-global-selected'])).toBe('dockerfile\n');
    await expect(run('builder:report', ['--global', 'tc-a'])).rejects.toThrow(/Unexpected argument/);
  });

  it('skip-cleanup is true or false; the app value wins over the global one', async () => {
    expect(readBuilderSettings('tc-a').skipCleanup).toBe(false);
    await run('builder:set', ['--global', 'skip-cleanup', 'true']);
    expect(readBuilderSettings('tc-a').skipCleanup).toBe(true);
    await run('builder:set', ['tc-a', 'skip-cleanup', 'false']);
    expect(readBuilderSettings('tc-a').skipCleanup).toBe(false);
    expect(await run('builder:report', ['tc-a', '--builder-computed-skip-cleanup'])).toBe('false\n');
    await expect(run('builder:set', ['tc-a', 'skip-cleanup', 'yes'])).rejects.toThrow(/use true or false/);
    expect(await run('builder:report', ['tc-a', '--builder-skip-cleanup'])).toBe('false\n');
  });

  it('bad input changes nothing on disk', async () => {
    await expect(run('builder:set', ['tc-a', 'selected', 'herokuish'])).rejects.toThrow(/Invalid builder/);
    await expect(run('builder:set', ['tc-a', 'colour', 'red'])).rejects.toThrow(/Invalid builder property "colour"/);
    await expect(run('builder:set', ['tc-nope', 'selected', 'node'])).rejects.toThrow(/App tc-nope does not exist/);
    await expect(run('builder:set', ['tc-a', 'build-dir', '../up'])).rejects.toThrow(/not allowed/);
    expect(fs.existsSync(paths.propsNamespace('builder'))).toBe(false);
  });

  it('builder-dockerfile:set stores dockerfile-path and the settings use it', async () => {
    expect(readBuilderSettings('tc-a').dockerfilePath).toBe('Dockerfile');
    await run('builder-dockerfile:set', ['tc-a', 'dockerfile-path', 'docker/Dockerfile.web']);
    expect(readBuilderSettings('tc-a').dockerfilePath).toBe('docker/Dockerfile.web');
    const json = JSON.parse(await run('builder-dockerfile:report', ['tc-a', '--format', 'json']));
    // Dokku's JSON: the prefixed keys and the same without the report's prefix.
    expect(json).toEqual({
      'builder-dockerfile-computed-dockerfile-path': 'docker/Dockerfile.web',
      'builder-dockerfile-global-dockerfile-path': '',
      'builder-dockerfile-dockerfile-path': 'docker/Dockerfile.web',
      'computed-dockerfile-path': 'docker/Dockerfile.web',
      'global-dockerfile-path': '',
      'dockerfile-path': 'docker/Dockerfile.web',
    });
    await expect(run('builder-dockerfile:set', ['tc-a', 'dockerfile-path', '/abs'])).rejects.toThrow(/relative/);
  });

  it('builder-dockerfile:report --global (Dokku builder-dockerfile.bats)', async () => {
    expect(JSON.parse(await run('builder-dockerfile:report', ['--global', '--format', 'json']))).toEqual({
      'builder-dockerfile-computed-dockerfile-path': 'Dockerfile',
      'builder-dockerfile-global-dockerfile-path': '',
      'computed-dockerfile-path': 'Dockerfile',
      'global-dockerfile-path': '',
    });
    await run('builder-dockerfile:set', ['--global', 'dockerfile-path', 'Dockerfile.custom']);
    expect(await run('builder-dockerfile:report', ['--global', '--builder-dockerfile-global-dockerfile-path'])).toBe(
      'Dockerfile.custom\n',
    );
  });

  it('procfile-path: builder:set wins over ps:set', () => {
    writeProp('ps', 'tc-a', 'procfile-path', 'deploy/Procfile');
    expect(readBuilderSettings('tc-a').procfilePath).toBe('deploy/Procfile');
    writeProp('builder', 'tc-a', 'procfile-path', 'Procfile.paas');
    expect(readBuilderSettings('tc-a').procfilePath).toBe('Procfile.paas');
  });
});

describe('readBuildResult', () => {
  it('is undefined before the first build and refuses a corrupt file', () => {
    expect(readBuildResult('tc-a')).toBeUndefined();
    fs.mkdirSync(paths.buildDir('tc-a'), { recursive: true });
    fs.writeFileSync(path.join(paths.buildDir('tc-a'), 'build.json'), '{"image":');
    expect(() => readBuildResult('tc-a')).toThrow(/corrupt/);
  });
});

describe('checkBuilderSettings', () => {
  it('refuses a hand-edited property that escapes the source tree', () => {
    writeProp('builder', 'tc-a', 'build-dir', '../../etc');
    expect(() => checkBuilderSettings(readBuilderSettings('tc-a'))).toThrow(/Stored build-dir is invalid/);
    writeProp('builder', 'tc-a', 'build-dir', 'web');
    expect(checkBuilderSettings(readBuilderSettings('tc-a')).buildDir).toBe('web');
  });
});
