import { describe, expect, it } from 'vitest';
import { buildUrls, firstUrl } from '../../../lib/urls/urls.js';
import { parsePortMapping } from '../../../lib/ports/store.js';

const m = (...s: string[]) => s.map(parsePortMapping);

describe('buildUrls (Dokku domains-urls)', () => {
  it('lists http URLs per domain and port, without the default port', () => {
    expect(buildUrls(['b.test', 'a.test'], m('http:80:5000', 'http:8080:5000'), false)).toEqual([
      'http://a.test',
      'http://a.test:8080',
      'http://b.test',
      'http://b.test:8080',
    ]);
  });
  // dokku tests/unit/core_2.bats "(core) urls (app ssl)": http and https of every domain
  it('lists the https URLs beside the http ones once the app has a certificate', () => {
    expect(buildUrls(['a.test', 'test.a'], m('http:80:5000', 'https:443:5000'), true)).toEqual([
      'http://a.test',
      'http://test.a',
      'https://a.test',
      'https://test.a',
    ]);
    expect(buildUrls(['a.test'], m('http:80:5000', 'https:8443:5000'), true)).toEqual([
      'http://a.test',
      'https://a.test:8443',
    ]);
  });
  it('keeps http only when an https mapping has no certificate to serve it', () => {
    expect(buildUrls(['a.test'], m('http:80:5000', 'https:443:5000'), false)).toEqual(['http://a.test']);
  });
  it('gives nothing without domains', () => {
    expect(buildUrls([], m('http:80:5000'), false)).toEqual([]);
  });
});

describe('firstUrl (Dokku url)', () => {
  // dokku tests/unit/core_2.bats "(core) url (app ssl)"
  it('is the first https URL in domain order with a certificate, else the first http one', () => {
    const maps = m('http:80:5000', 'https:443:5000');
    expect(firstUrl(['z.test', 'a.test'], maps, true)).toBe('https://z.test');
    expect(firstUrl(['z.test', 'a.test'], maps, false)).toBe('http://z.test');
    expect(firstUrl(['a.test'], m('http:80:5000'), true)).toBe('http://a.test');
    expect(firstUrl([], maps, true)).toBeUndefined();
  });
});
