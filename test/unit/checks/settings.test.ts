import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkSettings, processCheckMode } from '../../../lib/checks/settings.js';
import { setCheckMode } from '../../../lib/checks/commands.js';
import { GLOBAL, readProp, writeProp } from '../../../lib/state/props.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-checks-'));
});

describe('checkSettings', () => {
  it('has short defaults', () => {
    expect(checkSettings('a')).toEqual({
      wait: 3,
      timeout: 5,
      attempts: 5,
      waitToRetire: 60,
      watch: 10,
      autoRollback: true,
    });
  });
  it('reads the app value, then the global one, ignoring garbage', () => {
    writeProp('checks', GLOBAL, 'wait-to-retire', '30');
    writeProp('checks', GLOBAL, 'attempts', '7');
    writeProp('checks', 'a', 'attempts', '2');
    writeProp('checks', 'a', 'timeout', 'soon');
    expect(checkSettings('a')).toMatchObject({ wait: 3, timeout: 5, attempts: 2, waitToRetire: 30 });
    expect(checkSettings('b')).toMatchObject({ attempts: 7, waitToRetire: 30 });
  });
  it('reads watch and auto-rollback (true unless set to false)', () => {
    writeProp('checks', GLOBAL, 'watch', '20');
    writeProp('checks', 'a', 'auto-rollback', 'false');
    writeProp('checks', 'b', 'auto-rollback', 'maybe');
    expect(checkSettings('a')).toMatchObject({ watch: 20, autoRollback: false });
    expect(checkSettings('b')).toMatchObject({ watch: 20, autoRollback: true });
  });
});

describe('check modes', () => {
  it('is enabled by default and follows disable/skip/enable', () => {
    expect(processCheckMode('a', 'web')).toBe('enabled');
    setCheckMode('a', 'disabled', undefined);
    expect(readProp('checks', 'a', 'disabled-list')).toBe('_all_');
    expect(processCheckMode('a', 'worker')).toBe('disabled');
    setCheckMode('a', 'skipped', ['web']);
    expect(processCheckMode('a', 'web')).toBe('skipped');
    // "_all_" minus web: expanded over the known process types (web only without a release)
    expect(processCheckMode('a', 'worker')).toBe('enabled');
    setCheckMode('a', 'enabled', undefined);
    expect(processCheckMode('a', 'web')).toBe('enabled');
    expect(readProp('checks', 'a', 'skipped-list', 'unset')).toBe('unset');
  });
  it('keeps lists in the order given and without duplicates (as Dokku reports them back)', () => {
    setCheckMode('a', 'disabled', ['web', 'worker', 'urgentworker', 'notifications']);
    setCheckMode('a', 'skipped', ['urgentworker', 'worker']);
    expect(readProp('checks', 'a', 'disabled-list')).toBe('web,notifications');
    expect(readProp('checks', 'a', 'skipped-list')).toBe('urgentworker,worker');
    setCheckMode('a', 'enabled', undefined);
    setCheckMode('a', 'disabled', ['worker', 'clock']);
    setCheckMode('a', 'disabled', ['worker']);
    expect(readProp('checks', 'a', 'disabled-list')).toBe('worker,clock');
    setCheckMode('a', 'enabled', ['clock']);
    expect(readProp('checks', 'a', 'disabled-list')).toBe('worker');
    expect(processCheckMode('a', 'clock')).toBe('enabled');
  });
});
