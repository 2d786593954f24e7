import { describe, expect, it } from 'vitest';
import {
  debianMirror,
  nodeImageTag,
  npmSpecFor,
  pickNodeRelease,
  pythonImageDockerfile,
  runtimeSatisfies,
} from '../../../lib/build/runtime-images.js';

const versions = ['0.10.48', '14.21.3', '16.13.2', '16.20.1', '16.20.2', '18.20.8', '20.19.5', '22.0.0-rc.1', '22.1.0'];

describe('pickNodeRelease', () => {
  it('takes the newest release of the major that the range allows', () => {
    expect(pickNodeRelease(versions, 16, '16.x')).toEqual({ version: '16.20.2', newestOfMajor: true });
    expect(pickNodeRelease(versions, 16, undefined)).toEqual({ version: '16.20.2', newestOfMajor: true });
    expect(pickNodeRelease(versions, 20, '>=18')).toEqual({ version: '20.19.5', newestOfMajor: true });
    expect(pickNodeRelease(versions, 22, '22')).toEqual({ version: '22.1.0', newestOfMajor: true });
  });
  it('an older pin inside a major gets its own exact tag', () => {
    const pick = pickNodeRelease(versions, 16, '16.13.x')!;
    expect(pick).toEqual({ version: '16.13.2', newestOfMajor: false });
    expect(nodeImageTag(pick)).toBe('paas/node:16.13.2');
    expect(nodeImageTag({ version: '16.20.2', newestOfMajor: true })).toBe('paas/node:16');
  });
  it('gives undefined for a major that was never published (3.x, 99)', () => {
    expect(pickNodeRelease(versions, 3, '3.x')).toBeUndefined();
    expect(pickNodeRelease(versions, 99, '99')).toBeUndefined();
    expect(pickNodeRelease(versions, 16, '16.99')).toBeUndefined();
  });
});

describe('npmSpecFor: the npm major each Node major shipped with', () => {
  it.each([
    ['12.22.12', 'npm@^6'],
    ['14.21.3', 'npm@^6'],
    ['16.20.2', 'npm@^8'],
    ['18.20.8', 'npm@^10'],
    ['20.19.5', 'npm@^10'],
    ['24.1.0', 'npm@^11'],
    ['26.12.1', 'npm@^11'],
  ])('%s -> %s', (v, want) => expect(npmSpecFor(v)).toBe(want));
  it('refuses Node older than 10', () => expect(() => npmSpecFor('8.17.0')).toThrow(/too old/));
});

describe('runtimeSatisfies', () => {
  it('says when the image does not have what engines.node asks for', () => {
    expect(runtimeSatisfies('node', '20.19.5', '16.x')).toBe(false);
    expect(runtimeSatisfies('node', '16.20.2', '16.x')).toBe(true);
    expect(runtimeSatisfies('node', '16.20.2', undefined)).toBe(true);
  });
});

describe('debianMirror', () => {
  it('reads one-line and deb822 sources, skipping security and comments', () => {
    expect(
      debianMirror(['# deb http://old.example/debian bookworm main\ndeb http://m.example/debian bookworm main\n']),
    ).toBe('http://m.example/debian');
    expect(
      debianMirror([
        'Types: deb\nURIs: http://deb.debian.org/debian-security\n',
        'URIs: https://mirror.example/debian/\n',
      ]),
    ).toBe('https://mirror.example/debian');
    expect(debianMirror([''])).toBe('http://deb.debian.org/debian');
  });
});

describe('pythonImageDockerfile', () => {
  it('bookworm starts from paas/debian; trixie is bootstrapped from the mirror in a first stage', () => {
    const b = pythonImageDockerfile('3.11', 'bookworm', 'http://m/debian');
    expect(b.split('\n')[0]).toBe('FROM paas/debian:bookworm');
    expect(b).toContain('sys.version_info[:2] == (3, 11)');
    const t = pythonImageDockerfile('3.13', 'trixie', 'http://m/debian');
    expect(t).toContain('debootstrap --variant=minbase trixie /rootfs http://m/debian');
    expect(t).toContain('FROM scratch\nCOPY --from=bootstrap /rootfs/ /');
    expect(t).toContain('sys.version_info[:2] == (3, 13)');
  });
});
