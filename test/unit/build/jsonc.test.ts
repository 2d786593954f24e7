import { describe, expect, it } from 'vitest';
import { standardizeJsonc } from '../../../lib/build/jsonc.js';
import { parseAppJson } from '../../../lib/build/app-files.js';

describe('app.json with comments (as Dokku accepts it)', () => {
  it('drops line and block comments and trailing commas outside strings', () => {
    const text = `{
  // the web process
  "scripts": { "dokku": { "predeploy": "echo // not a comment /* nor this */" } }, /* block
  comment */
  "formation": { "web": { "quantity": 1, }, },
  "url": "http://x.test/a,}"
}`;
    expect(parseAppJson(text)).toEqual({
      scripts: { dokku: { predeploy: 'echo // not a comment /* nor this */' } },
      formation: { web: { quantity: 1 } },
      url: 'http://x.test/a,}',
    });
  });
  it('keeps escaped quotes inside strings', () => {
    expect(JSON.parse(standardizeJsonc('{"a": "say \\"hi\\" // ok", // c\n "b": [1,2,],}'))).toEqual({
      a: 'say "hi" // ok',
      b: [1, 2],
    });
  });
  it('still refuses what is not JSON after that', () => {
    expect(() => parseAppJson('{"a": 1 "b": 2}')).toThrow(/app.json is not valid JSON/);
    expect(() => parseAppJson('[1]')).toThrow(/must hold a JSON object/);
  });
});
