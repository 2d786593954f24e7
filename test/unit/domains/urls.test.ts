import { describe, expect, it } from 'vitest';
import { buildUrls } from '../../../lib/urls/urls.js';
import { parsePortMapping } from '../../../lib/ports/store.js';

const m = (...s: string[]) => s.map(parsePortMapping);

describe('buildUrls', () => {
  it('lists http URLs per domain and port, without the default port', () => {
    expect(buildUrls(['a.test', 'b.test'], m('http:80:5000', 'http:8080:5000'), false)).toEqual([
      'http://a.test',
      'http://a.test:8080',
      'http://b.test',
      'http://b.test:8080',
    ]);
  });
  it('lists https URLs once the app has a certificate', () => {
    expect(buildUrls(['a.test'], m('http:80:5000', 'https:443:5000'), true)).toEqual(['https://a.test']);
    expect(buildUrls(['a.test'], m('http:80:5000', 'https:8443:5000'), true)).toEqual(['https://a.test:8443']);
  });
  it('keeps http when an https mapping has no certificate to serve it', () => {
    expect(buildUrls(['a.test'], m('http:80:5000', 'https:443:5000'), false)).toEqual(['http://a.test']);
  });
  it('gives nothing without domains', () => {
    expect(buildUrls([], m('http:80:5000'), false)).toEqual([]);
  });
});
