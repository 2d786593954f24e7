import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../lib/apps/create.js';
import { listBuilds, readCurrent } from '../../../lib/builds/store.js';
import { isTracking, Tee, trackBuild } from '../../../lib/builds/track.js';
import { PaasError } from '../../../lib/core/errors.js';
import { paths } from '../../../lib/state/paths.js';
import { capture } from '../cli/capture.js';

const APP = 'bld-track';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-track-'));
  createApp(APP);
});

describe('trackBuild', () => {
  it('records a running run with this pid and the current pointer, then succeeded with the output as its log', async () => {
    const r = await capture(() =>
      trackBuild(APP, 'ps:rebuild', async () => {
        const [b] = listBuilds(APP);
        expect(b).toMatchObject({ status: 'running', pid: process.pid, kind: 'build', source: 'ps:rebuild' });
        expect(readCurrent(APP)).toBe(b.id);
        expect(isTracking(APP)).toBe(true);
        process.stderr.write('-----> Building\n');
        process.stdout.write('data line\n');
        return 42;
      }),
    );
    expect(r.result).toBe(42);
    const [b] = listBuilds(APP);
    expect(b).toMatchObject({ status: 'succeeded', exit_code: 0 });
    expect(b.finished_at).toBeDefined();
    expect(readCurrent(APP)).toBeUndefined();
    expect(isTracking(APP)).toBe(false);
    const log = paths.buildLog(APP, b.id);
    expect(fs.readFileSync(log, 'utf8')).toBe('-----> Building\ndata line\n');
    expect(fs.statSync(log).mode & 0o777).toBe(0o600);
    // the copy stops with the run
    expect(r.stderr).toContain('-----> Building');
  });

  it("records a failed run with the error's exit code and message in the log, and rethrows", async () => {
    const r = await capture(() =>
      trackBuild(APP, 'ps:restart', async () => {
        throw new PaasError('checks failed', 75);
      }),
    );
    expect((r.error as Error).message).toBe('checks failed');
    const [b] = listBuilds(APP);
    expect(b).toMatchObject({ status: 'failed', exit_code: 75, kind: 'deploy', source: 'ps:restart' });
    expect(fs.readFileSync(paths.buildLog(APP, b.id), 'utf8')).toContain(' !     checks failed');
  });

  it('a run inside a tracked run of the same app is part of it (one record)', async () => {
    await capture(() => trackBuild(APP, 'git-hook', () => trackBuild(APP, 'ps:rebuild', async () => 1)));
    expect(listBuilds(APP).map((b) => b.source)).toEqual(['git-hook']);
  });

  it('a Tee started before the record keeps what was printed before it (the receive of a push)', async () => {
    const r = await capture(async () => {
      const tee = new Tee();
      process.stderr.write('-----> Receiving\n');
      await trackBuild(APP, 'git-hook', async () => void process.stderr.write('-----> Building\n'), tee);
    });
    expect(r.error).toBeUndefined();
    const [b] = listBuilds(APP);
    expect(fs.readFileSync(paths.buildLog(APP, b.id), 'utf8')).toBe('-----> Receiving\n-----> Building\n');
  });

  it('applies retention when a run finishes', async () => {
    fs.mkdirSync(paths.prop('builds', APP, 'x').replace(/\/x$/, ''), { recursive: true });
    fs.writeFileSync(paths.prop('builds', APP, 'retention'), '2\n');
    for (let i = 0; i < 4; i++) await capture(() => trackBuild(APP, 'git-hook', async () => 0));
    expect(listBuilds(APP)).toHaveLength(2);
    expect(fs.readdirSync(paths.buildRecordsDir(APP)).filter((f) => f.endsWith('.log'))).toHaveLength(2);
  });
});
