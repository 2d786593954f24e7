import { describe, expect, it } from 'vitest';
import { printReport } from '../../../lib/cli/report.js';
import { capture } from './capture.js';

const rows = [
  { key: 'app-dir', value: '/var/lib/paas/apps/a' },
  { key: 'app-locked', value: 'false' },
  { key: 'app-deploy-source-metadata', value: '' },
  { key: 'x', value: 'v', label: 'Custom label' },
];

describe('printReport', () => {
  it("prints Dokku's layout: heading, labels aligned after the longest, empty values trimmed", async () => {
    const r = await capture(() => printReport('a app information', rows, { 'app-dir': false, 'app-locked': false }));
    expect(r.stdout).toBe(
      [
        '=====> a app information',
        '       App dir:                    /var/lib/paas/apps/a',
        '       App locked:                 false',
        '       App deploy source metadata:',
        '       Custom label:               v',
        '',
      ].join('\n'),
    );
  });
  it('prints JSON keyed by flag name', async () => {
    const r = await capture(() => printReport('t', rows, { format: 'json' }));
    expect(JSON.parse(r.stdout)).toEqual({
      'app-dir': '/var/lib/paas/apps/a',
      'app-locked': 'false',
      'app-deploy-source-metadata': '',
      x: 'v',
    });
  });
  it('prints one value for one info flag', async () => {
    expect((await capture(() => printReport('t', rows, { 'app-locked': true, 'app-dir': false }))).stdout).toBe(
      'false\n',
    );
  });
  it('refuses two info flags, unknown flags and unknown formats', async () => {
    expect((await capture(() => printReport('t', rows, { 'app-locked': true, 'app-dir': true }))).error).toMatchObject({
      message: 'Only one info flag can be given at a time',
      exitCode: 64,
    });
    expect(String((await capture(() => printReport('t', rows, { nope: true }))).error)).toMatch(
      /Invalid flag passed, valid flags: --app-dir/,
    );
    expect(String((await capture(() => printReport('t', rows, { format: 'yaml' }))).error)).toMatch(
      /Invalid --format value "yaml"/,
    );
  });
});
