import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { columns, commands, listFilters, selectForList } from '../../../lib/builds/commands.js';
import { BuildRecord, readBuild, readCurrent, writeBuild, writeCurrent } from '../../../lib/builds/store.js';
import { paths } from '../../../lib/state/paths.js';
import { capture, runCommand } from '../cli/capture.js';
import { parseArgs } from '../../../lib/cli/command.js';

const APP = 'bld-cmd';
const run = (name: string, ...argv: string[]) => runCommand(commands, name, ...argv);
/** stdout and stderr of a command, for the ones that talk on stderr (Dokku's LogInfo1). */
async function talk(name: string, ...argv: string[]) {
  const spec = commands.find((c) => c.name === name)!;
  return capture(() => spec.run(parseArgs(spec, argv)));
}

function rec(id: string, over: Partial<BuildRecord> = {}): BuildRecord {
  const now = new Date().toISOString();
  return {
    id,
    app: APP,
    kind: 'build',
    pid: 99999,
    started_at: now,
    finished_at: now,
    status: 'succeeded',
    source: 'git-hook',
    exit_code: 0,
    ...over,
  };
}
const running = (id: string, pid: number): BuildRecord =>
  rec(id, { status: 'running', pid, finished_at: undefined, exit_code: undefined });

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-bcmd-'));
  createApp(APP);
});

describe('builds:list', () => {
  it('says so when nothing ran', async () => {
    expect(await run('builds:list', APP)).toBe('No builds recorded for this app\n');
  });

  it('lists records with the abandoned status computed, and filters by kind', async () => {
    writeBuild(rec('b1'));
    writeBuild(rec('d1', { kind: 'deploy', source: 'ps:restart' }));
    writeBuild(running('ghost001', 99999999));
    const all = await run('builds:list', APP);
    expect(all.split('\n')[0]).toMatch(/^Build ID\s+Kind\s+Status\s+PID\s+Source\s+Started\s+Duration$/);
    expect(all).toMatch(/ghost001\s+build\s+abandoned/);
    const builds = await run('builds:list', APP, '--kind', 'build');
    expect(builds).toContain('b1');
    expect(builds).not.toContain('d1');
    const deploys = JSON.parse(await run('builds:list', APP, '--kind=deploy', '--format', 'json'));
    expect(deploys.map((v: { id: string }) => v.id)).toEqual(['d1']);
    expect(deploys[0]).toMatchObject({ display_status: 'succeeded', log_path: paths.buildLog(APP, 'd1') });
  });

  it('refuses a bad --kind, --status or --format', async () => {
    await expect(run('builds:list', APP, '--kind=garbage')).rejects.toThrow(/Invalid --kind value "garbage"/);
    expect(() => listFilters({ status: 'weird' })).toThrow(/Invalid --status/);
    await expect(run('builds:list', APP, '--format', 'xml')).rejects.toThrow(/Invalid format specified/);
  });

  it('shows live runs first and caps the rest at the retention', () => {
    const t = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const builds = [
      rec('new', { started_at: t(1) }),
      rec('old', { started_at: t(9) }),
      { ...running('live', 1), started_at: t(20) },
    ];
    const alive = (pid: number) => pid === 1;
    expect(selectForList(builds, {}, 1, alive).map((b) => b.id)).toEqual(['live', 'new']);
    expect(selectForList(builds, { kind: 'build' }, 1, alive)).toHaveLength(3);
  });

  it('with no app lists the running builds of every app', async () => {
    expect(await run('builds:list')).toBe('No builds currently running\n');
    writeBuild(running('now1', process.pid));
    expect(await run('builds:list')).toMatch(/^App\s+Build ID.*\nbld-cmd\s+now1\s+build/);
  });
});

describe('builds:info and builds:output', () => {
  it('fails for a missing build id', async () => {
    await expect(run('builds:info', APP, 'nonexistent')).rejects.toThrow(
      `No build record found for ${APP}/nonexistent`,
    );
    await expect(run('builds:info', APP, '../../x')).rejects.toThrow(/Invalid build id/);
  });

  it("prints the fields, or Dokku's compact JSON", async () => {
    writeBuild(rec('info001', { pid: 1234 }));
    const text = await run('builds:info', APP, 'info001');
    expect(text).toMatch(/^Build ID:\s+info001$/m);
    expect(text).toMatch(/^Status:\s+succeeded$/m);
    expect(text).toMatch(/^Exit Code:\s+0$/m);
    expect(text).toMatch(new RegExp(`^Log:\\s+${paths.buildLog(APP, 'info001')}$`, 'm'));
    const json = await run('builds:info', APP, 'info001', '--format', 'json');
    expect(json).toContain('"id":"info001"');
    expect(json).toContain('"log_path":');
  });

  it('prints the log of a finished build; current when nothing runs says so', async () => {
    writeBuild(rec('out001'));
    fs.writeFileSync(paths.buildLog(APP, 'out001'), 'build log line\n');
    expect(await run('builds:output', APP, 'out001')).toBe('build log line\n');
    expect((await talk('builds:output', APP, 'current')).stderr).toContain('App not currently deploying');
    await expect(run('builds:output', APP, 'gone')).rejects.toThrow(/No build output/);
  });
});

