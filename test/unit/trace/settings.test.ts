import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { setTrace, traceEnabled } from '../../../lib/trace/settings.js';

beforeEach(() => {
  process.env.PAAS_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-trace-'));
});

describe('trace mode', () => {
  it('is off until trace:on, and off again after trace:off', () => {
    expect(traceEnabled()).toBe(false);
    setTrace(true);
    expect(traceEnabled()).toBe(true);
    setTrace(false);
    expect(traceEnabled()).toBe(false);
  });
  it('is off when the state root cannot be read', () => {
    process.env.PAAS_ROOT = '/nonexistent/paas-trace-root';
    expect(traceEnabled()).toBe(false);
  });
});
