import { describe, expect, it } from 'vitest';
import { buildCliArgs, buildKitFailure } from '../../../lib/build/buildkit.js';
import { mergeBuildOptions } from '../../../lib/build/docker-build.js';

describe('buildCliArgs', () => {
  it('turns paas build options and docker-options build values into docker build flags, secrets last', () => {
    const options = mergeBuildOptions(
      { t: ['paas/a:build-1', 'paas/a:latest'], dockerfile: 'Dockerfile', labels: { 'paas.app': 'a' }, rm: true },
      { buildargs: { GREETING: 'hi there' }, networkmode: 'host', extrahosts: ['db:10.0.0.2'], nocache: true },
    );
    expect(buildCliArgs(options, [{ id: 'paas-env', src: '/tmp/x/env' }], '/tmp/x/iid')).toEqual([
      'build',
      '--progress=plain',
      '--iidfile',
      '/tmp/x/iid',
      '-t',
      'paas/a:build-1',
      '-t',
      'paas/a:latest',
      '-f',
      'Dockerfile',
      '--label',
      'paas.app=a',
      '--build-arg',
      'GREETING=hi there',
      '--network',
      'host',
      '--add-host',
      'db:10.0.0.2',
      '--no-cache',
      '--secret',
      'id=paas-env,src=/tmp/x/env',
    ]);
  });
});

describe('buildKitFailure', () => {
  it('takes the summary BuildKit ends a failed build with', () => {
    const lines = [
      '#4 [2/2] RUN echo failing on purpose && false',
      '#4 ERROR: executor failed running [/bin/sh -c echo failing on purpose && false]: exit code: 1',
      '------',
      ' > [2/2] RUN echo failing on purpose && false:',
      '------',
      'executor failed running [/bin/sh -c echo failing on purpose && false]: exit code: 1',
    ];
    expect(buildKitFailure(lines)).toBe(
      'executor failed running [/bin/sh -c echo failing on purpose && false]: exit code: 1',
    );
    expect(buildKitFailure(['------', 'error: failed to solve: x', ''])).toBe('failed to solve: x');
    expect(buildKitFailure([])).toBe('docker build failed');
  });
});
