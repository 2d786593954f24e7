import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerHelp } from '../../../lib/cli/main.js';

const binDir = path.resolve(__dirname, '../../../bin');

describe('bin --help', () => {
  it('is the header comment of the bin, without the shebang and comment marks', () => {
    expect(headerHelp('#!/usr/bin/env node\n// a-bin APP: does it.\n// More.\nimport x from "y";\n// not this\n')).toBe(
      'a-bin APP: does it.\nMore.',
    );
  });
  it('every bin has a header that starts with its own name and usage, and goes through runMain', () => {
    for (const f of fs.readdirSync(binDir).filter((f) => f.endsWith('.ts') && f !== 'paas.ts')) {
      const src = fs.readFileSync(path.join(binDir, f), 'utf8');
      expect(headerHelp(src), f).toMatch(new RegExp(`^${f.replace(/\.ts$/, '')} `));
      expect(src, f).toMatch(/runMain\(/);
    }
  });
});
