import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rawPsSetting, restartPolicySetting, setPsProp, stopTimeoutSetting } from '../../../lib/ps/store.js';
import { appRestartPolicy, appStopTimeout } from '../../../lib/deploy/container-spec.js';
import { GLOBAL } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-ps-store-'));
});

describe('ps:set settings: app, else --global, else the default', () => {
  it('restart-policy', () => {
    expect(restartPolicySetting('shop')).toBe('');
    expect(appRestartPolicy('shop')).toEqual({ Name: 'unless-stopped' });
    setPsProp(GLOBAL, 'restart-policy', 'always');
    expect(appRestartPolicy('shop')).toEqual({ Name: 'always' });
    expect(rawPsSetting('shop', 'restart-policy')).toBe('');
    expect(rawPsSetting(GLOBAL, 'restart-policy')).toBe('always');
    setPsProp('shop', 'restart-policy', 'no');
    expect(appRestartPolicy('shop')).toEqual({ Name: 'no' });
    setPsProp(GLOBAL, 'restart-policy', '');
    setPsProp('shop', 'restart-policy', '');
    expect(appRestartPolicy('shop')).toEqual({ Name: 'unless-stopped' });
  });
  it('stop-timeout-seconds', () => {
    setPsProp(GLOBAL, 'stop-timeout-seconds', '30');
    expect(stopTimeoutSetting('shop')).toBe('30');
    expect(appStopTimeout('shop')).toBe(30);
    setPsProp('shop', 'stop-timeout-seconds', '4');
    expect(appStopTimeout('shop')).toBe(4);
    expect(rawPsSetting(GLOBAL, 'stop-timeout-seconds')).toBe('30');
  });
});
