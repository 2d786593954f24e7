import { describe, expect, it } from 'vitest';
import { keptBuildTags, needsLegacyBuilder } from '../../../lib/build/build.js';

describe('keptBuildTags', () => {
  it('keeps this build and the two before it, in build order, whatever their timestamps', () => {
    expect(keptBuildTags(['build-3', 'build-2', 'build-1'], 'build-4')).toEqual(['build-4', 'build-3', 'build-2']);
  });
  it('a rebuild of a kept revision moves it to the front instead of keeping it twice', () => {
    expect(keptBuildTags(['build-3', 'build-2', 'build-1'], 'build-2')).toEqual(['build-2', 'build-3', 'build-1']);
  });
  it('the first build keeps only itself', () => {
    expect(keptBuildTags([], 'build-1')).toEqual(['build-1']);
  });
});

describe('needsLegacyBuilder', () => {
  it('Dockerfiles build on BuildKit unless the build runs on a user-defined network', () => {
    expect(needsLegacyBuilder({})).toBe(false);
    expect(needsLegacyBuilder({ networkmode: 'host' })).toBe(false);
    expect(needsLegacyBuilder({ networkmode: 'none' })).toBe(false);
    expect(needsLegacyBuilder({ networkmode: 'my-services' })).toBe(true);
  });
});
