import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearWatchRecord,
  followWatch,
  readWatchRecord,
  recordWatch,
  watchesAfterRouting,
} from '../../../lib/deploy/watch.js';
import { setLive, setStoppedDeploy } from '../../../lib/ps/store.js';
import { GLOBAL, writeProp } from '../../../lib/state/props.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-watch-'));
  fs.mkdirSync(paths.appDir('w'), { recursive: true });
});

describe('watch after routing', () => {
  it('defers the uptime window only with an earlier deploy, a watch, auto-rollback and old containers kept', () => {
    expect(watchesAfterRouting('w', undefined)).toBe(false);
    expect(watchesAfterRouting('w', 'd1')).toBe(true);
    writeProp('checks', 'w', 'auto-rollback', 'false');
    expect(watchesAfterRouting('w', 'd1')).toBe(false);
    writeProp('checks', 'w', 'auto-rollback', 'true');
    writeProp('checks', GLOBAL, 'watch', '0');
    expect(watchesAfterRouting('w', 'd1')).toBe(false);
    writeProp('checks', GLOBAL, 'watch', '5');
    writeProp('checks', 'w', 'wait-to-retire', '0');
    expect(watchesAfterRouting('w', 'd1')).toBe(false);
  });

  it('records what to watch, never longer than the old containers are kept', () => {
    writeProp('checks', 'w', 'watch', '30');
    writeProp('checks', 'w', 'wait-to-retire', '8');
    const before = Date.now();
    recordWatch('w', { deploy: 'd2', release: 2, previousDeploy: 'd1', previousRelease: 1 });
    const rec = readWatchRecord('w')!;
    expect(rec).toMatchObject({ app: 'w', deploy: 'd2', release: 2, previousDeploy: 'd1', previousRelease: 1 });
    expect(rec.until - before).toBeGreaterThanOrEqual(8000);
    expect(rec.until - before).toBeLessThan(9000);
    clearWatchRecord('w');
    expect(readWatchRecord('w')).toBeUndefined();
  });

  it('a watch of 0 records nothing and ignores an unreadable record', () => {
    writeProp('checks', 'w', 'watch', '0');
    recordWatch('w', { deploy: 'd2', release: 2 });
    expect(readWatchRecord('w')).toBeUndefined();
    fs.writeFileSync(paths.watchRecord('w'), 'not json');
    expect(readWatchRecord('w')).toBeUndefined();
  });

  it('ps:stop during the watch is not a failure: the watch ends and nothing is rolled back', async () => {
    writeProp('checks', 'w', 'watch', '30');
    setLive('w', 2, 'd2');
    recordWatch('w', { deploy: 'd2', release: 2, previousDeploy: 'd1', previousRelease: 1 });
    setStoppedDeploy('w', 'd2');
    expect(await followWatch('w')).toBe('superseded');
    expect(readWatchRecord('w')).toBeUndefined();
  });
});
