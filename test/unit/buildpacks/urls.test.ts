import { describe, expect, it } from 'vitest';
import {
  buildpackKey,
  expandBuildpackUrl,
  parseBuildpacksFile,
  stepFor,
  validBuildpack,
} from '../../../lib/buildpacks/urls.js';
import { listAdd, listSet } from '../../../lib/buildpacks/store.js';

describe('expandBuildpackUrl', () => {
  it("expands Dokku's short names and keeps URLs as given", () => {
    expect(expandBuildpackUrl('heroku/python')).toBe('https://github.com/heroku/heroku-buildpack-python.git');
    expect(expandBuildpackUrl('heroku-community/apt')).toBe('https://github.com/heroku/heroku-buildpack-apt.git');
    expect(expandBuildpackUrl(' https://github.com/heroku/heroku-buildpack-nodejs#v87 ')).toBe(
      'https://github.com/heroku/heroku-buildpack-nodejs#v87',
    );
    expect(expandBuildpackUrl('git@github.com:heroku/heroku-buildpack-php.git')).toBe(
      'git@github.com:heroku/heroku-buildpack-php.git',
    );
  });
  it('refuses what Dokku refuses', () => {
    for (const bad of ['', 'nodejs', '/nodejs', 'http://nodejs', 'ftp://x/y/z', 'https://github.com/a/b c'])
      expect(() => expandBuildpackUrl(bad), bad).toThrow(/buildpack/);
  });
});

describe('buildpack table', () => {
  it('maps a URL with or without .git, a #ref, a trailing slash, ssh form and case to the same step', () => {
    for (const u of [
      'https://github.com/heroku/heroku-buildpack-python',
      'https://github.com/heroku/heroku-buildpack-python.git',
      'https://github.com/heroku/heroku-buildpack-python.git#v250',
      'https://github.com/Heroku/heroku-buildpack-python/',
      'git@github.com:heroku/heroku-buildpack-python.git',
      'git://github.com/heroku/heroku-buildpack-python.git',
    ]) {
      expect(buildpackKey(u), u).toBe('heroku/heroku-buildpack-python');
      expect(stepFor(u), u).toBe('python');
    }
    expect(stepFor(validBuildpack('heroku/nodejs'))).toBe('nodejs');
    expect(stepFor(validBuildpack('heroku/php'))).toBe('php');
    expect(stepFor('https://github.com/heroku/heroku-buildpack-google-chrome')).toBe('google-chrome');
    expect(stepFor('https://github.com/heroku/heroku-buildpack-apt')).toBe('apt');
    expect(stepFor('https://github.com/jonathanong/heroku-buildpack-ffmpeg-latest.git')).toBe('ffmpeg');
    expect(stepFor('https://github.com/inket/dokku-buildpack-jekyll3-nginx')).toBe('jekyll');
    expect(stepFor('https://github.com/heroku/heroku-buildpack-nginx')).toBe('static');
  });
  it('refuses an unknown buildpack with the supported list and the Dockerfile way', () => {
    expect(() => validBuildpack('https://github.com/heroku/heroku-buildpack-ruby')).toThrow(
      /Unsupported buildpack .*heroku-buildpack-ruby.*heroku-buildpack-python.*Dockerfile/,
    );
    expect(() => validBuildpack('heroku/golang')).toThrow(/Unsupported buildpack/);
  });
});

describe('parseBuildpacksFile', () => {
  it('reads one URL a line, skipping blanks and comments', () => {
    expect(
      parseBuildpacksFile(
        '# chrome first\nhttps://github.com/heroku/heroku-buildpack-google-chrome\n\n  heroku/python  \r\n',
      ),
    ).toEqual([
      'https://github.com/heroku/heroku-buildpack-google-chrome',
      'https://github.com/heroku/heroku-buildpack-python.git',
    ]);
  });
  it('names the line that is wrong', () => {
    expect(() => parseBuildpacksFile('heroku/python\nhttps://example.com/me/mine\n')).toThrow(
      /\.buildpacks file, line 2: Unsupported buildpack/,
    );
  });
});

describe('list operations (Dokku property lists)', () => {
  it('add inserts before a 1-based index and appends past the end or without one', () => {
    expect(listAdd(['a', 'b'], 'c', 0)).toEqual(['a', 'b', 'c']);
    expect(listAdd(['a', 'b'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(listAdd(['a', 'b'], 'c', 2)).toEqual(['a', 'c', 'b']);
    expect(listAdd(['a', 'b'], 'c', 100)).toEqual(['a', 'b', 'c']);
  });
  it('set replaces a 1-based position and appends past the end', () => {
    expect(listSet(['a', 'b'], 'c', 1)).toEqual(['c', 'b']);
    expect(listSet(['a', 'b'], 'c', 2)).toEqual(['a', 'c']);
    expect(listSet(['a', 'b'], 'c', 99)).toEqual(['a', 'b', 'c']);
    expect(listSet([], 'c', 1)).toEqual(['c']);
  });
});
