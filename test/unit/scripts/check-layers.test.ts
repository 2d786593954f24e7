import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, '../../../scripts/check-layers.mjs');

/** A fixture lib/ with these files; returns the check's exit code and what it printed. */
function check(files: Record<string, string>): { status: number | null; output: string } {
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'paas-layers-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(lib, rel)), { recursive: true });
    fs.writeFileSync(path.join(lib, rel), text);
  }
  const r = spawnSync(process.execPath, [script, lib], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

const props = { 'state/props.ts': 'export function readProp() {}\n' };

describe('check-layers: properties are read only by the folder that owns the namespace', () => {
  it('passes a folder reading its own namespace, by string or by constant', () => {
    const r = check({
      ...props,
      'git/settings.ts': "import { readProp } from '../state/props.js';\nreadProp('git', app, 'x');\n",
      'release/store.ts': "const NS = 'releases';\nreadProp(NS, app, 'keep');\n",
      'build/settings.ts': "export const BUILDER_NS = 'builder';\n",
      'build/commands.ts': "import { BUILDER_NS } from './settings.js';\nreadProp(BUILDER_NS, app, 'k');\n",
    });
    expect(r.output).toContain('layers: ok');
    expect(r.status).toBe(0);
  });

  it("fails a folder that reads or writes another namespace's properties", () => {
    const r = check({
      ...props,
      'git/settings.ts': '',
      'release/store.ts': '',
      'build/settings.ts': "export const BUILDER_NS = 'builder';\n",
      'apps/move.ts': [
        "removeProp('releases', to, 'last-number');",
        'readProp(',
        "  'git', app, 'source-image');",
        "import { BUILDER_NS as B } from '../build/settings.js';",
        "writeListProp(B, app, 'k', []);",
        "hasProp('nobody', app, 'k');",
        "setOrClearProp(ns, app, 'k', v);",
      ].join('\n'),
    });
    expect(r.status).toBe(1);
    expect(r.output).toContain("lib/apps/move.ts:1: reads or writes 'releases' properties, owned by lib/release");
    expect(r.output).toContain("lib/apps/move.ts:2: reads or writes 'git' properties, owned by lib/git");
    expect(r.output).toContain("lib/apps/move.ts:5: reads or writes 'builder' properties, owned by lib/build");
    expect(r.output).toContain("property namespace 'nobody' has no owning folder");
    expect(r.output).toContain('4 layer rule violation(s)');
  });
});