describe('builds:cancel', () => {
  it('is a no-op with a message when nothing deploys', async () => {
    const r = await talk('builds:cancel', APP);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('-----> App not currently deploying\n');
  });

  it('leaves a finished record alone', async () => {
    writeBuild(rec('done01'));
    writeCurrent(APP, 'done01');
    const r = await talk('builds:cancel', APP);
    expect(r.stderr).toContain('Build done01 is no longer running (status=succeeded); leaving record untouched');
    expect(readBuild(APP, 'done01')?.status).toBe('succeeded');
  });

  it('marks an abandoned record failed and clears the pointer', async () => {
    writeBuild(running('abnd01', 99999999));
    writeCurrent(APP, 'abnd01');
    const r = await talk('builds:cancel', APP);
    expect(r.stderr).toContain('Build was already terminated, marking failed');
    expect(readBuild(APP, 'abnd01')).toMatchObject({ status: 'failed', exit_code: -1 });
    expect(readCurrent(APP)).toBeUndefined();
  });

  it('kills the process of a live run and marks it canceled', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    writeBuild(running('live01', child.pid!));
    writeCurrent(APP, 'live01');
    const r = await talk('builds:cancel', APP);
    expect(r.stderr).toContain('Killing app deploy');
    expect(await exited).toBe('SIGTERM');
    expect(readBuild(APP, 'live01')).toMatchObject({ status: 'canceled', exit_code: -1 });
    expect(readCurrent(APP)).toBeUndefined();
  });

  it('removes a pointer to a record that does not exist', async () => {
    writeCurrent(APP, 'nothere');
    const r = await talk('builds:cancel', APP);
    expect(r.stderr).toContain('No build record for nothere, removing stale lock file');
    expect(readCurrent(APP)).toBeUndefined();
  });
});

describe('builds:set and builds:report', () => {
  it('sets, clears and refuses retention; --global too', async () => {
    await run('builds:set', APP, 'retention', '5');
    expect(await run('builds:report', APP, '--builds-retention')).toBe('5\n');
    await run('builds:set', APP, 'retention');
    expect(await run('builds:report', APP, '--builds-retention')).toBe('\n');
    await expect(run('builds:set', APP, 'retention', '0')).rejects.toThrow(/must be >= 1/);
    await expect(run('builds:set', APP, 'retention', 'abc')).rejects.toThrow(/positive integer/);
    await expect(run('builds:set', APP, 'keep', '3')).rejects.toThrow(
      /Invalid builds property "keep" \(use retention\)/,
    );
    expect(fs.existsSync(paths.prop('builds', APP, 'retention'))).toBe(false);
    await run('builds:set', '--global', 'retention', '7');
    expect(await run('builds:report', APP, '--builds-computed-retention')).toBe('7\n');
    expect(await run('builds:report', '--global', '--builds-global-retention')).toBe('7\n');
  });

  it('emits the prefixed and the stripped JSON keys, and the newest build', async () => {
    writeBuild(rec('r1', { started_at: '2026-01-01T00:00:00.000Z' }));
    writeBuild(rec('r2', { started_at: '2026-01-02T00:00:00.000Z', kind: 'deploy', source: 'ps:restart' }));
    const j = JSON.parse(await run('builds:report', APP, '--format', 'json'));
    for (const k of ['retention', 'global-retention', 'computed-retention']) expect(j[k]).toBe(j[`builds-${k}`]);
    expect(j).toMatchObject({
      'build-id': 'r2',
      'build-kind': 'deploy',
      'build-source': 'ps:restart',
      'build-started-at': '2026-01-02T00:00:00Z',
      'computed-retention': '20',
      retention: '',
    });
  });
});

describe('columns', () => {
  it('pads every column but the last, two spaces apart', () => {
    expect(
      columns([
        ['a', 'bb', 'c'],
        ['ddd', 'e', 'f'],
      ]),
    ).toEqual(['a    bb  c', 'ddd  e   f']);
  });
});
