import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isProxyEnabled, setProxyEnabled } from '../../../lib/proxy/store.js';
import { paths } from '../../../lib/state/paths.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-proxy-'));
});

describe('proxy switch', () => {
  it('is enabled by default and stored as proxy/APP/disabled', () => {
    expect(isProxyEnabled('te-a')).toBe(true);
    setProxyEnabled('te-a', false);
    expect(isProxyEnabled('te-a')).toBe(false);
    expect(fs.readFileSync(paths.prop('proxy', 'te-a', 'disabled'), 'utf8')).toBe('true\n');
    expect(isProxyEnabled('te-b')).toBe(true);
    setProxyEnabled('te-a', true);
    expect(isProxyEnabled('te-a')).toBe(true);
    expect(fs.existsSync(paths.prop('proxy', 'te-a', 'disabled'))).toBe(false);
  });
});
