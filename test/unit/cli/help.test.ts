import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../lib/cli/dispatch.js';
import { loadNamespace, namespaces } from '../../../lib/cli/registry.js';
import { capture } from './capture.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-help-'));
});

async function allSpecs() {
  const specs = [];
  for (const ns of Object.keys(namespaces)) specs.push(...((await loadNamespace(ns)) ?? []));
  return specs;
}

describe('help', () => {
  it('every command answers --help with its usage and exit 0, and changes nothing', async () => {
    const specs = await allSpecs();
    expect(specs.length).toBeGreaterThan(100);
    for (const spec of specs) {
      const r = await capture(() => dispatch([spec.name, '--help']));
      expect(r.error, spec.name).toBeUndefined();
      expect(r.result, spec.name).toBe(0);
      // A bare namespace command (`config --help`) shows the namespace's help, as Dokku does.
      const head = spec.name in namespaces ? `${spec.name}\\[:COMMAND\\]` : spec.name;
      expect(r.stdout, spec.name).toMatch(new RegExp(`^Usage: paas ${head}( |\\n)`));
    }
    expect(fs.readdirSync(process.env.PAAS_ROOT!)).toEqual([]);
  }, 60_000);

  it("`paas help` lists buildpacks as Dokku's list does, and `buildpacks:help` keeps the namespace's words", async () => {
    const top = (await capture(() => dispatch([]))).stdout;
    expect(top).toMatch(/^ {4}buildpacks +Manage buildpack settings for an app$/m);
    expect(top).toMatch(/^ {4}apps +Manage apps$/m);
    const own = (await capture(() => dispatch(['buildpacks:help']))).stdout;
    expect(own).toContain('Manage buildpacks settings for an app');
  });

  it('-h works too, and --help after the app for commands that parse all their flags', async () => {
    expect((await capture(() => dispatch(['config:set', '-h']))).stdout).toMatch(/^Usage: paas config:set/);
    expect((await capture(() => dispatch(['config:set', 'my-app', '--help']))).stdout).toMatch(
      /^Usage: paas config:set/,
    );
  });

  it('run APP CMD --help passes --help to the command instead of printing ours', async () => {
    const r = await capture(() => dispatch(['run', 'no-such-app', 'ls', '--help']));
    expect(r.stdout).not.toMatch(/^Usage: paas run/);
  });

  it('help --all lists every command of every namespace', async () => {
    const r = await capture(() => dispatch(['help', '--all']));
    expect(r.result).toBe(0);
    for (const spec of await allSpecs()) expect(r.stdout).toContain(`    ${spec.name} `);
  });

  it('shows flags and examples when a command has them', async () => {
    const r = await capture(() => dispatch(['config:set', '--help']));
    expect(r.stdout).toMatch(/Flags:\n( {4}--\S+\n)* {4}--no-restart\n/);
  });
});

describe('command names index and aliases', () => {
  it('the generated name list holds every command (npm run docs regenerates it)', async () => {
    const { COMMAND_NAMES } = await import('../../../lib/cli/command-names.js');
    for (const spec of await allSpecs()) expect(COMMAND_NAMES, spec.name).toContain(spec.name);
  });
  it('a deprecated spelling runs the new command and names it on stderr', async () => {
    const r = await capture(() => dispatch(['proxy:ports-add', 'no-such-app', 'http:80:5000']));
    expect(r.stderr).toContain("Deprecated: use 'paas ports:add' instead of 'proxy:ports-add'");
    expect(String(r.error)).toMatch(/App no-such-app does not exist/);
    const r2 = await capture(() => dispatch(['ps:restartall']));
    expect(r2.stderr).toContain("use 'paas ps:restart --all'");
  });
  it('the global --force reaches commands that take --force', async () => {
    fs.mkdirSync(path.join(process.env.PAAS_ROOT!, 'apps', 'tc-force'), { recursive: true });
    const r = await capture(() => dispatch(['--force', 'apps:destroy', 'tc-force']));
    expect(r.error).toBeUndefined();
    expect(fs.existsSync(path.join(process.env.PAAS_ROOT!, 'apps', 'tc-force'))).toBe(false);
  });
});
