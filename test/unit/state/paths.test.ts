import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDir } from '../../../lib/state/paths.js';

describe('codeDir', () => {
  it('finds the template directories at the top of the tree, by a file they must hold', () => {
    const top = path.resolve(__dirname, '../../..');
    expect(codeDir('nginx-templates', 'app-vhost.conf.njk')).toBe(path.join(top, 'nginx-templates'));
    expect(codeDir('build-templates', 'node.njk')).toBe(path.join(top, 'build-templates'));
    expect(fs.existsSync(path.join(codeDir('build-templates', 'node.njk'), 'python.njk'))).toBe(true);
  });

  it('refuses a directory without the marker, with a one-line error', () => {
    expect(() => codeDir('nginx-templates', 'no-such.njk')).toThrow(
      'cannot find the nginx-templates directory next to the paas code',
    );
    expect(() => codeDir('no-such-templates', 'x.njk')).toThrow(/no-such-templates/);
  });
});
